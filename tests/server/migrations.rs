use crate::support::{fresh_db, migrated_db};
use gridlink::server::migrations::{self, Migration};

#[tokio::test]
async fn migrations_run_once() {
    let db = fresh_db().await;
    let first = migrations::apply(&db).await.expect("first start");
    let names: Vec<String> = migrations::all().expect("readable").into_iter().map(|m| m.name).collect();
    assert_eq!(first, names);
    assert!(first[0].starts_with("0001_"));

    let second = migrations::apply(&db).await.expect("second start");
    assert!(second.is_empty(), "second start applied {second:?}");
    let recorded: Vec<String> =
        db.query("SELECT VALUE name FROM migration ORDER BY name").await.unwrap().take(0).unwrap();
    assert_eq!(recorded, names);
}

/// Every table a migration defines, by name.
fn tables_in_migrations() -> Vec<String> {
    let mut tables: Vec<String> = migrations::all()
        .expect("readable")
        .iter()
        .flat_map(|m| m.sql.lines())
        .filter_map(|line| line.trim().strip_prefix("DEFINE TABLE "))
        .filter_map(|rest| {
            rest.split_whitespace().find(|word| !["IF", "NOT", "EXISTS", "OVERWRITE"].contains(word))
        })
        .map(|name| name.trim_end_matches(';').to_owned())
        .collect();
    tables.push("migration".into());
    tables.sort();
    tables.dedup();
    tables
}

#[tokio::test]
async fn every_table_is_defined_and_schemafull() {
    let db = migrated_db().await;
    let mut response = db
        .query("RETURN object::keys((INFO FOR DB).tables); RETURN object::values((INFO FOR DB).tables);")
        .await
        .unwrap();
    let names: Vec<String> = response.take(0).unwrap();
    let definitions: Vec<String> = response.take(1).unwrap();
    let mut defined = names.clone();
    defined.sort();
    assert_eq!(defined, tables_in_migrations(), "the database has exactly the tables the migrations define");
    for (name, definition) in names.iter().zip(&definitions) {
        assert!(definition.contains("SCHEMAFULL"), "{name} is not SCHEMAFULL: {definition}");
        let rows: Vec<surrealdb::types::Value> =
            db.query(format!("SELECT * FROM {name} LIMIT 1")).await.unwrap().take(0).unwrap();
        assert!(rows.len() <= 1);
    }
    let error = db
        .query("CREATE org_node:x CONTENT { level: 'planet', code: 'x', name: 'x', ancestors: [] }")
        .await
        .unwrap()
        .check()
        .expect_err("assert refuses an unknown level");
    assert!(error.to_string().contains("level"), "{error}");
}

#[test]
fn a_migration_file_that_is_not_utf8_or_is_empty_stops_the_start() {
    let error =
        migrations::read("src/server/migrations/0099_bad.surql", &[0x44, 0xff, 0xfe]).err().expect("refused");
    assert_eq!(error.to_string(), "migration 0099_bad failed: the file is not valid UTF-8");
    let error = migrations::read("0100_empty.surql", b" \n\n").err().expect("refused");
    assert_eq!(error.to_string(), "migration 0100_empty failed: the file is empty");
    assert!(migrations::read("0101_ok.surql", b"DEFINE TABLE t SCHEMAFULL;").is_ok());
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

/// A visit stored before migration 0021 gets its area (the codes of its
/// org nodes), and the area is read through `visit_area`.
#[tokio::test]
async fn visits_stored_before_the_area_field_get_it() {
    let db = fresh_db().await;
    let before =
        migrations::all().expect("readable").into_iter().filter(|m| m.name.as_str() < "0021").collect();
    migrations::apply_list(&db, before).await.unwrap();
    db.query(
        "CREATE visit:old CONTENT { household: household:h, visitor: account:a, visit_type: 'routine', \
         ancestors: [org_node:⟨s⟩, org_node:⟨s-c⟩, org_node:⟨s-c-g⟩], notes: '', op_id: 'old', captured_at: time::now() }",
    )
    .await
    .and_then(|response| response.check())
    .unwrap();
    migrations::apply(&db).await.unwrap();
    let area: Vec<String> = db.query("SELECT VALUE area FROM ONLY visit:old").await.unwrap().take(0).unwrap();
    assert_eq!(area, ["s", "s-c", "s-c-g"]);
    let mut response = db
        .query(
            "SELECT VALUE record::id(id) FROM visit WHERE area CONTAINS 's-c-g'; \
                EXPLAIN SELECT id FROM visit WHERE area CONTAINS 's-c-g';",
        )
        .await
        .unwrap();
    let found: Vec<String> = response.take(0).unwrap();
    assert_eq!(found, ["old"]);
    let plan: Option<String> = response.take(1).unwrap();
    assert!(plan.unwrap_or_default().contains("IndexScan [ctx: Db] [index: visit_area"));
}
