//! The HTML part of an invoice email in a real browser: headless Chromium (chromedriver,
//! fantoccini) with a phone's viewport (375px, as mobile mail apps render) and a desktop
//! reading pane (800px). The page must not scroll sideways on the phone, the button must be
//! drawn in the brand colour where the link is, and the screenshots must show a real page.
//! Screenshots and the HTML go to `$CARGO_TARGET_DIR/screenshots/mail-invoice-*.png`.
//!
//! Without chromium and chromedriver the test says so loudly and passes — unless
//! `CRM_REQUIRE_ALL` is set, which makes it fail.

use std::path::Path;
use std::sync::Arc;

use crm_core::domain::LegalDetailsInput;
use crm_core::render::mail_layout::ACCENT;
use crm_core::testing::conformance::{client_input, invoice_input};
use crm_core::testing::{Fixture, MemoryStore};
use fantoccini::{Client, ClientBuilder};

use crate::admin_browser::{screenshots_dir, start_driver};

fn skip_or_fail(why: &str) {
    if std::env::var("CRM_REQUIRE_ALL").is_ok_and(|v| !v.is_empty() && v != "0") {
        panic!("the email browser test is required (CRM_REQUIRE_ALL) but {why}");
    }
    eprintln!(
        "\n*** SKIPPING the email layout browser test: {why}\n*** Install Debian's `chromium` and `chromium-driver`; CRM_REQUIRE_ALL=1 makes this a failure.\n"
    );
}

/// The subject, HTML and text of a German invoice email as the worker sends it (link minted).
async fn invoice_email() -> (String, String, String) {
    let f = Fixture::new(Arc::new(MemoryStore::new()));
    let (_, ctx) = f.company("Muster GmbH").await;
    f.crm
        .update_company_legal(
            &ctx,
            &LegalDetailsInput {
                legal_form: Some("GmbH".into()),
                registered_seat: Some("Berlin".into()),
                register_court: Some("Amtsgericht Charlottenburg".into()),
                register_number: Some("HRB 123456".into()),
                managing_directors: vec!["Erika Muster".into(), "Max Mustermann".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let client = f
        .crm
        .create_client(&ctx, &client_input("Beispiel Handels AG"))
        .await
        .unwrap();
    let draft = f
        .crm
        .create_invoice(&ctx, &invoice_input(client.id, "1000"))
        .await
        .unwrap();
    f.crm.send_invoice(&ctx, draft.id).await.unwrap();
    let row = f.store().outbox(ctx.company, 1).await.unwrap().remove(0);
    let sent = f.deliver(&row).await;
    (sent.subject, sent.html_body, sent.text_body)
}

/// Decoded RGB(A) pixels of a PNG: (width, height, channels, bytes).
fn decode(png_bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![
        0;
        reader
            .output_buffer_size()
            .expect("a PNG that fits in memory")
    ];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    (info.width, info.height, channels, buf)
}

fn accent_rgb() -> [u8; 3] {
    let hex = ACCENT.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [byte(0), byte(2), byte(4)]
}

/// Renders the page at `width` and checks it; returns the screenshot's path.
async fn check_at(c: &Client, file_url: &str, width: u32) -> std::path::PathBuf {
    c.goto(file_url).await.unwrap();
    let metrics = c
        .execute(
            "const a = document.querySelector('a[href*=\"/portal/login/\"]');\
             const r = a.getBoundingClientRect();\
             return [document.documentElement.scrollWidth, window.innerWidth, \
                     r.left, r.top, r.right, r.bottom, a.textContent];",
            vec![],
        )
        .await
        .unwrap();
    let m = metrics.as_array().unwrap();
    let num = |i: usize| m[i].as_f64().unwrap();
    let (scroll_width, inner_width) = (num(0), num(1));
    assert_eq!(inner_width, f64::from(width), "the viewport is {width}px");
    assert!(
        scroll_width <= inner_width,
        "no horizontal scrolling at {width}px: scrollWidth {scroll_width} > {inner_width}"
    );
    assert_eq!(m[6].as_str(), Some("Rechnung ansehen und bezahlen"));
    let (left, top, right, bottom) = (num(2), num(3), num(4), num(5));
    assert!(
        right <= inner_width && right - left >= 150.0 && bottom - top >= 36.0,
        "a big enough button inside the viewport: {left},{top} – {right},{bottom}"
    );

    let png_bytes = c.screenshot().await.unwrap();
    let path = screenshots_dir().join(format!("mail-invoice-{width}.png"));
    std::fs::write(&path, &png_bytes).unwrap();
    let (w, h, channels, px) = decode(&png_bytes);
    assert_eq!(w, width, "one CSS pixel per image pixel");
    let at = |x: u32, y: u32| {
        let i = (y as usize * w as usize + x as usize) * channels;
        [px[i], px[i + 1], px[i + 2]]
    };
    let near = |p: [u8; 3], q: [u8; 3]| p.iter().zip(q).all(|(a, b)| a.abs_diff(b) <= 8);
    // The button's box is filled with the brand colour (the label's white aside).
    let accent = accent_rgb();
    let (x0, x1) = (left.ceil() as u32 + 2, (right.floor() as u32).min(w) - 2);
    let (y0, y1) = (top.ceil() as u32 + 2, (bottom.floor() as u32).min(h) - 2);
    let (mut inside, mut coloured) = (0_u32, 0_u32);
    for y in y0..y1 {
        for x in x0..x1 {
            inside += 1;
            if near(at(x, y), accent) {
                coloured += 1;
            }
        }
    }
    assert!(
        inside > 0 && coloured * 100 >= inside * 60,
        "the button is drawn in {ACCENT}: {coloured} of {inside} pixels"
    );
    // A real page, not a blank or one-colour image: many colours, much non-background.
    let mut colours = std::collections::HashSet::new();
    let mut ink = 0_u64;
    for y in (0..h).step_by(2) {
        for x in (0..w).step_by(2) {
            let p = at(x, y);
            colours.insert(p);
            if p.iter().all(|&c| c < 150) {
                ink += 1;
            }
        }
    }
    assert!(colours.len() > 50, "{} colours", colours.len());
    assert!(ink > 500, "{ink} dark pixels (text)");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invoice_email_renders_in_chromium_at_375_and_800px() {
    let chromium = std::env::var("CRM_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let chromedriver =
        std::env::var("CRM_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if !Path::new(&chromium).exists() || !Path::new(&chromedriver).exists() {
        return skip_or_fail(&format!("{chromium} or {chromedriver} is missing"));
    }
    let (subject, html, text) = invoice_email().await;
    assert!(subject.starts_with("Rechnung "), "{subject}");
    // The plain-text part reads on its own: greeting, link, footer, no markup.
    assert!(text.contains("/portal/login/") && text.contains("\n-- \nMuster GmbH"));
    assert!(!text.contains('<'), "{text}");
    let file = screenshots_dir().join("mail-invoice.html");
    std::fs::write(&file, &html).unwrap();
    let file_url = format!("file://{}", file.display());

    let Some((_driver, port)) = start_driver(&chromedriver).await else {
        return skip_or_fail(&format!("{chromedriver} did not start"));
    };
    for width in [375_u32, 800] {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"],
                // A device viewport: a desktop window cannot be narrower than 500px.
                "mobileEmulation": { "deviceMetrics": { "width": width, "height": 1400, "pixelRatio": 1.0 } },
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let c = match ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => c,
            Err(e) => return skip_or_fail(&format!("no browser session: {e}")),
        };
        let shot = check_at(&c, &file_url, width).await;
        eprintln!("email layout at {width}px: {}", shot.display());
        let _ = c.close().await;
    }
}
