//! First run: the company, the first admin and an API token. Generated credentials are printed
//! once, to stdout (never to the log); credentials from the environment are never printed.

use crm_core::domain::{Actor, AddressInput, Company, SecretToken, StaffUser};
use crm_core::ports::{OsTokenSource, TokenSource};
use crm_core::service::CompanyInput;
use crm_core::{Crm, Ctx, Error};
use tracing::{info, warn};

use crate::config::Config;
use crate::demo;

/// The company this server runs and its first admin.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The company (the first one in the database).
    pub company: Company,
    /// Its first admin.
    pub admin: StaffUser,
}

fn random_secret() -> String {
    SecretToken::from_bytes(OsTokenSource.random_bytes()).encode()
}

/// Creates what a fresh database lacks; idempotent on later runs.
///
/// Instances started together on an empty database may race: each step is idempotent and
/// every instance settles on the oldest company, so a failed attempt (e.g. the admin's email
/// just taken by the other instance) is simply run once more.
///
/// # Errors
/// The use case that failed on the second attempt.
pub async fn run(crm: &Crm, config: &Config) -> Result<Setup, Error> {
    match attempt(crm, config).await {
        Ok(setup) => Ok(setup),
        Err(e) => {
            warn!(error = %e, "first-run set-up failed; retrying once (another instance may be setting up)");
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            attempt(crm, config).await
        }
    }
}

async fn attempt(crm: &Crm, config: &Config) -> Result<Setup, Error> {
    let companies = crm.companies().await?;
    let company = match companies.into_iter().next() {
        Some(c) => {
            if config.demo && c.name != demo::DEMO_COMPANY {
                warn!("CRM_DEMO=1 ignored: the database already holds a company");
            }
            c
        }
        None if config.demo => {
            info!("seeding the demo company (CRM_DEMO=1)");
            let (company, _) = demo::seed(crm).await?;
            company
        }
        None => {
            info!(name = %config.company_name, "creating the company (edit it under Admin → Settings)");
            let _ = crm
                .create_company(&CompanyInput {
                    name: config.company_name.clone(),
                    email: config
                        .mail_from
                        .clone()
                        .or_else(|| config.admin_email.clone())
                        .unwrap_or_else(|| "billing@example.com".into()),
                    address: AddressInput {
                        street: "Musterstraße 1".into(),
                        city: "Berlin".into(),
                        state: None,
                        postal_code: "10115".into(),
                        country: "DE".into(),
                    },
                    tax_id: None,
                    currency: "EUR".into(),
                    locale: "de-DE".into(),
                })
                .await?;
            // Another instance may have created one at the same moment: all take the oldest.
            crm.companies()
                .await?
                .into_iter()
                .next()
                .ok_or(Error::NotFound(crm_core::service::Entity::Company))?
        }
    };
    let system = Ctx::new(company.id, Actor::System);
    let users = crm.staff_users(&system).await?;
    let first_run = users.is_empty();

    let admin = match (&config.admin_email, &config.admin_password) {
        (Some(email), Some(password)) => {
            let wanted = email.trim().to_lowercase();
            match users
                .iter()
                .find(|u| u.email.as_str().to_lowercase() == wanted)
            {
                Some(u) => u.clone(),
                None => {
                    let u = crm
                        .create_staff(&system, email, "Admin", &password.0)
                        .await?;
                    info!(email = %u.email.as_str(), "admin created from CRM_ADMIN_EMAIL");
                    u
                }
            }
        }
        _ => match users.into_iter().next() {
            Some(u) => u,
            None => {
                let password = random_secret();
                let u = crm
                    .create_staff(&system, "admin@example.com", "Admin", &password)
                    .await?;
                println!();
                println!("  First admin (shown once — change the password in the admin UI):");
                println!("    email:    {}", u.email.as_str());
                println!("    password: {password}");
                u
            }
        },
    };

    let admin_ctx = Ctx::new(
        company.id,
        Actor::Staff {
            id: Some(admin.id),
            name: admin.name.clone(),
        },
    );
    match &config.api_token {
        Some(raw) => {
            crm.create_api_token(&admin_ctx, admin.id, "CRM_API_TOKEN", Some(&raw.0))
                .await?;
        }
        None if first_run => {
            let token = crm
                .create_api_token(&admin_ctx, admin.id, "first run", None)
                .await?;
            println!("  API token (shown once): {token}");
            println!(
                "    curl -H 'Authorization: Bearer {token}' {}/api/v1/clients",
                config.base_url
            );
            println!();
        }
        None => {}
    }
    Ok(Setup { company, admin })
}
