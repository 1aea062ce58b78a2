//! ZIP bundles of invoice PDFs: entry names from hostile invoice numbers, the entry cap, and
//! the portal's "Download selected" ([`Crm::portal_invoice_bundle`]) on the in-memory store.

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::sync::Arc;

use crm_core::domain::{Client, Invoice, InvoiceStatus, Locale};
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::render::zip::{ZipError, ZipStream, invoice_entry_name};
use crm_core::service::{Crm, Entity, Error, PortalCtx};
use crm_core::testing::conformance::{client_input, invoice_input};
use crm_core::testing::{Fixture, MemoryStore};

/// Entry names and contents of an archive, in archive order.
pub(super) fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ::zip::ZipArchive::new(Cursor::new(zip)).expect("readable archive");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            // The zip crate's own check that extracting the entry stays in the target folder.
            let name = entry.name().expect("UTF-8 name").into_owned();
            assert!(entry.enclosed_name().is_some(), "unsafe name {name:?}");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read entry");
            (name, bytes)
        })
        .collect()
}

fn assert_safe(name: &str) {
    assert!(
        !name.contains(['/', '\\', ':']) && !name.contains(".."),
        "{name:?}"
    );
    assert!(!name.chars().any(char::is_control), "{name:?}");
    assert!(!name.starts_with('.'), "{name:?}");
    assert!(name.ends_with(".pdf"), "{name:?}");
}

struct World {
    f: Fixture,
    portal: PortalCtx,
    client: Client,
    /// Issued invoices of the portal's client.
    issued: Vec<Invoice>,
    /// A draft of the portal's client.
    draft: Invoice,
    /// An issued invoice of another client of the same company.
    foreign: Invoice,
}

async fn world() -> World {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Müller & Söhne GmbH").await;
    let other = f.client(&ctx, "Andere AG").await;
    let mut issued = Vec::new();
    for net in ["100", "200", "300"] {
        issued.push(f.issued_invoice(&ctx, &client, net).await);
    }
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "50"))
        .await
        .expect("draft");
    let foreign = f.issued_invoice(&ctx, &other, "999").await;
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().expect("contact").id,
        confirmed: true,
    };
    World {
        f,
        portal,
        client,
        issued,
        draft,
        foreign,
    }
}

fn crm(w: &World) -> &Crm {
    &w.f.crm
}

#[test]
fn hostile_invoice_numbers_cannot_escape_or_collide() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let w = rt.block_on(world());
    let base = w.issued[0].clone();
    let numbers = [
        "2026-0001",
        "../x",
        "../../etc/passwd",
        "a\\b",
        "C:x",
        "C:\\Windows\\x",
        "x\u{0}y\u{7}z\n",
        "\u{202E}fdp.exe",
        "..",
        "",
        "2026-0001",
        "2026/0001",
        "2026_0001",
        "NUL",
    ];
    let renderer = PdfRenderer::new().expect("renderer");
    let company = rt
        .block_on(w.f.crm.store().company(w.portal.company))
        .expect("store")
        .expect("company");
    let pdf = renderer
        .invoice(&company, &w.client, &base)
        .expect("render");
    let mut zip = ZipStream::new(Vec::new());
    let mut stored = Vec::new();
    for number in numbers {
        let mut invoice = base.clone();
        invoice.number = Some(number.to_owned());
        let name = invoice_entry_name(&invoice, Locale::De);
        assert_safe(&name);
        assert!(name.starts_with("Rechnung-"), "{name}");
        stored.push(zip.add(&name, &pdf).expect("add"));
    }
    assert_eq!(stored[0], "Rechnung-2026-0001.pdf");
    assert_eq!(stored[10], "Rechnung-2026-0001 (2).pdf");
    let bytes = zip.finish().expect("finish");
    let names: Vec<String> = entries(&bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, stored);
    for name in &names {
        assert_safe(name);
    }
    let distinct: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(distinct.len(), numbers.len(), "{names:?}");

    // English and drafts.
    let mut invoice = base.clone();
    invoice.number = Some("2026-0001".into());
    assert_eq!(
        invoice_entry_name(&invoice, Locale::En),
        "Invoice-2026-0001.pdf"
    );
    invoice.status = InvoiceStatus::Draft;
    invoice.number = None;
    assert_eq!(
        invoice_entry_name(&invoice, Locale::De),
        "Rechnung-Entwurf.pdf"
    );
    assert_eq!(
        invoice_entry_name(&invoice, Locale::En),
        "Invoice-Draft.pdf"
    );
}

#[test]
fn a_full_archive_refuses_more() {
    let mut zip = ZipStream::new(Vec::new()).with_max_entries(3);
    for i in 0..3 {
        zip.add(&format!("{i}.pdf"), b"%PDF").expect("add");
    }
    let err = zip.add("4.pdf", b"%PDF").expect_err("over the cap");
    assert!(matches!(err, ZipError::TooManyEntries { max: 3 }), "{err}");
    assert_eq!(entries(&zip.finish().expect("finish")).len(), 3);
}

#[tokio::test]
async fn portal_bundle_holds_exactly_the_selected_invoices() {
    let w = world().await;
    let (a, c) = (&w.issued[0], &w.issued[2]);
    // Order of the selection; a repeated id counts once.
    let zip = crm(&w)
        .portal_invoice_bundle(&w.portal, &[c.id, a.id, c.id], Vec::new())
        .await
        .expect("bundle");
    let got = entries(&zip);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    let name = |i: &Invoice| format!("Rechnung-{}.pdf", i.number.as_deref().expect("number"));
    assert_eq!(names, [name(c), name(a)]);
    // The PDFs are exactly the files frozen when each invoice was issued.
    let ctx = crm_core::service::Ctx::new(w.portal.company, crm_core::domain::Actor::System);
    for ((_, bytes), invoice) in got.iter().zip([c, a]) {
        let file = crm(&w)
            .invoice_file(&ctx, invoice.id)
            .await
            .expect("store")
            .expect("frozen at issue");
        assert_eq!(crm_core::domain::DocumentHash::of(bytes), file.sha256);
        assert_eq!(bytes.len() as u64, file.size);
    }
}

