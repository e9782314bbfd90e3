//! An older binary runs on a database a newer version migrated: migrations
//! only add, and rolling deploys and rollbacks run two versions on one
//! database (an outside tester of operations found the older binary refused
//! to start, blaming the database's reachability).

mod common;

use checkout_server::{app, store, AppState};
use common::*;
use sqlx::Connection;

/// Creates a session through an app on `settings`' store: the store works.
async fn a_session_can_be_made(settings: checkout_server::Settings) {
    let store = store::open(&settings).await.expect("the store opens");
    store.readiness().await.expect("the store is ready");
    let app = app(AppState::new(settings, store).unwrap());
    let (id, _) = create_session(&app, "customer+de@klarna.com").await;
    assert!(!id.is_empty());
}

#[tokio::test]
async fn postgres_migrated_by_a_newer_version_still_serves() {
    let Some(url) = pg::fresh_url("schema ahead") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    store::open(&settings).await.expect("PostgreSQL opens");
    // What a newer version's migration 999 leaves: a table, a column with a
    // default, and its row in sqlx's bookkeeping.
    let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
    for sql in [
        "CREATE TABLE from_the_future (id BIGINT PRIMARY KEY)",
        "ALTER TABLE sessions ADD COLUMN future_note TEXT NOT NULL DEFAULT ''",
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (999, 'from a newer version', true, '\\x00'::bytea, 1)",
    ] {
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
    c.close().await.unwrap();
    assert!(checkout_server::store::newest_known_migration() < 999);
    a_session_can_be_made(settings).await;
}

#[tokio::test]
async fn sqlite_with_a_newer_versions_additions_still_serves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    let url = format!("sqlite://{}", path.display());
    let settings = common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    drop(store::open(&settings).await.expect("SQLite opens"));
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "CREATE TABLE from_the_future (id INTEGER PRIMARY KEY);
         ALTER TABLE sessions ADD COLUMN future_note TEXT NOT NULL DEFAULT '';",
    )
    .unwrap();
    drop(c);
    a_session_can_be_made(settings).await;
}

/// A migration this build knows, applied with other SQL, still stops the
/// start, and the line says what it is rather than blaming reachability.
#[tokio::test]
async fn a_changed_migration_is_named_as_a_schema_problem() {
    let Some(url) = pg::fresh_url("schema changed") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    store::open(&settings).await.expect("PostgreSQL opens");
    let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET checksum = '\\x00'::bytea WHERE version = 1")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let e = match store::open(&settings).await {
        Ok(_) => panic!("a changed migration must stop the start"),
        Err(e) => store::open_failure(&settings, &e),
    };
    assert!(
        e.starts_with("CHECKOUT_DATABASE_URL: the database answers, but its schema can't be brought to this version's"),
        "{e}"
    );
    assert!(e.contains("migration 1") && !e.contains("reachable"), "{e}");
}

/// A database without the schema (emptied or replaced after the start, or a
/// URL naming another database) is not ready, and `/readyz` says the schema is
/// missing rather than that PostgreSQL does not answer (an outside tester
/// found the runbook's "restore PostgreSQL" pointed the wrong way).
#[tokio::test]
async fn a_database_without_the_schema_is_named_as_not_migrated() {
    let Some(url) = pg::fresh_url("schema missing") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = common::settings(&dir, &[("CHECKOUT_DATABASE_URL", &url)]);
    let store = store::open(&settings).await.expect("PostgreSQL opens");
    store.readiness().await.expect("the store is ready");
    let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("DROP TABLE _sqlx_migrations")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let e = store.readiness().await.expect_err("no schema: not ready").0;
    assert!(
        e.starts_with("the database answers but has no schema") && e.contains("not migrated"),
        "{e}"
    );
    assert!(!e.contains("does not answer"), "{e}");
}
