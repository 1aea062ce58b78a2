//! The company's bank account on the settings page: its own form, `POST settings/bank`.
//!
//! The account (IBAN with its check digits, BIC, holder, bank) is printed on invoices, and
//! open euro invoices carry a GiroCode for it. An IBAN with a wrong check digit, or any other
//! invalid field, shows the settings page again with the error at its field and writes
//! nothing. Submitting the form with every field empty removes the account.

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use crm_core::domain::{BankAccountInput, CompanySettings};
use crm_core::service::Error as CoreError;

use super::auth::Staff;
use super::form::{Errors, Field, FieldError, FormData};
use super::{AResult, AdminApp, see_other};

pub(super) fn routes() -> Router<AdminApp> {
    Router::new().route("/settings/bank", post(save))
}

/// The bank form as typed, with its errors.
#[derive(Debug, Clone, Default)]
pub(super) struct BankForm {
    input: BankAccountInput,
    pub(super) errors: Errors,
}

/// The bank form's inputs for the template.
pub(super) struct BankFields {
    pub(super) action: String,
    pub(super) errors: Vec<FieldError>,
    pub(super) iban: Field,
    pub(super) bic: Field,
    pub(super) holder: Field,
    pub(super) bank_name: Field,
}

impl BankForm {
    /// The stored account (IBAN in groups of four, as it is read), or an empty form.
    pub(super) fn of(settings: &CompanySettings) -> Self {
        Self {
            input: settings
                .bank_account
                .as_ref()
                .map(BankAccountInput::of)
                .unwrap_or_default(),
            errors: Errors::default(),
        }
    }

    /// The fields, posting to `action`.
    pub(super) fn fields(&self, action: String) -> BankFields {
        let e = &self.errors;
        let i = &self.input;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        BankFields {
            action,
            errors: e.summary(),
            iban: e.field("iban", &i.iban),
            bic: e.field("bic", &opt(&i.bic)),
            holder: e.field("holder", &opt(&i.holder)),
            bank_name: e.field("bank_name", &opt(&i.bank_name)),
        }
    }
}

/// `POST settings/bank`: sets the account, or removes it when every field is empty.
async fn save(State(app): State<AdminApp>, staff: Staff, form: FormData) -> AResult {
    let input = BankAccountInput {
        holder: form.opt("holder"),
        iban: form.get("iban").trim().to_owned(),
        bic: form.opt("bic"),
        bank_name: form.opt("bank_name"),
    };
    let empty = input.iban.is_empty()
        && input.holder.is_none()
        && input.bic.is_none()
        && input.bank_name.is_none();
    let account = (!empty).then_some(&input);
    match app.web.crm.set_bank_account(&staff.ctx, account).await {
        Ok(_) => Ok(see_other(&format!(
            "{}/settings?done=saved#bank",
            app.prefix()
        ))),
        Err(CoreError::Invalid(v)) => {
            let typed = BankForm {
                errors: Errors::from_core(&v, staff.locale()),
                input,
            };
            super::settings::render_bank(&app, &staff, &typed).await
        }
        Err(e) => Err(e.into()),
    }
}
