//! The company's mail settings on the wire.

use super::*;

/// The company's settings for document emails. `PUT` replaces them all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailSettingsDto {
    /// The accounting copy: every invoice and quote email also goes to this address as a
    /// blind copy (`Bcc`, never a header), e.g. the bookkeeper's or a DATEV inbox; sign-in
    /// links and ticket replies never do. `null` or empty: none. An invalid address is a 422
    /// with the field error `accounting_bcc`.
    #[serde(default)]
    #[schema(example = "belege@steuerbuero.example")]
    pub accounting_bcc: Option<String>,
}
