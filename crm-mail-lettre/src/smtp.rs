//! The SMTP [`Mailer`]: lettre's async transport with a connection pool.

use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use crm_core::ports::{MailError, Mailer, OutgoingEmail};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::{SmtpConfig, TlsMode};
use crate::message;

/// Delivers over SMTP.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    describe: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.describe)
            .finish()
    }
}

/// The SMTP settings could not be applied.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up SMTP: {0}")]
pub struct SetupError(String);

impl SmtpMailer {
    /// A mailer for `config`. No connection is made until the first email.
    pub fn new(config: &SmtpConfig) -> Result<Self, SetupError> {
        let ca = match &config.ca_file {
            Some(path) => {
                let pem = std::fs::read(path)
                    .map_err(|e| SetupError(format!("cannot read {path}: {e}")))?;
                Some(Certificate::from_pem(&pem).map_err(|e| SetupError(format!("{path}: {e}")))?)
            }
            None => None,
        };
        let tls = |host: &str| {
            let mut params = TlsParameters::builder(host.to_owned());
            if let Some(ca) = ca.clone() {
                params = params.add_root_certificate(ca);
            }
            params.build_rustls().map_err(|e| SetupError(e.to_string()))
        };
        let tls = match config.tls {
            TlsMode::None => Tls::None,
            TlsMode::StartTls => Tls::Required(tls(&config.host)?),
            TlsMode::Tls => Tls::Wrapper(tls(&config.host)?),
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.clone())
                .port(config.port)
                .tls(tls)
                .timeout(Some(Duration::from_secs(30)))
                .pool_config(
                    PoolConfig::new()
                        .max_size(config.pool_size)
                        .idle_timeout(Duration::from_secs(60)),
                );
        if let Some((user, pass)) = &config.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), pass.expose().to_owned()));
        }
        Ok(Self {
            transport: builder.build(),
            describe: format!("{}:{} ({:?})", config.host, config.port, config.tls),
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let message = message::build(email, SystemTime::now())
            .map_err(|e| MailError::Permanent(e.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            // 5xx: the server will not take this message, retrying cannot help.
            Err(e) if e.is_permanent() => Err(MailError::Permanent(e.to_string())),
            // 4xx: the server answered; try this message again later.
            Err(e) if e.is_response() => Err(MailError::Transient(e.to_string())),
            // Connection refused, timeouts, TLS hiccups: the server is not there.
            Err(e) => Err(MailError::Unavailable(e.to_string())),
        }
    }

    async fn probe(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Unavailable("no answer to NOOP".into())),
            Err(e) => Err(MailError::Unavailable(e.to_string())),
        }
    }
}
