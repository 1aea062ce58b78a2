//! Unit tests of the parent module.

use super::*;

fn t(subject: &str, body: &str) -> EmailTemplate {
    EmailTemplate {
        subject: subject.into(),
        body: body.into(),
    }
}

#[test]
fn all_defaults_validate() {
    let e = HandlebarsEngine::new();
    for kind in TemplateKind::ALL {
        for locale in [Locale::De, Locale::En] {
            e.validate(kind, &default_template(kind, locale))
                .unwrap_or_else(|err| panic!("{kind:?} {locale:?}: {err}"));
        }
    }
}

#[test]
fn rejects_unknown_variables_per_kind() {
    let e = HandlebarsEngine::new();
    let err = e
        .validate(TemplateKind::Quote, &t("{{invoice.number}}", "x"))
        .expect_err("quote has no invoice");
    assert!(
        matches!(
            err,
            TemplateError::UnknownVariable {
                part: "subject",
                ..
            }
        ),
        "{err}"
    );
    let err = e
        .validate(
            TemplateKind::Invoice,
            &t("Hi", "{{#if secret}}x{{/if}} {{env.HOME}}"),
        )
        .expect_err("unknown");
    assert!(
        matches!(err, TemplateError::UnknownVariable { .. }),
        "{err}"
    );
}

#[test]
fn rejects_syntax_raw_partials_and_limits() {
    let e = HandlebarsEngine::new();
    let k = TemplateKind::Invoice;
    assert!(matches!(
        e.validate(k, &t("Hi", "{{#if x}")),
        Err(TemplateError::Syntax { .. })
    ));
    assert!(matches!(
        e.validate(k, &t("Hi", "{{{contact.name}}}")),
        Err(TemplateError::Forbidden { .. })
    ));
    assert!(matches!(
        e.validate(k, &t("Hi", "{{& contact.name}}")),
        Err(TemplateError::Forbidden { .. })
    ));
    assert!(matches!(
        e.validate(k, &t("Hi", "{{> other}}")),
        Err(TemplateError::Forbidden { .. })
    ));
    assert!(matches!(
        e.validate(k, &t("Hi", "{{#*inline \"x\"}}y{{/inline}}")),
        Err(TemplateError::Forbidden { .. })
    ));
    assert!(matches!(
        e.validate(k, &t("a\nb", "x")),
        Err(TemplateError::Invalid {
            part: "subject",
            ..
        })
    ));
    assert!(matches!(
        e.validate(k, &t(&"x".repeat(256), "x")),
        Err(TemplateError::Invalid { .. })
    ));
    assert!(matches!(
        e.validate(k, &t("x", &"x".repeat(65 * 1024))),
        Err(TemplateError::Invalid { part: "body", .. })
    ));
    let deep = format!("{}x{}", "{{#if portal_url}}".repeat(9), "{{/if}}".repeat(9));
    assert!(matches!(
        e.validate(k, &t("x", &deep)),
        Err(TemplateError::Forbidden { .. })
    ));
    let ok = format!(
        "{}x{} {{{{portal_url}}}}",
        "{{#if portal_url}}".repeat(8),
        "{{/if}}".repeat(8)
    );
    assert!(e.validate(k, &t("x", &ok)).is_ok());
}

#[test]
fn html_escapes_everything_and_text_keeps_it() {
    let e = HandlebarsEngine::new();
    let mut ctx = sample_context(TemplateKind::Invoice);
    ctx["contact"]["name"] = json!("<script>alert(1)</script> & Co");
    let out = e
        .render(
            TemplateKind::Invoice,
            &t(
                "Hi {{contact.name}}",
                "<b>Hallo</b> {{contact.name}}\n{{portal_url}}",
            ),
            &ctx,
        )
        .expect("renders");
    assert!(
        out.html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
    );
    assert!(out.html.contains("&lt;b&gt;Hallo&lt;/b&gt;"));
    assert!(!out.html.contains("<script>"));
    assert!(
        out.html
            .contains("<a href=\"https://crm.example/portal/login/TOKEN\">")
    );
    assert!(out.text.contains("<script>alert(1)</script> & Co"));
    assert_eq!(out.subject, "Hi <script>alert(1)</script> & Co");
}

#[test]
fn subject_variables_cannot_inject_headers() {
    let e = HandlebarsEngine::new();
    let mut ctx = sample_context(TemplateKind::TicketReply);
    ctx["ticket"]["subject"] = json!("Hi\r\nBcc: evil@example.com");
    let out = e
        .render(
            TemplateKind::TicketReply,
            &default_template(TemplateKind::TicketReply, Locale::En),
            &ctx,
        )
        .expect("renders");
    assert!(!out.subject.contains(['\r', '\n']));
}

