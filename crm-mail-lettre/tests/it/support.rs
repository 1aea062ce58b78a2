//! A real SMTP server per test, and stores to queue mail in.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crm_core::ports::{DocumentRenderer, Store};
use crm_mail_lettre::{OutboxWorker, SmtpConfig, SmtpMailer, WorkerConfig};

fn required() -> bool {
    std::env::var("CRM_REQUIRE_ALL").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Whether python3 with aiosmtpd is here; if not, says so loudly (and fails under
/// `CRM_REQUIRE_ALL=1`).
pub fn smtp_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            !required(),
            "python3 with aiosmtpd is required (CRM_REQUIRE_ALL=1): pip install aiosmtpd"
        );
        eprintln!(
            "\n*** SKIPPING an SMTP test: python3 with aiosmtpd is not installed (pip install aiosmtpd)\n"
        );
    }
    ok
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// An aiosmtpd server writing every accepted message to a directory.
pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl Sink {
    /// Starts a server on `port` (see tests/smtp_sink.py for its scripted faults).
    pub fn start_on(port: u16, dir: PathBuf, discard: bool) -> Self {
        let extra: &[&str] = if discard { &["--discard"] } else { &[] };
        Self::start_with(port, dir, extra)
    }

    /// Starts a server on `port` with extra arguments (`--tls`, `--auth`, …).
    pub fn start_with(port: u16, dir: PathBuf, extra: &[&str]) -> Self {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let mut cmd = Command::new("python3");
        cmd.arg(script)
            .args(["--port", &port.to_string(), "--out"])
            .arg(&dir)
            .args(extra);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start smtp sink");
        // Wait for READY.
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("sink output");
        assert_eq!(line.trim(), "READY", "smtp sink did not start");
        Self { child, port, dir }
    }

    /// A new server on a free port with a fresh directory.
    pub fn start() -> Self {
        Self::start_on(free_port(), temp_dir(), false)
    }

    /// The raw messages received so far.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read(p).expect("read message"))
            .collect()
    }

    /// The envelope recipients (`RCPT TO`) of each message so far, in the order of
    /// [`Self::messages`].
    pub fn envelopes(&self) -> Vec<Vec<String>> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p.with_extension("rcpt")).unwrap_or_default();
                text.lines().map(str::to_owned).collect()
            })
            .collect()
    }

    /// Waits until `n` messages arrived (or a few seconds passed).
    pub fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        let start = Instant::now();
        loop {
            let m = self.messages();
            if m.len() >= n || start.elapsed() > Duration::from_secs(10) {
                return m;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The SMTP URL of this server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none&pool=4", self.port)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh temporary directory.
pub fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("crm-mail-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// A fresh SQLite store.
pub async fn sqlite() -> Arc<dyn Store> {
    sqlite_at().await.0
}

/// A fresh SQLite store and its URL (for raw reads of its tables).
pub async fn sqlite_at() -> (Arc<dyn Store>, String) {
    let dir = temp_dir();
    let url = format!("sqlite://{}/crm.db", dir.display());
    let store = crm_storage_sqlx::open(&url, &Default::default())
        .await
        .expect("sqlite");
    (store, url)
}

/// A fresh PostgreSQL schema, or `None` (loudly) when no server answers and
/// `CRM_REQUIRE_ALL` is unset.
pub async fn postgres() -> Option<Arc<dyn Store>> {
    postgres_at().await.map(|(s, _, _)| s)
}

/// [`postgres`] with the server URL and the schema (for raw reads of its tables).
pub async fn postgres_at() -> Option<(Arc<dyn Store>, String, String)> {
    let url = std::env::var("CRM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let schema = format!("crm_t_{now}_{}", uuid::Uuid::new_v4().simple());
    let options = crm_storage_sqlx::OpenOptions {
        schema: Some(schema.clone()),
        max_connections: Some(6),
        ..Default::default()
    };
    match crm_storage_sqlx::open(&url, &options).await {
        Ok(s) => Some((s, url, schema)),
        Err(e) if !required() => {
            eprintln!("\n*** SKIPPING a PostgreSQL mail test: {url}: {e}\n");
            None
        }
        Err(e) => panic!("PostgreSQL is required (CRM_REQUIRE_ALL=1): {e}"),
    }
}

/// The PDF renderer the worker attaches documents with.
pub fn renderer() -> Arc<dyn DocumentRenderer> {
    Arc::new(crm_core::render::PdfRenderer::new().expect("pdf renderer"))
}

/// A worker sending to `sink`, on the fixture's clock, with quick retries.
pub fn worker(
    store: Arc<dyn Store>,
    sink_url: &str,
    clock: Arc<crm_core::ports::ManualClock>,
) -> OutboxWorker {
    let mailer = SmtpMailer::new(&SmtpConfig::from_url(sink_url).expect("url")).expect("mailer");
    OutboxWorker::new(
        store,
        Arc::new(mailer),
        renderer(),
        WorkerConfig {
            retry_base: Duration::from_secs(10),
            retry_max: Duration::from_secs(60),
            max_attempts: 5,
            ..WorkerConfig::default()
        },
    )
    .with_clock(clock)
}

/// Checks a PDF with `qpdf --check` (skipped loudly without qpdf unless `CRM_REQUIRE_ALL=1`).
pub fn assert_valid_pdf(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let path = temp_dir().join("attachment.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    match Command::new("qpdf").arg("--check").arg(&path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "qpdf --check failed: {}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) if !required() => eprintln!("\n*** qpdf not installed: PDF structure not checked\n"),
        Err(e) => panic!("qpdf is required (CRM_REQUIRE_ALL=1): {e}"),
    }
}
