//! Configuration: environment variables (`CRM_*`, see `../shared/API.md` and the README),
//! optionally a TOML file (`CRM_CONFIG=path`) with the same keys in lower case without the
//! prefix. The environment wins over the file. Secrets never appear in `Debug` output or logs.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A value that must not be printed.
#[derive(Clone, Default)]
pub struct Secret(
    /// The secret itself.
    pub String,
);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Everything the server reads at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// `CRM_DATABASE_URL`: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// `CRM_DATABASE_SCHEMA`: the PostgreSQL schema (created if missing).
    pub database_schema: Option<String>,
    /// `CRM_BIND`: the listen address; port 0 picks a free one (see [`crate::App::local_addr`]).
    pub bind: SocketAddr,
    /// `CRM_BASE_URL`, without a trailing slash: the only base of links in emails.
    pub base_url: String,
    /// `CRM_SMTP_URL`; unset: the development mailbox under `data_dir/mail`.
    pub smtp_url: Option<Secret>,
    /// `CRM_MAIL_FROM`: the sender address (default: the company's email).
    pub mail_from: Option<String>,
    /// `CRM_ADMIN_EMAIL`: the first admin (set together with `admin_password`).
    pub admin_email: Option<String>,
    /// `CRM_ADMIN_PASSWORD`: the first admin's password.
    pub admin_password: Option<Secret>,
    /// `CRM_API_TOKEN`: a bearer token of the first admin.
    pub api_token: Option<Secret>,
    /// `CRM_STRIPE_SECRET_KEY`; unset: no "Pay now", bank details instead.
    pub stripe_secret_key: Option<Secret>,
    /// `CRM_STRIPE_WEBHOOK_SECRETS`: signing secrets (several while rotating).
    pub stripe_webhook_secrets: Vec<Secret>,
    /// `CRM_STRIPE_API_BASE`: another Stripe API base (tests use a local stand-in).
    pub stripe_api_base: Option<String>,
    /// `CRM_DEMO`: seed the demo company into an empty database.
    pub demo: bool,
    /// `CRM_SECURE_COOKIES`: `Secure` + `__Host-` cookies and HSTS (default: https base URL).
    pub secure_cookies: bool,
    /// `CRM_TRUSTED_PROXIES`: address ranges of the reverse proxies whose `X-Forwarded-For`
    /// names the client (`10.0.0.0/8,fd00::/8`). `CRM_TRUST_PROXY=true` (earlier versions)
    /// means loopback and the private ranges.
    pub trusted_proxies: Vec<crm_web_axum::proxies::IpRange>,
    /// `CRM_MAX_IN_FLIGHT`, `CRM_REQUEST_TIMEOUT_SECS`, `CRM_HEADER_TIMEOUT_SECS`: see
    /// [`crate::limits::Limits`].
    pub limits: crate::limits::Limits,
    /// `CRM_COMPANY_NAME`: the company created on the first run.
    pub company_name: String,
    /// `CRM_DATA_DIR`: the SQLite file and the development mailbox.
    pub data_dir: PathBuf,
    /// `CRM_LOG_FORMAT=json`: structured logs (read by the binary that sets up logging).
    pub log_json: bool,
    /// `CRM_OUTBOX_WORKER`: run the outbox worker in this instance.
    pub outbox_workers: bool,
    /// `CRM_DUNNING` (default on) and `CRM_DUNNING_INTERVAL_SECS` (default 3600): how often
    /// this instance runs dunning ([`crm_core::Crm::run_dunning`]); `None` when off. Several
    /// instances may run it: each (invoice, level) is still issued once.
    pub dunning_interval: Option<std::time::Duration>,
}

/// A configuration error: which key, and why.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {key}: {reason}")]
pub struct ConfigError {
    key: String,
    reason: String,
}

fn err(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        key: key.into(),
        reason: reason.into(),
    }
}

/// Keys and their environment names.
const KEYS: &[&str] = &[
    "database_url",
    "database_schema",
    "bind",
    "base_url",
    "smtp_url",
    "mail_from",
    "admin_email",
    "admin_password",
    "api_token",
    "stripe_secret_key",
    "stripe_webhook_secrets",
    "stripe_api_base",
    "demo",
    "secure_cookies",
    "trust_proxy",
    "trusted_proxies",
    "max_in_flight",
    "request_timeout_secs",
    "header_timeout_secs",
    "company_name",
    "data_dir",
    "log_format",
    "outbox_worker",
];

