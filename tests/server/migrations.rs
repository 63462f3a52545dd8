use crate::support::{fresh_db, migrated_db};
use gridlink::server::migrations::{self, Migration};

#[tokio::test]
async fn migrations_run_once() {
    let db = fresh_db().await;
    let first = migrations::apply(&db).await.expect("first start");
    let names: Vec<String> = migrations::all().into_iter().map(|m| m.name).collect();
    assert_eq!(first, names);
    assert!(first[0].starts_with("0001_"));

    let second = migrations::apply(&db).await.expect("second start");
    assert!(second.is_empty(), "second start applied {second:?}");
    let recorded: Vec<String> =
        db.query("SELECT VALUE name FROM migration ORDER BY name").await.unwrap().take(0).unwrap();
    assert_eq!(recorded, names);
}

#[tokio::test]
async fn every_table_is_defined_and_schemafull() {
    let db = migrated_db().await;
    for table in [
        "org_node",
        "building",
        "household",
        "account",
        "session",
        "login_failure",
        "audit_event",
        "migration",
    ] {
        let rows: Vec<surrealdb::types::Value> =
            db.query(format!("SELECT * FROM {table}")).await.unwrap().take(0).unwrap();
        let _ = rows;
    }
    let error = db
        .query("CREATE org_node:x CONTENT { level: 'planet', code: 'x', name: 'x', ancestors: [] }")
        .await
        .unwrap()
        .check()
        .expect_err("assert refuses an unknown level");
    assert!(error.to_string().contains("level"), "{error}");
}

#[tokio::test]
async fn a_failing_migration_changes_nothing_and_names_itself() {
    let db = migrated_db().await;
    let bad = Migration {
        name: "0999_broken".into(),
        sql: "DEFINE TABLE scratch SCHEMAFULL; CREATE scratch:1 SET nope = 1;",
    };
    let error = migrations::apply_list(&db, vec![bad]).await.expect_err("fails").to_string();
    assert!(error.starts_with("migration 0999_broken failed"), "{error}");
    assert!(error.contains("nope"), "{error}");
    let recorded: Vec<String> = db.query("SELECT VALUE name FROM migration").await.unwrap().take(0).unwrap();
    assert!(!recorded.contains(&"0999_broken".to_string()));
    let tables: surrealdb::types::Value = db.query("INFO FOR DB").await.unwrap().take(0).unwrap();
    assert!(!format!("{tables:?}").contains("scratch"), "the table was rolled back");
}
