//! The company's legal details on the wire.

use super::*;
use crm_core::domain::{LegalDetails, LegalDetailsInput};

/// The company's legal details: tax number, §19 mode, business-letter details (§37a HGB,
/// §35a GmbHG) and the contact printed on documents. Every field is optional; `PUT` replaces
/// them all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalDetailsDto {
    /// German Steuernummer (or another national tax number), as written.
    #[serde(default)]
    pub tax_number: Option<String>,
    /// The state of a German tax number (`BY`, `BE`, …) where states write numbers alike.
    #[serde(default)]
    pub tax_number_state: Option<String>,
    /// Small business under §19 UStG: invoices carry no VAT.
    #[serde(default)]
    pub small_business: bool,
    /// Legal form ("GmbH").
    #[serde(default)]
    pub legal_form: Option<String>,
    /// Registered seat.
    #[serde(default)]
    pub registered_seat: Option<String>,
    /// Register court ("Amtsgericht München").
    #[serde(default)]
    pub register_court: Option<String>,
    /// Register number ("HRB 123456").
    #[serde(default)]
    pub register_number: Option<String>,
    /// Managing directors, in print order.
    #[serde(default)]
    pub managing_directors: Vec<String>,
    /// Chair of the supervisory board.
    #[serde(default)]
    pub supervisory_chair: Option<String>,
    /// Contact on documents: name.
    #[serde(default)]
    pub contact_name: Option<String>,
    /// Contact on documents: phone.
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// Contact on documents: email.
    #[serde(default)]
    pub contact_email: Option<String>,
}

impl LegalDetailsDto {
    /// The wire form of `d`.
    pub fn of(d: &LegalDetails) -> Self {
        let i = LegalDetailsInput::of(d);
        Self {
            tax_number: i.tax_number,
            tax_number_state: i.tax_number_state,
            small_business: i.small_business,
            legal_form: i.legal_form,
            registered_seat: i.registered_seat,
            register_court: i.register_court,
            register_number: i.register_number,
            managing_directors: i.managing_directors,
            supervisory_chair: i.supervisory_chair,
            contact_name: i.contact_name,
            contact_phone: i.contact_phone,
            contact_email: i.contact_email,
        }
    }

    /// The core's input.
    pub fn to_core(&self) -> LegalDetailsInput {
        LegalDetailsInput {
            tax_number: self.tax_number.clone(),
            tax_number_state: self.tax_number_state.clone(),
            small_business: self.small_business,
            legal_form: self.legal_form.clone(),
            registered_seat: self.registered_seat.clone(),
            register_court: self.register_court.clone(),
            register_number: self.register_number.clone(),
            managing_directors: self.managing_directors.clone(),
            supervisory_chair: self.supervisory_chair.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            contact_email: self.contact_email.clone(),
        }
    }
}
