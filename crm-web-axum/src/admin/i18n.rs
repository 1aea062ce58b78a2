//! The admin UI's texts: the `admin.*` keys of the core's message catalogue
//! ([`crm_core::i18n`]), looked up like every other page text.

use crm_core::domain::Locale;

/// The text `key` in `locale` (admin and shared keys alike).
pub(crate) fn text(key: &str, locale: Locale) -> Option<&'static str> {
    crate::html::i18n::text(key, locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dynamic_key_exists() {
        let kinds = [
            "invoice",
            "quote",
            "payment_receipt",
            "ticket_reply",
            "portal_login",
        ];
        for l in [Locale::De, Locale::En] {
            for k in kinds {
                assert!(text(&format!("admin.template.{k}"), l).is_some(), "{k}");
            }
            for s in ["good", "watch", "poor"] {
                assert!(text(&format!("admin.standing.{s}"), l).is_some());
            }
            for k in crm_core::domain::TemplateKind::ALL {
                assert!(text(&format!("admin.template.{}", k.as_str()), l).is_some());
            }
        }
    }
}