impl Config {
    /// Reads the process environment (and `CRM_CONFIG`'s file, if set).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::from_sources(&env)
    }

    /// Builds the configuration from an environment map (tests pass their own).
    pub fn from_sources(env: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        if let Some(path) = env.get("CRM_CONFIG").filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(path)
                .map_err(|e| err("CRM_CONFIG", format!("cannot read {path}: {e}")))?;
            let table: toml::Table = text
                .parse()
                .map_err(|e| err("CRM_CONFIG", format!("{path} is not valid TOML: {e}")))?;
            for (k, v) in table {
                if !KEYS.contains(&k.as_str()) {
                    return Err(err(&k, format!("unknown key in {path}")));
                }
                let s = match v {
                    toml::Value::String(s) => s,
                    toml::Value::Boolean(b) => b.to_string(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Array(a) => a
                        .iter()
                        .map(|x| {
                            x.as_str()
                                .map(str::to_owned)
                                .ok_or_else(|| err(&k, "expected a list of strings"))
                        })
                        .collect::<Result<Vec<_>, _>>()?
                        .join(","),
                    _ => return Err(err(&k, "expected a string, boolean, number or list")),
                };
                values.insert(k, s);
            }
        }
        for key in KEYS {
            let name = format!("CRM_{}", key.to_uppercase());
            if let Some(v) = env.get(&name) {
                values.insert((*key).to_string(), v.clone());
            }
        }
        let get = |k: &str| {
            values
                .get(k)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let flag = |k: &str, default: bool| -> Result<bool, ConfigError> {
            match get(k).as_deref() {
                None => Ok(default),
                Some("1" | "true" | "yes" | "on") => Ok(true),
                Some("0" | "false" | "no" | "off") => Ok(false),
                Some(other) => Err(err(
                    &format!("CRM_{}", k.to_uppercase()),
                    format!("expected true/false, got {other:?}"),
                )),
            }
        };

        let number = |k: &str, default: u64| -> Result<u64, ConfigError> {
            match get(k) {
                None => Ok(default),
                Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    err(
                        &format!("CRM_{}", k.to_uppercase()),
                        format!("expected a whole number above 0, got {v:?}"),
                    )
                }),
            }
        };
        let defaults = crate::limits::Limits::default();
        let limits = crate::limits::Limits {
            max_in_flight: usize::try_from(number("max_in_flight", defaults.max_in_flight as u64)?)
                .unwrap_or(usize::MAX),
            request_timeout: std::time::Duration::from_secs(number(
                "request_timeout_secs",
                defaults.request_timeout.as_secs(),
            )?),
            header_timeout: std::time::Duration::from_secs(number(
                "header_timeout_secs",
                defaults.header_timeout.as_secs(),
            )?),
        };
        let data_dir = PathBuf::from(get("data_dir").unwrap_or_else(|| "crm-data".into()));
        let database_url = get("database_url")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("crm.db").to_string_lossy()));
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(err(
                "CRM_DATABASE_URL",
                "must start with sqlite:// or postgres://",
            ));
        }
        let bind: SocketAddr = get("bind")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| err("CRM_BIND", format!("not an address:port: {e}")))?;
        let base_url = get("base_url")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(err("CRM_BASE_URL", "must start with http:// or https://"));
        }
        let secure_default = base_url.starts_with("https://");
        let log_json = match get("log_format").as_deref() {
            None | Some("pretty" | "text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(err(
                    "CRM_LOG_FORMAT",
                    format!("expected text or json, got {other:?}"),
                ));
            }
        };
        let admin_password = get("admin_password").map(Secret);
        let admin_email = get("admin_email");
        if admin_password.is_some() != admin_email.is_some() {
            return Err(err(
                "CRM_ADMIN_EMAIL",
                "set CRM_ADMIN_EMAIL and CRM_ADMIN_PASSWORD together",
            ));
        }
        Ok(Self {
            database_url,
            database_schema: get("database_schema"),
            bind,
            base_url,
            smtp_url: get("smtp_url").map(Secret),
            mail_from: get("mail_from"),
            admin_email,
            admin_password,
            api_token: get("api_token").map(Secret),
            stripe_secret_key: get("stripe_secret_key").map(Secret),
            stripe_webhook_secrets: get("stripe_webhook_secrets")
                .map(|s| {
                    s.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Secret(s.to_string()))
                        .collect()
                })
                .unwrap_or_default(),
            stripe_api_base: get("stripe_api_base"),
            demo: flag("demo", false)?,
            secure_cookies: flag("secure_cookies", secure_default)?,
            limits,
            trusted_proxies: {
                let mut ranges = match get("trusted_proxies") {
                    Some(list) => crm_web_axum::proxies::IpRange::parse_list(&list)
                        .map_err(|e| err("CRM_TRUSTED_PROXIES", e.to_string()))?,
                    None => Vec::new(),
                };
                if flag("trust_proxy", false)? {
                    ranges.extend(crm_web_axum::proxies::IpRange::private());
                }
                ranges
            },
            company_name: get("company_name").unwrap_or_else(|| "My Company".into()),
            data_dir,
            log_json,
            outbox_workers: flag("outbox_worker", true)?,
            dunning_interval: if flag("dunning", true)? {
                Some(std::time::Duration::from_secs(number(
                    "dunning_interval_secs",
                    3600,
                )?))
            } else {
                None
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_the_embedded_setup() {
        let c = Config::from_sources(&env(&[])).unwrap();
        assert_eq!(c.database_url, "sqlite://crm-data/crm.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert!(!c.secure_cookies);
        assert!(c.smtp_url.is_none() && c.stripe_secret_key.is_none());
    }

    #[test]
    fn https_base_means_secure_cookies_and_secrets_are_not_printed() {
        let c = Config::from_sources(&env(&[
            ("CRM_BASE_URL", "https://crm.example.com/"),
            ("CRM_STRIPE_SECRET_KEY", "sk_test_supersecret"),
            ("CRM_STRIPE_WEBHOOK_SECRETS", "whsec_a, whsec_b"),
        ]))
        .unwrap();
        assert!(c.secure_cookies);
        assert_eq!(c.base_url, "https://crm.example.com");
        assert_eq!(c.stripe_webhook_secrets.len(), 2);
        assert!(!format!("{c:?}").contains("supersecret"));
    }

    #[test]
    fn bad_values_name_their_key() {
        let e = Config::from_sources(&env(&[("CRM_BIND", "nonsense")])).unwrap_err();
        assert!(e.to_string().contains("CRM_BIND"));
        let e = Config::from_sources(&env(&[("CRM_DEMO", "maybe")])).unwrap_err();
        assert!(e.to_string().contains("CRM_DEMO"));
        let e = Config::from_sources(&env(&[("CRM_ADMIN_EMAIL", "a@b.example")])).unwrap_err();
        assert!(e.to_string().contains("CRM_ADMIN"));
        let e = Config::from_sources(&env(&[("CRM_TRUSTED_PROXIES", "10.0.0.0/33")])).unwrap_err();
        assert!(e.to_string().contains("CRM_TRUSTED_PROXIES"));
    }

    #[test]
    fn trusted_proxies_are_ranges_and_the_old_flag_means_the_private_ones() {
        let c =
            Config::from_sources(&env(&[("CRM_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8")])).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(c.trusted_proxies[0].contains("10.9.8.7".parse().unwrap()));
        assert!(
            Config::from_sources(&env(&[]))
                .unwrap()
                .trusted_proxies
                .is_empty()
        );
        let old = Config::from_sources(&env(&[("CRM_TRUST_PROXY", "true")])).unwrap();
        assert!(
            old.trusted_proxies
                .iter()
                .any(|r| r.contains("192.168.1.1".parse().unwrap()))
        );
        assert!(
            !old.trusted_proxies
                .iter()
                .any(|r| r.contains("8.8.8.8".parse().unwrap()))
        );
    }

    #[test]
    fn a_toml_file_adds_keys_and_the_environment_wins() {
        let dir = std::env::temp_dir().join(format!("crm-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("crm.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:9999\"\ndemo = true\n").unwrap();
        let c = Config::from_sources(&env(&[
            ("CRM_CONFIG", path.to_str().unwrap()),
            ("CRM_DEMO", "0"),
        ]))
        .unwrap();
        assert_eq!(c.bind.port(), 9999);
        assert!(!c.demo);
        std::fs::write(&path, "nonsense_key = 1\n").unwrap();
        assert!(Config::from_sources(&env(&[("CRM_CONFIG", path.to_str().unwrap())])).is_err());
    }
}
