//! `gridlink backup` / `gridlink restore`: a round trip through a SurrealQL
//! export keeps every record, and a restore never overwrites a database.

use crate::support::{demo_state, fresh_db};
use crate::sync::{apply, report, visit, worker};
use gridlink::model::sync::OpResult;
use gridlink::server::backup::{self, BackupError};
use gridlink::server::{migrations, Database};

async fn count(db: &Database, table: &str) -> i64 {
    let n: Option<i64> = db
        .query(format!("RETURN count(SELECT id FROM {table})"))
        .await
        .expect("counts")
        .take(0)
        .expect("a number");
    n.expect("a count")
}

const TABLES: [&str; 7] = ["org_node", "building", "household", "account", "visit", "issue", "sync_op"];

#[tokio::test]
async fn a_backup_restores_every_record_into_an_empty_database() {
    let state = demo_state().await;
    for n in 1..=5 {
        assert_eq!(apply(&state, &worker(), &visit(n)).await, OpResult::Applied);
    }
    assert_eq!(apply(&state, &worker(), &report(6)).await, OpResult::Applied);
    let file = std::env::temp_dir().join(format!("gridlink-backup-{}.surql", std::process::id()));
    backup::write(&state.db, &file).await.expect("writes the backup");

    let restored = fresh_db().await;
    backup::restore(&restored, &file).await.expect("restores");
    for table in TABLES {
        assert_eq!(count(&restored, table).await, count(&state.db, table).await, "{table}");
    }
    assert!(migrations::apply(&restored).await.expect("migrates").is_empty(), "the migrations came along");
    // The restored records work as before: the same operation is a replay.
    let restored_state = gridlink::server::AppState::new(crate::support::test_config(), restored);
    assert_eq!(apply(&restored_state, &worker(), &visit(1)).await, OpResult::Applied, "the stored answer");
    assert_eq!(count(&restored_state.db, "visit").await, 5);

    let error = backup::restore(&state.db, &file).await.expect_err("refused");
    assert!(matches!(error, BackupError::NotEmpty(_)), "{error}");
    std::fs::remove_file(&file).expect("removes the backup");
}

#[tokio::test]
async fn a_missing_backup_file_is_a_clear_error() {
    let db = fresh_db().await;
    let error =
        backup::restore(&db, std::path::Path::new("/nonexistent/gridlink.surql")).await.expect_err("refused");
    assert!(error.to_string().starts_with("/nonexistent/gridlink.surql:"), "{error}");
}
