//! PostgreSQL for tests: `CHECKOUT_TEST_DATABASE_URL` names a database (the
//! throwaway cluster `scripts/pg.sh` starts; `npm test` sets it). Every call
//! of [`fresh_url`] makes a schema of its own there, so tests never see each
//! other's rows.

/// The test database's URL, when one is configured.
pub fn base_url() -> Option<String> {
    std::env::var("CHECKOUT_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// Whether PostgreSQL tests must run (`CHECKOUT_TEST_REQUIRE_POSTGRES=1`):
/// then a missing `CHECKOUT_TEST_DATABASE_URL` fails them instead of skipping.
pub fn required() -> bool {
    std::env::var("CHECKOUT_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1")
}

/// A URL whose connections use a new, empty schema; `None` (after saying
/// so) when no test database is configured and none is required.
pub fn fresh_url(test: &str) -> Option<String> {
    let Some(base) = base_url() else {
        assert!(
            !required(),
            "{test}: CHECKOUT_TEST_REQUIRE_POSTGRES=1 but CHECKOUT_TEST_DATABASE_URL is not set"
        );
        eprintln!("{test}: skipped on PostgreSQL (set CHECKOUT_TEST_DATABASE_URL; scripts/pg.sh starts one)");
        return None;
    };
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    let schema = format!("t_{}", hex::encode(b));
    let (url, s) = (base.clone(), schema.clone());
    // A runtime of its own, so sync and async callers alike can use this.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&url)
                .await
                .expect("CHECKOUT_TEST_DATABASE_URL answers");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {s}")))
                .execute(&mut c)
                .await
                .unwrap();
            c.close().await.unwrap();
        })
    })
    .join()
    .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}
