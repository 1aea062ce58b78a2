//! The GiroCode on invoice PDFs, checked the way a banking app sees it: the PDF rasterised
//! with `pdftoppm` (Debian `poppler-utils`) and the code decoded with `zbarimg` (Debian
//! `zbar-tools`), compared byte for byte with the EPC payload the invoice should carry.
//!
//! Without the tools these checks are skipped with a loud message, unless `CRM_REQUIRE_ALL`
//! is set: then a missing tool fails the test.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use crm_core::Ctx;
use crm_core::domain::{BankAccountInput, Client, Company, Invoice, LineItemInput, PaymentMethod};
use crm_core::ports::DocumentRenderer;
use crm_core::render::PdfRenderer;
use crm_core::service::{Error, InvoiceInput, PaymentInput, PaymentOutcome, QuoteInput};
use crm_core::testing::conformance::{client_input, d};
use crm_core::testing::{Fixture, MemoryStore};

/// Whether `tool` runs. Missing: a loud skip, or a failure under `CRM_REQUIRE_ALL`.
fn have(tool: &str, package: &str) -> bool {
    if Command::new(tool).arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var_os("CRM_REQUIRE_ALL").is_some() {
        panic!(
            "`{tool}` is required because CRM_REQUIRE_ALL is set, but it is not installed \
             (apt-get install -y {package})"
        );
    }
    eprintln!(
        "\n################################################################################\n\
         ## SKIPPED: `{tool}` is not installed, so the GiroCode was not decoded.\n\
         ## Install it with: apt-get install -y {package}\n\
         ## Set CRM_REQUIRE_ALL=1 to turn this skip into a failure.\n\
         ################################################################################\n"
    );
    false
}

pub(crate) fn have_tools() -> bool {
    let tools = [
        have("pdftoppm", "poppler-utils"),
        have("pdftotext", "poppler-utils"),
        have("zbarimg", "zbar-tools"),
    ];
    tools.iter().all(|t| *t)
}

/// A temporary directory, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("crm-girocode-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&path).expect("temp dir");
        Self(path)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a scanner reads from the first page of `pdf` at 200 dpi: the code's bytes, as UTF-8,
