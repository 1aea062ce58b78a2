//! The seeding tool writes data the use cases could have written: metrics equal a
//! recomputation, and the seeded history pages like any other.

use std::sync::Arc;

use crm_core::domain::{Actor, HistoryFilter};
use crm_core::ports::Store;
use crm_core::{Crm, CrmConfig, Ctx};
use crm_storage_sqlx::seed::{SeedReport, SeedSpec};

use crate::support;

fn spec() -> SeedSpec {
    SeedSpec {
        sized_clients: vec![120, 30],
        other_clients: 10,
        other_invoices: 200,
        batch: 64,
    }
}

async fn check(store: Arc<dyn Store>, report: SeedReport) {
    assert_eq!(report.sized_clients.len(), 2);
    let crm = Crm::new(store.clone(), CrmConfig::default());
    let ctx = Ctx::new(report.company, Actor::System);
    for (client, count) in report.sized_clients.iter().zip([120usize, 30]) {
        let kept = store
            .client_metrics(report.company, *client)
            .await
            .expect("metrics")
            .expect("client");
        assert_eq!(
            kept,
            crm.recompute_metrics(&ctx, *client)
                .await
                .expect("recompute")
        );
        assert!(kept.total_invoiced > rust_decimal::Decimal::ZERO);
        assert_eq!(
            store
                .invoices_of_client(report.company, *client)
                .await
                .expect("invoices")
                .len(),
            count
        );
        let page = crm
            .document_history(&ctx, *client, &HistoryFilter::default(), None, 50)
            .await
            .expect("history");
        assert_eq!(page.items.len(), 50.min(count));
    }
    assert!(report.rows > 300);
}

#[tokio::test]
async fn sqlite_seed_is_consistent() {
    let (store, _dir) = support::sqlite().await;
    let report = store.seed(&spec()).await.expect("seed");
    check(store, report).await;
}

#[tokio::test]
async fn postgres_seed_is_consistent() {
    let Some(store) = support::postgres().await else {
        return;
    };
    let report = store.seed(&spec()).await.expect("seed");
    check(store, report).await;
}