/// `inner` plus a top-level `{{portal_url}}`, so only `inner` can be what fails.
fn body(inner: &str) -> EmailTemplate {
    t("Hi", &format!("{inner}\n{{{{portal_url}}}}"))
}

fn forbidden_on_save(kind: TemplateKind, inner: &str) {
    let err = HandlebarsEngine::new()
        .validate(kind, &body(inner))
        .expect_err(inner);
    assert!(
        matches!(err, TemplateError::Forbidden { part: "body", .. }),
        "{inner}: {err}"
    );
}

fn forbidden_in_body(kind: TemplateKind, inner: &str) {
    forbidden_on_save(kind, inner);
    let e = HandlebarsEngine::new();
    // Rendering checks the structure again, for templates stored before these rules.
    let err = e
        .render(kind, &body(inner), &sample_context(kind))
        .expect_err(inner);
    assert!(
        matches!(err, TemplateError::Forbidden { part: "body", .. }),
        "{inner}: {err}"
    );
}

fn unknown_in_body(kind: TemplateKind, inner: &str, name: &str) {
    let err = HandlebarsEngine::new()
        .validate(kind, &body(inner))
        .expect_err(inner);
    match err {
        TemplateError::UnknownVariable {
            part: "body",
            name: n,
        } => {
            assert_eq!(n, name, "{inner}");
        }
        other => panic!("{inner}: {other}"),
    }
}

/// The syntax tree check alone, without the pre-scan.
fn tree(kind: TemplateKind, source: &str) -> Result<Usage, TemplateError> {
    let template = Template::compile(source).expect("compiles");
    check_tree("body", &template, Some(&Variables::of(kind)))
}

#[test]
fn whitespace_before_tilde_does_not_bypass_the_check() {
    let k = TemplateKind::Invoice;
    forbidden_in_body(k, "{{ ~> p}}");
    forbidden_in_body(k, "{{ ~#> p}}x{{/p}}");
    forbidden_in_body(k, "{{ ~*inline}}");
    forbidden_in_body(k, "{{ ~& portal_url}}");
    // The self-including inline partial: rejected before anything renders (rendering it
    // would overflow the stack and abort the test binary).
    let bomb = r#"{{ ~#*inline "p"}}{{ ~> p}}{{/inline}}{{ ~> p}}"#;
    forbidden_in_body(k, bomb);
    assert!(matches!(
        tree(k, bomb),
        Err(TemplateError::Forbidden { .. })
    ));
    // Without quotes the pre-scan lets it through to the tree check.
    forbidden_in_body(k, "{{ ~#*inline p}}{{ ~> p}}{{/inline}}{{ ~> p}}");
}

#[test]
fn closers_in_comments_do_not_reduce_the_depth() {
    let k = TemplateKind::Invoice;
    for comment in ["{{!-- {{/if}} --}}", "{{! {{/if}}", "{{!--{{/if}}--}}"] {
        let hidden = format!(
            "{}x{}",
            format!("{{{{#if portal_url}}}}{comment}").repeat(9),
            "{{/if}}".repeat(9)
        );
        forbidden_in_body(k, &hidden);
        assert!(matches!(
            tree(k, &hidden),
            Err(TemplateError::Forbidden { .. })
        ));
        assert!(matches!(
            prescan("body", &hidden),
            Err(TemplateError::Forbidden { .. })
        ));
    }
}

#[test]
fn nesting_is_limited_and_else_if_counts() {
    let e = HandlebarsEngine::new();
    let k = TemplateKind::Invoice;
    let nested = |n: usize| format!("{}x{}", "{{#if portal_url}}".repeat(n), "{{/if}}".repeat(n));
    assert!(e.validate(k, &body(&nested(8))).is_ok());
    forbidden_in_body(k, &nested(9));
    assert!(matches!(
        tree(k, &nested(9)),
        Err(TemplateError::Forbidden { .. })
    ));
    // Eight levels as one chain of `else if`s; a ninth is too deep.
    let chain = |n: usize| {
        format!(
            "{{{{#if invoice.number}}}}a{}b{{{{/if}}}}",
            "{{else if invoice.total}}x".repeat(n - 1)
        )
    };
    assert!(e.validate(k, &body(&chain(8))).is_ok());
    forbidden_in_body(k, &chain(9));
    assert!(matches!(
        tree(k, &chain(9)),
        Err(TemplateError::Forbidden { .. })
    ));
    // Siblings do not add up.
    let siblings = nested(8).repeat(3);
    assert!(e.validate(k, &body(&siblings)).is_ok());
}