/// or `None` when it finds no code.
pub(crate) fn scan(pdf: &[u8]) -> Option<String> {
    let dir = Dir::new();
    let file = dir.0.join("doc.pdf");
    std::fs::write(&file, pdf).expect("write PDF");
    if let Some(out) = std::env::var_os("CRM_PDF_OUT") {
        // Handy for looking at the output: CRM_PDF_OUT=/tmp/pdfs cargo test
        let name = format!("girocode-{}.pdf", uuid::Uuid::new_v4());
        let _ = std::fs::create_dir_all(&out);
        let _ = std::fs::copy(&file, PathBuf::from(out).join(name));
    }
    let prefix = dir.0.join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1"])
        .arg(&file)
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs");
    assert!(
        out.status.success(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read_dir(&dir.0)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a PNG of page 1");
    // `-Sbinary`: the bytes as encoded. Without it zbar guesses a character set for byte
    // mode (it takes short UTF-8 names for Shift JIS); the payload's own line 3 says UTF-8,
    // and that is what banking apps read.
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", "-Sbinary"])
        .arg(&png)
        .output()
        .expect("zbarimg runs");
    // zbarimg: 0 = decoded, 4 = no symbol found; anything else is a broken run.
    match out.status.code() {
        Some(0) => Some(String::from_utf8(out.stdout).expect("UTF-8 payload")),
        Some(4) => None,
        other => panic!(
            "zbarimg failed ({other:?}): {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn text(pdf: &[u8]) -> String {
    let dir = Dir::new();
    let file = dir.0.join("doc.pdf");
    std::fs::write(&file, pdf).expect("write PDF");
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ")
}

struct World {
    f: Fixture,
    ctx: Ctx,
    client: Client,
}

async fn world(locale: &str, account: Option<BankAccountInput>) -> World {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (company, ctx) = f.company("Muster GmbH").await;
    let mut settings = company.settings.clone();
    settings.bank_details = Some("Zahlbar ohne Abzug.".into());
    f.crm
        .update_company_settings(&ctx, settings)
        .await
        .expect("settings");
    if let Some(a) = account {
        f.crm
            .set_bank_account(&ctx, Some(&a))
            .await
            .expect("bank account");
    }
    let mut input = client_input("Müller & Söhne GmbH");
    input.locale = Some(locale.into());
    let client = f.crm.create_client(&ctx, &input).await.expect("client");
    World { f, ctx, client }
}

pub(crate) fn account(holder: Option<&str>) -> BankAccountInput {
    BankAccountInput {
        holder: holder.map(str::to_owned),
        iban: "de89 3704 0044 0532 0130 00".into(),
        bic: Some("COBADEFFXXX".into()),
        bank_name: Some("Commerzbank Köln".into()),
    }
}

fn items() -> Vec<LineItemInput> {
    vec![LineItemInput {
        description: "Beratung".into(),
        quantity: d("10"),
        unit_price: d("100"),
        tax_rate: d("19"),
        discount: d("0"),
        ..LineItemInput::default()
    }]
}

impl World {
    async fn company(&self) -> Company {
        self.f.crm.company(&self.ctx).await.expect("company")
    }

    async fn draft(&self) -> Invoice {
        let input = InvoiceInput {
            client_id: self.client.id,
            items: items(),
            ..InvoiceInput::default()
        };
        self.f
            .crm
            .create_invoice(&self.ctx, &input)
            .await
            .expect("draft")
    }

    async fn issued(&self) -> Invoice {
        let draft = self.draft().await;
        self.f
            .crm
            .issue_invoice(&self.ctx, draft.id)
            .await
            .expect("issue")
    }

    async fn pay(&self, invoice: &Invoice, amount: &str) -> Invoice {
        let input = PaymentInput {
            amount: d(amount),
            currency: None,
            date: None,
            method: PaymentMethod::BankTransfer,
            reference: None,
            send_receipt: false,
        };
        let outcome = self
            .f
            .crm
            .record_payment(&self.ctx, invoice.id, &input)
            .await
            .expect("payment");
        let PaymentOutcome::Recorded(_, invoice) = outcome else {
            panic!("payment recorded");
        };
        *invoice
    }

    async fn pdf(&self, invoice: &Invoice) -> Vec<u8> {
        PdfRenderer::new()
            .expect("renderer")
            .invoice(&self.company().await, &self.client, invoice)
            .expect("render")
    }
}

#[tokio::test]
async fn an_open_invoice_carries_a_girocode_for_its_balance() {
    let w = world("de", Some(account(None))).await;
    let issued = w.issued().await;
    assert_eq!(issued.totals.total, d("1190"));
    let invoice = w.pay(&issued, "190.01").await;
    assert_eq!(invoice.balance, d("999.99"));
    let number = invoice.number.clone().expect("number");
    let pdf = w.pdf(&invoice).await;
    if !have_tools() {
        return;
    }
    let expected = format!(
        "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMuster GmbH\nDE89370400440532013000\nEUR999.99\n\n\n{number}"
    );
    assert_eq!(scan(&pdf).as_deref(), Some(expected.as_str()));
    // The account in words beside it, and the free text still there.
    let t = text(&pdf);
    for needle in [
        "Bankverbindung",
        "IBAN: DE89 3704 0044 0532 0130 00",
        "BIC: COBADEFFXXX",
        "Bank: Commerzbank Köln",
        "Zahlbar ohne Abzug.",
        "GiroCode",
        "Mit Banking-App scannen",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
}

#[tokio::test]
async fn the_account_holder_is_the_beneficiary_in_english_too() {
    let w = world("en", Some(account(Some("Märkische Holding AG")))).await;
    let invoice = w.issued().await;
    let pdf = w.pdf(&invoice).await;
    if !have_tools() {
        return;
    }
    let number = invoice.number.clone().expect("number");
    let expected = format!(
        "BCD\n002\n1\nSCT\nCOBADEFFXXX\nMärkische Holding AG\nDE89370400440532013000\nEUR1190.00\n\n\n{number}"
    );
    assert_eq!(scan(&pdf).as_deref(), Some(expected.as_str()));
    let t = text(&pdf);
    for needle in [
        "Bank details",
        "Account holder: Märkische Holding AG",
        "IBAN: DE89 3704 0044 0532 0130 00",
        "Scan with your banking app",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
}

#[tokio::test]
async fn paid_draft_and_accountless_documents_have_no_code() {
    let w = world("de", Some(account(None))).await;
    let issued = w.issued().await;
    let paid = w.pay(&issued, "1190").await;
    let draft = w.draft().await;
    let quote =
        w.f.crm
            .create_quote(
                &w.ctx,
                &QuoteInput {
                    client_id: w.client.id,
                    items: items(),
                    ..QuoteInput::default()
                },
            )
            .await
            .expect("quote");
    let company = w.company().await;
    let renderer = PdfRenderer::new().expect("renderer");
    let quote_pdf = renderer.quote(&company, &w.client, &quote).expect("render");
    let paid_pdf = w.pdf(&paid).await;
    let draft_pdf = w.pdf(&draft).await;
    // A company without an account: the free text alone, no code.
    let bare = world("de", None).await;
    let open = bare.issued().await;
    let bare_pdf = bare.pdf(&open).await;
    if !have_tools() {
        return;
    }
    for (what, pdf) in [
        ("paid", &paid_pdf),
        ("draft", &draft_pdf),
        ("quote", &quote_pdf),
        ("no account", &bare_pdf),
    ] {
        assert_eq!(scan(pdf), None, "{what}");
        assert!(!text(pdf).contains("GiroCode"), "{what}");
    }
    // The paid invoice still names the account; the account-less one only the free text.
    assert!(text(&paid_pdf).contains("IBAN: DE89 3704 0044 0532 0130 00"));
    let t = text(&bare_pdf);
    assert!(t.contains("Bankverbindung") && t.contains("Zahlbar ohne Abzug."));
    assert!(!t.contains("IBAN"));
}

#[tokio::test]
async fn a_wrong_check_digit_is_refused_and_nothing_is_written() {
    let w = world("de", Some(account(None))).await;
    let before = w.company().await;
    let mut bad = account(None);
    bad.iban = "DE88 3704 0044 0532 0130 00".into();
    bad.bic = Some("COBAQQFF".into());
    let Err(Error::Invalid(errors)) = w.f.crm.set_bank_account(&w.ctx, Some(&bad)).await else {
        panic!("refused");
    };
    assert_eq!(
        errors.field("iban").map(|e| e.code()),
        Some("iban.checksum")
    );
    assert_eq!(errors.field("bic").map(|e| e.code()), Some("bic.country"));
    assert_eq!(w.company().await, before, "nothing written");
    // Removing the account keeps the other settings.
    let company =
        w.f.crm
            .set_bank_account(&w.ctx, None)
            .await
            .expect("remove");
    assert_eq!(company.settings.bank_account, None);
    assert_eq!(
        company.settings.bank_details.as_deref(),
        Some("Zahlbar ohne Abzug.")
    );
    assert_eq!(w.f.crm.bank_account(&w.ctx).await.expect("read"), None);
}
