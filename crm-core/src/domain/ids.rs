//! Typed identifiers. Every entity has its own id type so a client id can never be passed where an
//! invoice id is expected. Ids are UUIDv7: time-ordered, so they make good keyset cursors and
//! index well.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps a stored UUID.
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A company (tenant).
    CompanyId
);
id_type!(
    /// A client of a company.
    ClientId
);
id_type!(
    /// A contact person of a client.
    ContactId
);
id_type!(
    /// An invoice.
    InvoiceId
);
id_type!(
    /// A quote.
    QuoteId
);
id_type!(
    /// A payment applied to an invoice.
    PaymentId
);
id_type!(
    /// A refund of (part of) a payment.
    RefundId
);
id_type!(
    /// A support ticket.
    TicketId
);
id_type!(
    /// A message in a ticket thread.
    TicketMessageId
);
id_type!(
    /// A queued outbound email.
    OutboxId
);
id_type!(
    /// A magic-link token record.
    MagicLinkId
);
id_type!(
    /// A portal session record.
    SessionId
);
id_type!(
    /// An activity-log entry.
    ActivityId
);
id_type!(
    /// A staff user of a company.
    UserId
);
id_type!(
    /// A payment event held for review.
    ReviewId
);
id_type!(
    /// A signed-in staff session record.
    StaffSessionId
);
id_type!(
    /// An API token record (the token itself is never stored).
    ApiTokenId
);
id_type!(
    /// A cancellation invoice or a corrective credit.
    CorrectionId
);
id_type!(
    /// A payment reminder or Mahnung.
    ReminderId
);
