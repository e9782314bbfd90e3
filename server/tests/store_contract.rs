//! The store contract: every backend (SQLite, PostgreSQL) passes the same
//! tests, so the handlers can't tell them apart. Rules that SQLite keeps in
//! its SQL (times compared as text, the rate-window upsert, `BEGIN IMMEDIATE`
//! as the lock) are pinned down here as behaviour, with concurrency where
//! the rule is about concurrency. PostgreSQL runs when
//! `CHECKOUT_TEST_DATABASE_URL` is set (`npm test` starts a throwaway cluster).

#[path = "store_contract/answers.rs"]
mod answers;
#[path = "store_contract/asked.rs"]
mod asked;
#[path = "store_contract/cases.rs"]
mod cases;
mod common;
#[path = "store_contract/documents.rs"]
mod documents;
#[path = "store_contract/keys.rs"]
mod keys;
#[path = "store_contract/lifecycle.rs"]
mod lifecycle;
#[path = "store_contract/logged.rs"]
mod logged;
#[path = "store_contract/merchants.rs"]
mod merchants;
#[path = "store_contract/privacy.rs"]
mod privacy;

use checkout_server::store::{self, Backend};
use std::sync::Arc;
use tempfile::TempDir;

/// A fresh store of one backend, and what keeps it alive.
pub struct Fixture {
    pub store: Arc<dyn Backend>,
    pub settings: checkout_server::Settings,
    _dir: TempDir,
}

async fn sqlite() -> Option<Fixture> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("c.sqlite").display());
    let settings = common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    let store = store::open(&settings).await.expect("SQLite opens");
    Some(Fixture {
        store,
        settings,
        _dir: dir,
    })
}

async fn postgres() -> Option<Fixture> {
    let url = common::pg::fresh_url("store contract")?;
    let dir = tempfile::tempdir().unwrap();
    let settings = common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    let store = store::open(&settings).await.expect("PostgreSQL opens");
    Some(Fixture {
        store,
        settings,
        _dir: dir,
    })
}

macro_rules! contract {
    ($($case:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let f = super::sqlite().await.unwrap();
                    assert_eq!(f.store.backend(), "sqlite");
                    super::$case(&f).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let Some(f) = super::postgres().await else { return };
                    assert_eq!(f.store.backend(), "postgres");
                    super::$case(&f).await;
                }
            )*
        }
    };
}

use answers::*;
use asked::*;
use cases::*;
use documents::*;
use keys::*;
use lifecycle::*;
use logged::*;
use merchants::*;
use privacy::*;

contract!(
    jobs_are_claimed_by_one_owner_at_a_time,
    queued_jobs_are_deduplicated,
    the_backlog_is_due_queued_jobs_by_kind,
    finished_jobs_are_pruned_after_their_cut_offs,
    klarna_events_are_accepted_once,
    payment_writes_are_compare_and_set,
    notifications_record_every_attempt,
    sessions_round_trip,
    patches_apply_only_while_open,
    the_network_token_changes_only_before_expiry,
    transitions_are_compare_and_set,
    of_concurrent_transitions_exactly_one_wins,
    events_keep_their_order,
    payment_requests,
    sandbox_requests_are_compare_and_set,
    idempotency_records,
    of_concurrent_reservations_exactly_one_proceeds,
    a_dead_holders_reservation_is_taken_over_at_once,
    webhook_events_are_claimed_once,
    rate_limit_windows,
    concurrent_rate_limit_hits_are_all_counted,
    the_first_shared_value_wins,
    documents_are_compare_and_set,
    a_fresh_store_is_ready,
    instances_starting_together_migrate_once,
    personal_data_of_finished_sessions_is_listed_and_erased,
    personal_data_leaves_the_stored_events_too,
    merchant_keys_are_listed_oldest_first,
    erasure_reaches_the_answers_kept_for_replays,
    an_asked_event_stamps_its_session,
    a_changes_log_lines_are_written_with_it,
);
