//! Test support for adapters: the storage conformance suite and an in-memory store.
//!
//! Any [`crate::ports::Store`] implementation runs the whole suite with one macro:
//!
//! ```ignore
//! // A new, empty database; `None` skips (say loudly why, e.g. the server is not running).
//! async fn fresh_store() -> Option<std::sync::Arc<dyn crm_core::ports::Store>> { None }
//! crm_core::storage_conformance_tests!(fresh_store);
//! ```
//!
//! Each case gets its own fresh store, so cases run in parallel.

pub mod conformance;
mod memory;

pub use conformance::{Fixture, storage_conformance};
pub use memory::MemoryStore;

/// Generates one `#[tokio::test]` per conformance case, each calling `$make().await` for a
/// fresh store (`Option<Arc<dyn Store>>`; `None` skips the case). The calling crate needs `tokio` with the `macros` and `rt-multi-thread`
/// features.
#[macro_export]
macro_rules! storage_conformance_tests {
    ($make:path) => {
        $crate::__conformance_cases!($make;
            company_and_client_round_trip,
            client_numbers_are_sequential_and_unique,
            client_edit_keeps_contacts_and_revokes_changed_ones,
            archived_clients_are_filtered,
            invoice_lifecycle_keeps_metrics_exact,
            bill_to_is_a_snapshot,
            invalid_operations_change_nothing,
            failed_use_case_rolls_back_everything,
            quotes_send_approve_reject_convert,
            payments_are_idempotent_by_reference,
            refunds_restore_the_balance,
            emails_use_client_then_company_then_default_template,
            outbox_claims_are_exclusive_and_retry,
            magic_links_and_sessions,
            tickets_thread_and_inbox,
            tenant_isolation,
            document_history_filters_and_pages,
            open_invoices_overview_matches_recomputation,
            client_summary_is_client_and_metrics,
            statement_view_is_its_parts,
            concurrent_contact_edits_are_all_kept,
            metrics_equal_recomputation_after_many_operations,
            concurrent_payments_never_overpay,
            concurrent_writes_on_one_client_do_not_deadlock,
            manual_numbers_do_not_block_auto_numbering,
            contact_ids_from_input_are_not_trusted,
            references_are_unique_per_company,
            store_writes_respect_tenancy,
            archiving_ends_portal_access,
            payment_events_are_idempotent_and_never_downgrade,
            staff_sessions_and_api_tokens,
            throttle_counts_are_shared_and_windows_reset,
            installation_secrets_are_created_once,
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_cases {
    ($make:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                if let Some(store) = $make().await {
                    $crate::testing::conformance::$case(store).await;
                }
            }
        )*
    };
}
