//! The company's legal details on the settings page: tax number, §19 mode, the
//! business-letter details (legal form, seat, register, managing directors) and the contact
//! printed on documents. `POST settings/legal`.

use axum::extract::State;
use crm_core::domain::{LegalDetails, LegalDetailsInput, TemplateKind};
use crm_core::service::Error as CoreError;

use super::auth::Staff;
use super::form::{Errors, Field, FieldError, FormData};
use super::settings::{company_input, render_with};
use super::{AResult, AdminApp, see_other};

/// The legal details form as typed (directors one per line).
#[derive(Debug, Clone, Default)]
pub(super) struct LegalForm {
    input: LegalDetailsInput,
    directors: String,
    pub(super) errors: Errors,
}

/// The form's inputs, for the template.
pub(super) struct LegalFields {
    pub errors: Vec<FieldError>,
    pub tax_number: Field,
    pub tax_number_state: Field,
    pub small_business: bool,
    pub legal_form: Field,
    pub registered_seat: Field,
    pub register_court: Field,
    pub register_number: Field,
    pub managing_directors: Field,
    pub supervisory_chair: Field,
    pub contact_name: Field,
    pub contact_phone: Field,
    pub contact_email: Field,
}

impl LegalForm {
    /// The form showing `d`.
    pub(super) fn of(d: &LegalDetails) -> Self {
        let input = LegalDetailsInput::of(d);
        Self {
            directors: input.managing_directors.join("\n"),
            input,
            errors: Errors::default(),
        }
    }

    fn read(form: &FormData) -> Self {
        let directors = form.get("managing_directors").replace("\r\n", "\n");
        Self {
            input: LegalDetailsInput {
                tax_number: form.opt("tax_number"),
                tax_number_state: form.opt("tax_number_state"),
                small_business: form.has("small_business"),
                legal_form: form.opt("legal_form"),
                registered_seat: form.opt("registered_seat"),
                register_court: form.opt("register_court"),
                register_number: form.opt("register_number"),
                managing_directors: directors.lines().map(|l| l.trim().to_owned()).collect(),
                supervisory_chair: form.opt("supervisory_chair"),
                contact_name: form.opt("contact_name"),
                contact_phone: form.opt("contact_phone"),
                contact_email: form.opt("contact_email"),
            },
            directors,
            errors: Errors::default(),
        }
    }

    pub(super) fn fields(&self) -> LegalFields {
        let e = &self.errors;
        let i = &self.input;
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        // An error on one director (`managing_directors[1]`) shows on the one text area.
        let mut directors = e.field("managing_directors", &self.directors);
        if directors.error.is_none() {
            directors.error =
                e.0.iter()
                    .find(|(k, _)| k.starts_with("managing_directors["))
                    .map(|(_, v)| v.clone());
        }
        LegalFields {
            errors: e.summary(),
            tax_number: e.field("tax_number", &o(&i.tax_number)),
            tax_number_state: e.field("tax_number_state", &o(&i.tax_number_state)),
            small_business: i.small_business,
            legal_form: e.field("legal_form", &o(&i.legal_form)),
            registered_seat: e.field("registered_seat", &o(&i.registered_seat)),
            register_court: e.field("register_court", &o(&i.register_court)),
            register_number: e.field("register_number", &o(&i.register_number)),
            managing_directors: directors,
            supervisory_chair: e.field("supervisory_chair", &o(&i.supervisory_chair)),
            contact_name: e.field("contact_name", &o(&i.contact_name)),
            contact_phone: e.field("contact_phone", &o(&i.contact_phone)),
            contact_email: e.field("contact_email", &o(&i.contact_email)),
        }
    }
}

/// `POST settings/legal`.
pub(super) async fn save_legal(
    State(app): State<AdminApp>,
    staff: Staff,
    form: FormData,
) -> AResult {
    let mut typed = LegalForm::read(&form);
    match app
        .web
        .crm
        .update_company_legal(&staff.ctx, &typed.input)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}/settings?done=saved#legal",
            app.prefix()
        ))),
        Err(CoreError::Invalid(v)) => {
            typed.errors = Errors::from_core(&v, staff.locale());
            let input = company_input(&staff.company);
            render_with(
                &app,
                &staff,
                &input,
                &Errors::default(),
                None,
                Some(&typed),
                TemplateKind::Invoice,
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