#[test]
fn parser_recursion_bombs_are_rejected_before_parsing() {
    // handlebars parses these recursively; unguarded they overflow the test thread's stack.
    let k = TemplateKind::Invoice;
    let parens = |n: usize| format!("{{{{portal_url {}x{}}}}}", "(a ".repeat(n), ")".repeat(n));
    let chain = format!(
        "{{{{#if portal_url}}}}{}{{{{/if}}}}",
        "{{^x}}".repeat(10_900)
    );
    for bomb in [parens(400), chain, parens(8000)] {
        assert!(bomb.len() + 20 < MAX_BODY_BYTES);
        forbidden_in_body(k, &bomb);
    }
    // An escaped `\{{/if}}` is text; the pre-scan never lets it close a block.
    let escaped = format!(
        "{}x{}",
        "{{#if portal_url}}\\{{/if}}".repeat(9),
        "{{/if}}".repeat(9)
    );
    assert!(matches!(
        prescan("body", &escaped),
        Err(TemplateError::Forbidden { .. })
    ));
    Template::compile(&escaped).expect("valid syntax, nine deep");
    forbidden_in_body(k, &escaped);
}

#[test]
fn only_plain_variables_and_if_unless_with() {
    let k = TemplateKind::Invoice;
    for inner in [
        r#"{{lookup this "x"}}"#,
        "{{lookup this portal_url}}",
        r#"{{log "x"}}"#,
        "{{log portal_url}}",
        "{{eq portal_url portal_url}}",
        "{{len portal_url}}",
        "{{#each company}}x{{/each}}",
        "{{#lookup company}}x{{/lookup}}",
        "{{#portal_url}}x{{/portal_url}}",
        "{{#if portal_url includeZero=true}}x{{/if}}",
        "{{#with company as |c|}}x{{/with}}",
        r#"{{#if "x"}}x{{/if}}"#,
        "{{#if 1}}x{{/if}}",
        "{{#if true}}x{{/if}}",
        "{{#if}}x{{/if}}",
        "{{#if portal_url company}}x{{/if}}",
        "{{#if (eq portal_url portal_url)}}x{{/if}}",
        "{{{{raw}}}}{{portal_url}}{{{{/raw}}}}",
        "{{{portal_url}}}",
        "{{~{portal_url}~}}",
        "{{& portal_url}}",
        "{{> p}}",
        "{{#> p}}x{{/p}}",
        "{{*inline}}",
        "{{[portal_url]}}",
    ] {
        forbidden_in_body(k, inner);
    }
    // The tree check alone catches what the pre-scan lets through or also rejects.
    for inner in [
        r#"{{lookup this "x"}}"#,
        "{{{portal_url}}}",
        "{{& portal_url}}",
        "{{#*inline p}}x{{/inline}}",
        "{{#each company}}x{{/each}}",
        r#"{{#if "x"}}x{{/if}}"#,
    ] {
        assert!(
            matches!(tree(k, inner), Err(TemplateError::Forbidden { .. })),
            "{inner}"
        );
    }
}

#[test]
fn every_variable_is_checked_in_every_branch() {
    let e = HandlebarsEngine::new();
    let k = TemplateKind::Invoice;
    unknown_in_body(k, "{{#if invoice.paid_at}}x{{/if}}", "invoice.paid_at");
    unknown_in_body(
        k,
        "{{#if invoice.number}}x{{else}}{{invoice.paid_at}}{{/if}}",
        "invoice.paid_at",
    );
    unknown_in_body(k, "{{#unless x}}y{{/unless}}", "x");
    unknown_in_body(k, "{{#if x}}y{{/if}}", "x");
    unknown_in_body(k, "{{#if portal_url}}a{{else if nope}}b{{/if}}", "nope");
    unknown_in_body(k, "{{#with nope}}a{{/with}}", "nope");
    // Inside `#with` paths are relative to it.
    unknown_in_body(
        k,
        "{{#with invoice}}{{company.name}}{{/with}}",
        "company.name",
    );
    unknown_in_body(k, "{{#with invoice}}{{portal_url}}{{/with}}", "portal_url");
    unknown_in_body(k, "{{../portal_url}}", "../portal_url");
    unknown_in_body(k, "{{@index}}", "@index");
    unknown_in_body(k, "{{payment.amount}}", "payment.amount");
    unknown_in_body(TemplateKind::Quote, "{{#if invoice}}x{{/if}}", "invoice");
    forbidden_on_save(k, "{{invoice}}");
    forbidden_on_save(k, "{{this}}");
    forbidden_on_save(k, "{{#with invoice.number}}x{{/with}}");
    for ok in [
        "{{#with invoice}}{{number}} {{this.total}} {{./balance}} {{@root.company.name}} \
         {{../client.name}}{{#if due_date}}{{../contact.name}}{{/if}}{{else}}{{client.name}}\
         {{/with}}",
        "{{#if invoice}}{{invoice.number}}{{else if client.number}}{{client.number}}\
         {{else}}{{company.name}}{{/if}}",
        "{{#unless invoice.balance}}paid{{/unless}} {{~ invoice.total ~}}",
        "{{#with company}}{{#with @root.client}}{{name}} {{../name}}{{/with}}{{/with}}",
        "{{!-- {{anything}} goes {{{here}}} --}}{{! and here }}",
    ] {
        e.validate(k, &body(ok))
            .unwrap_or_else(|err| panic!("{ok}: {err}"));
    }
    e.validate(TemplateKind::PaymentReceipt, &body("{{payment.amount}}"))
        .expect("payment receipts have payments");
}

