//! `cargo bench -p crm-pay-stripe --bench webhook` — a verified Stripe webhook turning an
//! invoice paid, in process on SQLite: signature check, event translation, the idempotent
//! payment transaction (event id, payment, invoice, metrics, activity, receipt email).
//! Reports median and p99 over `CRM_BENCH_N` deliveries (default 1,000), each to a fresh
//! invoice prepared outside the timing.

use std::time::{Duration, Instant};

use crm_core::ports::Clock;
use crm_core::service::EventOutcome;
use crm_core::testing::Fixture;
use crm_pay_stripe::{Secret, StripeConfig, StripeGateway, handle_webhook, signature};

fn main() {
    let n: usize = std::env::var("CRM_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = std::env::temp_dir().join(format!("crm-webhook-bench-{}", std::process::id()));
    rt.block_on(async {
        let store = crm_storage_sqlx::open(&format!("sqlite://{}/bench.db", dir.display()), &Default::default())
            .await
            .expect("store");
        let f = Fixture::new(store);
        let (_, ctx) = f.company("Muster GmbH").await;
        let client = f.client(&ctx, "Alpha").await;
        let gw = StripeGateway::new(
            StripeConfig {
                secret_key: Secret::new("sk_test_bench"),
                webhook_secrets: vec![Secret::new("whsec_bench")],
                api_base: Some("http://127.0.0.1:9/".into()),
                tolerance: Duration::from_secs(300),
            },
            f.clock.clone(),
        )
        .expect("gateway");
        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let inv = f.issued_invoice(&ctx, &client, "100").await;
            let body = serde_json::json!({
                "id": format!("evt_bench_{i}"), "object": "event", "livemode": false, "type": "checkout.session.completed",
                "data": {"object": {
                    "id": format!("cs_bench_{i}"), "object": "checkout.session", "amount_total": 11_900, "currency": "eur",
                    "livemode": false, "mode": "payment", "payment_intent": format!("pi_bench_{i}"), "payment_status": "paid",
                    "metadata": {"company_id": ctx.company.to_string(), "client_id": client.id.to_string(), "invoice_id": inv.id.to_string()}
                }}
            })
            .to_string();
            let header = signature::sign(body.as_bytes(), "whsec_bench", f.clock.now().timestamp());
            let started = Instant::now();
            let r = handle_webhook(&f.crm, &gw, false, body.as_bytes(), Some(&header)).await;
            times.push(started.elapsed());
            assert!(matches!(r.outcome, Some(EventOutcome::Paid(_))), "{r:?}");
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "webhook → paid on SQLite: n={n} median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            ms(times[n / 2]),
            ms(times[(n * 99 / 100).min(n - 1)]),
            ms(times[n - 1])
        );
    });
    let _ = std::fs::remove_dir_all(&dir);
}
