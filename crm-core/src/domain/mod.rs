//! The domain model: validated values, entities and their rules. Pure: no I/O.

pub mod access;
pub mod activity;
pub mod address;
pub mod aging;
pub mod archive;
pub mod buyer_reference;
pub mod client;
pub mod company;
pub mod correction;
pub mod currency;
pub mod dunning;
pub mod einvoice_format;
pub mod email;
pub mod exchange_rate;
pub mod history;
pub mod iban;
pub mod ids;
pub mod invoice;
pub mod issue_rules;
pub mod legal;
pub mod locale;
pub mod logo;
pub mod metrics;
pub mod money;
pub mod numbering;
pub mod outbox;
pub mod payment;
pub mod payment_terms;
pub mod phone;
pub mod quote;
pub mod service_period;
pub mod staff;
pub mod standing;
pub mod tax_id;
pub mod tax_treatment;
pub mod template;
pub mod ticket;
pub mod unit;
pub mod validation;

pub use access::{LinkPurpose, MagicLink, PortalSession, SecretToken, TokenHash};
pub use activity::{Activity, ActivityKind, Actor};
pub use address::{Country, PostalAddress};
pub use aging::{Aging, AgingBucket, aging};
pub use archive::{DocumentHash, IssuedDocument, IssuedKind, PDF_MEDIA_TYPE, XML_MEDIA_TYPE};
pub use buyer_reference::{BuyerReference, MAX_BUYER_REFERENCE};
pub use client::{
    AddressInput, Client, ClientInput, ClientKind, Contact, ContactInput, MailRole, ValidClient,
};
pub use company::{Company, CompanySettings, PaperSize};
pub use correction::{CorrectedInvoice, Correction, CorrectionKind, CorrectionRef};
pub use currency::Currency;
pub use dunning::{
    Allocation, BaseRateEntry, BaseRateTable, Claims, DunningBlock, DunningCosts, DunningLevel,
    DunningMark, DunningSchedule, DunningSettings, InterestBreakdown, InterestError,
    InterestSegment, LevelRule, PrincipalStep, Reminder, ReminderItem, allocate, default_interest,
    level_due, refund_split,
};
pub use einvoice_format::EInvoiceFormat;
pub use email::EmailAddress;
pub use exchange_rate::{EurRate, needs_eur_rate, validate_eur_rate};
pub use history::{DocumentKind, DocumentSummary, HistoryCursor, HistoryFilter, Page};
pub use iban::{BankAccount, BankAccountInput, Bic, Iban};
pub use ids::*;
pub use invoice::{BillTo, DisplayStatus, Invoice, InvoiceError, InvoiceStatus};
pub use issue_rules::{IssueDates, check_issue};
pub use legal::{DocumentContact, LegalDetails, LegalDetailsInput, Seller};
pub use locale::Locale;
pub use logo::{Logo, LogoError, LogoFormat, LogoRef, MAX_LOGO_BYTES, MAX_LOGO_SIDE};
pub use metrics::{ClientMetrics, MetricsDelta};
pub use money::{LineItem, LineItemInput, TaxLine, TaxRate, Totals};
pub use numbering::NumberFormat;
pub use outbox::{
    Attachment, LINK_TOKEN_PLACEHOLDER, LeaseToken, OutboxEmail, OutboxLink, OutboxStatus,
    Recipient,
};
pub use payment::{CheckoutAttempt, CheckoutState, Payment, PaymentMethod, PaymentReview, Refund};
pub use payment_terms::{PaymentTerms, PaymentTermsInput, Skonto, SkontoOffer};
pub use phone::PhoneNumber;
pub use quote::{Quote, QuoteDisplayStatus, QuoteError, QuoteStatus};
pub use service_period::ServicePeriod;
pub use staff::{ApiToken, StaffSession, StaffUser};
pub use standing::{MonthFigures, Standing, StandingLevel, monthly_figures, standing};
pub use tax_id::{Bundesland, Steuernummer, TaxId, TaxIdKind};
pub use tax_treatment::{Buyer, SupplyKind, TaxTreatment, VatCategory, propose};
pub use template::{EmailTemplate, TemplateKind};
pub use ticket::{Author, Ticket, TicketMessage, TicketStatus};
pub use unit::Unit;
pub use validation::{FieldError, ValidationErrors, ValueError};