#[tokio::test]
async fn portal_bundle_names_follow_the_clients_language() {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    let mut input = client_input("Smith Ltd");
    input.locale = Some("en".into());
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    let invoice = f.issued_invoice(&ctx, &client, "100").await;
    let portal = PortalCtx {
        company: ctx.company,
        client: client.id,
        contact: client.primary_contact().expect("contact").id,
        confirmed: true,
    };
    let zip = f
        .crm
        .portal_invoice_bundle(&portal, &[invoice.id], Vec::new())
        .await
        .expect("bundle");
    let names: Vec<String> = entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [format!(
            "Invoice-{}.pdf",
            invoice.number.as_deref().expect("number")
        )]
    );
}

#[tokio::test]
async fn other_clients_invoices_and_drafts_are_not_found_and_nothing_is_written() {
    let w = world().await;
    for bad in [w.foreign.id, w.draft.id, crm_core::domain::InvoiceId::new()] {
        let mut out = Vec::new();
        // The bad id comes after a good one: the check still happens before any output.
        let result = crm(&w)
            .portal_invoice_bundle(&w.portal, &[w.issued[0].id, bad], &mut out)
            .await;
        assert!(
            matches!(result, Err(Error::NotFound(Entity::Invoice))),
            "{result:?}"
        );
        assert!(out.is_empty(), "{} bytes written", out.len());
    }
}

#[tokio::test]
async fn portal_bundle_honours_the_cap_and_wants_a_selection() {
    let w = world().await;
    let ids: Vec<_> = w.issued.iter().map(|i| i.id).collect();
    let result = crm(&w)
        .portal_invoice_bundle_capped(&w.portal, &ids, 2, Vec::new())
        .await;
    let Err(Error::Invalid(errors)) = result else {
        panic!("expected a validation error, got {result:?}");
    };
    assert_eq!(errors.field("ids").map(|e| e.code()), Some("ids.too_many"));
    // Exactly at the cap is fine.
    let zip = crm(&w)
        .portal_invoice_bundle_capped(&w.portal, &ids[..2], 2, Vec::new())
        .await
        .expect("bundle");
    assert_eq!(entries(&zip).len(), 2);

    let result = crm(&w)
        .portal_invoice_bundle(&w.portal, &[], Vec::new())
        .await;
    let Err(Error::Invalid(errors)) = result else {
        panic!("expected a validation error, got {result:?}");
    };
    assert_eq!(errors.field("ids").map(|e| e.code()), Some("ids.empty"));
}

#[tokio::test]
async fn a_failing_renderer_or_writer_is_a_render_error() {
    struct Broken;
    impl DocumentRenderer for Broken {
        fn invoice(
            &self,
            _: &crm_core::domain::Company,
            _: &Client,
            _: &Invoice,
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
        fn quote(
            &self,
            _: &crm_core::domain::Company,
            _: &Client,
            _: &crm_core::domain::Quote,
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
        fn statement(
            &self,
            _: &crm_core::ports::StatementData,
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
        fn correction(
            &self,
            _: &crm_core::domain::Correction,
            _: Option<&crm_core::domain::Logo>,
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
        fn reminder(
            &self,
            _: &crm_core::domain::Reminder,
            _: Option<&crm_core::domain::Logo>,
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
        fn invoice_hybrid(
            &self,
            _: &crm_core::domain::Company,
            _: &Client,
            _: &Invoice,
            _: Option<&crm_core::domain::Logo>,
            _: &[u8],
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
        fn correction_hybrid(
            &self,
            _: &crm_core::domain::Correction,
            _: Option<&crm_core::domain::Logo>,
            _: &[u8],
        ) -> Result<Vec<u8>, crm_core::ports::RenderError> {
            Err(crm_core::ports::RenderError("no fonts".into()))
        }
    }
    // A renderer that fails makes the issue fail: nothing is issued without its frozen PDF.
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let crm_broken = f.crm.clone().with_renderer(Arc::new(Broken));
    let (_, ctx) = f.company("Muster GmbH").await;
    let client = f.client(&ctx, "Alpha").await;
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "10"))
        .await
        .expect("draft");
    let result = crm_broken.issue_invoice(&ctx, draft.id).await;
    assert!(matches!(result, Err(Error::Render(_))), "{result:?}");
    let after = f.crm.invoice(&ctx, draft.id).await.expect("invoice");
    assert_eq!(after.status, InvoiceStatus::Draft);
    assert_eq!(after.number, None);
    assert!(
        f.crm
            .invoice_file(&ctx, draft.id)
            .await
            .expect("store")
            .is_none()
    );

    let w = world().await;

    /// A download that is cancelled after the first bytes.
    struct Gone;
    impl std::io::Write for Gone {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "gone"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let result = crm(&w)
        .portal_invoice_bundle(&w.portal, &[w.issued[0].id], Gone)
        .await;
    assert!(
        matches!(result, Err(Error::Render(_))),
        "{}",
        result.is_ok()
    );
}

#[test]
fn the_bundle_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let w = rt.block_on(world());
    let future = w.f.crm.portal_invoice_bundle(&w.portal, &[], Vec::new());
    assert_send(&future);
}