#[test]
fn body_must_print_portal_url_outside_blocks() {
    let e = HandlebarsEngine::new();
    let k = TemplateKind::Invoice;
    for b in ["Hallo {{contact.name}}", "https://crm.example/portal"] {
        match e.validate(k, &t("Hi {{portal_url}}", b)) {
            Err(TemplateError::Invalid {
                part: "body",
                message,
            }) => assert_eq!(message, "must contain {{portal_url}}"),
            other => panic!("{b}: {other:?}"),
        }
    }
    for b in [
        "{{#if portal_url}}{{portal_url}}{{/if}}",
        "{{#unless invoice.number}}x{{else}}{{portal_url}}{{/unless}}",
        "{{#with company}}{{@root.portal_url}}{{/with}}",
    ] {
        assert!(
            matches!(
                e.validate(k, &t("Hi", b)),
                Err(TemplateError::Invalid { part: "body", .. })
            ),
            "{b}"
        );
    }
    for b in [
        "{{portal_url}}",
        "x {{~@root.portal_url~}} y",
        "{{./portal_url}}",
    ] {
        e.validate(k, &t("Hi", b))
            .unwrap_or_else(|err| panic!("{b}: {err}"));
    }
    // Rendering does not apply the rule: templates saved before it still send.
    assert!(e.render(k, &t("Hi", "x"), &sample_context(k)).is_ok());
}

#[test]
fn the_engine_itself_has_no_extra_helpers_and_no_inline_partials() {
    let e = HandlebarsEngine::new();
    let data = json!({ "a": "x", "b": { "c": 1 } });
    for source in [
        r#"{{lookup this "a"}}"#,
        r#"{{log "a"}}"#,
        "{{eq a a}}",
        "{{#each b}}x{{/each}}",
        "{{{{raw}}}}x{{{{/raw}}}}",
        // With `inline` working this would recurse until the stack overflows.
        r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#,
    ] {
        assert!(e.hb.render_template(source, &data).is_err(), "{source}");
    }
    assert_eq!(
        e.hb.render_template("{{#if a}}{{a}}{{/if}}{{#with b}}{{c}}{{/with}}", &data)
            .expect("renders"),
        "x1"
    );
}

#[test]
fn link_validity_phrases() {
    use LinkPurpose::{Document, Login};
    assert_eq!(
        link_validity(Login, Duration::minutes(15), Locale::De),
        "15 Minuten gültig und kann einmal verwendet werden"
    );
    assert_eq!(
        link_validity(Login, Duration::minutes(15), Locale::En),
        "valid for 15 minutes and can be used once"
    );
    assert_eq!(
        link_validity(Document, Duration::days(30), Locale::De),
        "30 Tage gültig"
    );
    assert_eq!(
        link_validity(Document, Duration::days(30), Locale::En),
        "valid for 30 days"
    );
    assert_eq!(
        link_validity(Document, Duration::days(1), Locale::De),
        "1 Tag gültig"
    );
    assert_eq!(
        link_validity(Document, Duration::hours(36), Locale::En),
        "valid for 36 hours"
    );
    assert_eq!(
        link_validity(Login, Duration::minutes(1), Locale::En),
        "valid for 1 minute and can be used once"
    );
}

#[test]
fn portal_login_defaults_use_the_phrase() {
    let e = HandlebarsEngine::new();
    for (locale, purpose, ttl, expected) in [
        (
            Locale::De,
            LinkPurpose::Document,
            Duration::days(30),
            "Er ist 30 Tage gültig:",
        ),
        (
            Locale::En,
            LinkPurpose::Login,
            Duration::minutes(15),
            "It is valid for 15 minutes and can be used once:",
        ),
    ] {
        let mut ctx = sample_context(TemplateKind::PortalLogin);
        ctx["link_validity"] = json!(link_validity(purpose, ttl, locale));
        let out = e
            .render(
                TemplateKind::PortalLogin,
                &default_template(TemplateKind::PortalLogin, locale),
                &ctx,
            )
            .expect("renders");
        assert!(out.text.contains(expected), "{}", out.text);
    }
}
