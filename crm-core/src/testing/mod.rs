//! Test support for adapters: the storage conformance suite and an in-memory store.
//!
//! Any [`crate::ports::Store`] implementation runs the whole suite with one macro:
//!
//! ```ignore
//! // A new, empty database; `None` skips (say loudly why, e.g. the server is not running).
//! async fn fresh_store() -> Option<std::sync::Arc<dyn crm_core::ports::Store>> { None }
//! crm_core::storage_conformance_tests!(fresh_store);
//! // Or one area at a time while the store is being written:
//! // crm_core::storage_conformance_tests!(fresh_store; clients, outbox);
//! ```
//!
//! Each case gets its own fresh store, so cases run in parallel.

pub mod conformance;
mod memory;

pub use conformance::{Fixture, storage_conformance};
pub use memory::{MemoryArchive, MemoryStore};

/// Generates one `#[tokio::test]` per conformance case, in one module per area, each calling
/// `$make().await` for a fresh store (`Option<Arc<dyn Store>>`; `None` skips the case).
/// `storage_conformance_tests!(make)` runs every area; `storage_conformance_tests!(make; clients,
/// outbox)` only the named ones (see [`conformance::AREAS`]). The calling crate needs `tokio`
/// with the `macros` and `rt-multi-thread` features.
#[macro_export]
macro_rules! storage_conformance_tests {
    ($make:path) => {
        $crate::storage_conformance_tests!($make; company, clients, documents, dunning, payments, access, tickets, staff, outbox, archive, cross_area);
    };
    ($make:path; $($area:ident),+ $(,)?) => {
        $($crate::__conformance_area!($make, $area);)+
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_area {
    ($make:path, company) => {
        $crate::__conformance_cases!($make, company; client_numbers_are_sequential_and_unique, manual_numbers_do_not_block_auto_numbering, emails_use_client_then_company_then_default_template);
    };
    ($make:path, clients) => {
        $crate::__conformance_cases!($make, clients; company_and_client_round_trip, client_edit_keeps_contacts_and_revokes_changed_ones, archived_clients_are_filtered, client_summary_is_client_and_metrics, contact_ids_from_input_are_not_trusted, concurrent_contact_edits_are_all_kept, concurrent_writes_on_one_client_do_not_deadlock, contact_mail_roles_are_stored_and_the_primary_is_always_to, einvoice_settings_round_trip_and_clear);
    };
    ($make:path, documents) => {
        $crate::__conformance_cases!($make, documents; invoice_lifecycle_keeps_metrics_exact, bill_to_is_a_snapshot, eur_rate_is_kept_with_the_invoice_and_its_corrections, quotes_send_approve_reject_convert, document_history_filters_and_pages, invoice_list_spans_clients_within_the_company, open_invoices_overview_matches_recomputation, statement_view_is_its_parts, line_units_are_kept);
        $crate::__conformance_cases!($make, corrections; corrections_credit_cancel_and_refund_exactly, correction_numbers_are_unique_and_rows_append_only);
    };
    ($make:path, payments) => {
        $crate::__conformance_cases!($make, payments; payments_are_idempotent_by_reference, refunds_restore_the_balance, concurrent_payments_never_overpay, references_are_unique_per_company, payment_events_are_idempotent_and_never_downgrade, checkout_sessions_decide_what_processing_means, refunds_stay_in_the_events_company);
    };
    ($make:path, dunning) => {
        $crate::__conformance_cases!($make, dunning; an_invoice_walks_through_every_level_once, a_payment_between_runs_stops_the_next_level, an_outage_yields_one_reminder_at_the_next_level, concurrent_runs_issue_each_level_once, a_dunning_block_holds_the_client_out_until_its_end, staff_send_skip_and_waive_by_hand, a_payment_racing_a_run_never_deadlocks, payments_settle_fees_then_interest_then_principal, reminders_are_in_the_document_history, a_clients_own_levels_replace_the_companys, one_clients_failing_letter_leaves_the_others, a_payment_of_fees_alone_stays_refundable, paid_means_nothing_owed_and_waived_stays_waived, a_credit_lowers_the_interest_the_next_letter_claims);
    };
    ($make:path, access) => {
        $crate::__conformance_cases!($make, access; magic_links_and_sessions, archiving_ends_portal_access, magic_links_expire_at_their_ttl, one_single_use_link_redeemed_concurrently_opens_one_session);
    };
    ($make:path, tickets) => {
        $crate::__conformance_cases!($make, tickets; tickets_thread_and_inbox);
    };
    ($make:path, staff) => {
        $crate::__conformance_cases!($make, staff; staff_sessions_and_api_tokens, throttle_counts_are_shared_and_windows_reset, installation_secrets_are_created_once);
    };
    ($make:path, outbox) => {
        $crate::__conformance_cases!($make, outbox; outbox_claims_are_exclusive_and_retry, outbox_marks_apply_only_to_the_claim_holding_the_row, outbox_links_are_minted_per_attempt_and_revoked_on_failure, outbox_a_template_without_the_link_mints_none, document_emails_reach_to_cc_and_the_accounting_copy);
    };
    ($make:path, archive) => {
        $crate::__conformance_cases!($make, archive; files_are_content_addressed_and_idempotent, links_are_written_once_and_scoped, issued_pdf_is_frozen_and_survives_company_changes, a_failed_issue_leaves_neither_file_nor_link, invoices_issued_before_freezing_are_frozen_on_first_request, an_old_invoice_asked_for_its_einvoice_first_keeps_its_pdf, files_are_readable_inside_a_transaction, a_refused_logo_writes_nothing, issued_pdfs_keep_the_logo_they_were_issued_with);
    };
    ($make:path, cross_area) => {
        $crate::__conformance_cases!($make, cross_area; tenant_isolation, store_writes_respect_tenancy, invalid_operations_change_nothing, failed_use_case_rolls_back_everything, metrics_equal_recomputation_after_many_operations);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_cases {
    ($make:path, $area:ident; $($case:ident),* $(,)?) => {
        mod $area {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    if let Some(store) = $make().await {
                        $crate::testing::conformance::$area::$case(store).await;
                    }
                }
            )*
        }
    };
}
