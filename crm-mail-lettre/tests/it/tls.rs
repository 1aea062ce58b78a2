//! STARTTLS and implicit TLS (rustls) with AUTH, against a server with its own CA.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crm_core::ports::{MailError, Mailer, OutgoingEmail};
use crm_mail_lettre::{SmtpConfig, SmtpMailer};

use crate::support::{self, Sink};

/// A CA and a server certificate for `localhost`, made with the openssl CLI.
fn certificates(dir: &Path) -> Option<(PathBuf, PathBuf, PathBuf)> {
    let run = |args: &[&str]| {
        Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    std::fs::write(dir.join("leaf.ext"), "basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n").ok()?;
    let ok = run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=crm test CA",
    ]) && run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=localhost",
    ]) && run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
    ]);
    ok.then(|| {
        (
            dir.join("ca.pem"),
            dir.join("leaf.pem"),
            dir.join("leaf.key"),
        )
    })
}

fn email() -> OutgoingEmail {
    OutgoingEmail {
        company_id: None,
        message_id: "<tls-test@muster.example.com>".into(),
        from_email: "rechnung@muster.example.com".into(),
        from_name: "Muster GmbH".into(),
        reply_to: None,
        to_email: "kunde@beispiel.example.com".into(),
        to_name: "Kundin Jördis".into(),
        also_to: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
        subject: "Grüße über TLS".into(),
        html_body: "<p>Hallo</p>".into(),
        text_body: "Hallo".into(),
        attachments: vec![],
    }
}

async fn round_trip(mode: &str, url_tls: &str) {
    if !support::smtp_available() {
        return;
    }
    let dir = support::temp_dir();
    let Some((ca, cert, key)) = certificates(&dir) else {
        assert!(
            std::env::var("CRM_REQUIRE_ALL").is_err(),
            "openssl is required (CRM_REQUIRE_ALL=1)"
        );
        eprintln!("\n*** SKIPPING a TLS test: the openssl CLI could not make certificates\n");
        return;
    };
    let port = support::free_port();
    let sink = Sink::start_with(
        port,
        dir.join("mail"),
        &[
            "--tls",
            mode,
            "--cert",
            &cert.display().to_string(),
            "--key",
            &key.display().to_string(),
            "--auth",
            "mailer:s3cret",
        ],
    );
    let ca = ca.display().to_string();
    let good = SmtpConfig::from_url(&format!(
        "smtp://mailer:s3cret@localhost:{port}?tls={url_tls}&ca={ca}"
    ))
    .expect("url");
    SmtpMailer::new(&good)
        .expect("mailer")
        .send(&email())
        .await
        .expect("delivered over TLS with AUTH");
    assert_eq!(sink.wait_for(1).len(), 1);
    // A server whose certificate we do not trust gets nothing.
    let untrusted = SmtpConfig::from_url(&format!(
        "smtp://mailer:s3cret@localhost:{port}?tls={url_tls}"
    ))
    .expect("url");
    let err = tokio::time::timeout(
        Duration::from_secs(20),
        SmtpMailer::new(&untrusted).expect("mailer").send(&email()),
    )
    .await
    .expect("answered in time")
    .expect_err("untrusted certificate");
    assert!(matches!(err, MailError::Unavailable(_)));
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn starttls_with_auth() {
    round_trip("starttls", "starttls").await;
}

#[tokio::test]
async fn implicit_tls_with_auth() {
    round_trip("implicit", "tls").await;
}
