//! figment's `Jail` closures return its own (large) error type.
#![allow(clippy::result_large_err)]

use crate::support::repo_file;
use figment::Jail;
use gridlink::server::config::{Config, Settings};
use std::path::Path;

#[test]
fn file_values_are_read_and_environment_overrides_them() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "site.toml",
            r#"
[gridlink]
data_dir = "/srv/gridlink"
session_idle_minutes = 30
default_locale = "en"

[package.metadata.leptos]
output-name = "gridlink"
site-root = "site"
site-addr = "0.0.0.0:8080"
"#,
        )?;
        let settings = Settings::load(Path::new("site.toml")).expect("loads");
        assert_eq!(settings.session_idle_minutes, 30);
        assert_eq!(settings.default_locale, "en");
        assert_eq!(
            settings.database_url(),
            "surrealkv:///srv/gridlink/gridlink.db?sync=every&surrealkv_max_memtable_size=67108864&surrealkv_block_cache_capacity=268435456"
        );

        jail.set_env("GRIDLINK_SESSION_IDLE_MINUTES", "5");
        jail.set_env("GRIDLINK_DATABASE_URL", "mem://");
        jail.set_env("LEPTOS_SITE_ADDR", "127.0.0.1:9999");
        let config = Config::load(Some(Path::new("site.toml"))).expect("loads");
        assert_eq!(config.settings.session_idle_minutes, 5);
        assert_eq!(config.settings.database_url(), "mem://");
        assert_eq!(config.leptos.site_addr.to_string(), "127.0.0.1:9999");
        assert_eq!(config.leptos.site_root.as_ref(), "site");
        Ok(())
    });
}

#[test]
fn a_missing_file_gives_the_defaults() {
    Jail::expect_with(|_| {
        let settings = Settings::load(Path::new("absent.toml")).expect("defaults");
        assert_eq!(settings, Settings::default());
        assert!(settings.database_url().starts_with("surrealkv://data/gridlink.db?sync=every&"));
        Ok(())
    });
}

#[test]
fn unknown_keys_and_bad_values_are_refused_with_their_name() {
    Jail::expect_with(|jail| {
        jail.create_file("typo.toml", "[gridlink]\nsesion_idle_minutes = 3\n")?;
        let error = Settings::load(Path::new("typo.toml")).unwrap_err().to_string();
        assert!(error.contains("sesion_idle_minutes"), "{error}");

        jail.set_env("GRIDLINK_SESSION_IDLE_MINUTES", "soon");
        let error = Settings::load(Path::new("absent.toml")).unwrap_err().to_string();
        assert!(error.to_lowercase().contains("session_idle_minutes"), "{error}");
        jail.set_env("GRIDLINK_SOMETHING_ELSE", "scripts may use other variables");
        jail.set_env("GRIDLINK_SESSION_IDLE_MINUTES", "9");
        assert_eq!(Settings::load(Path::new("absent.toml")).expect("loads").session_idle_minutes, 9);
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("GRIDLINK_DEFAULT_LOCALE", "fr");
        let error = Settings::load(Path::new("absent.toml")).unwrap_err().to_string();
        assert!(error.contains("fr"), "{error}");
        Ok(())
    });
}

/// cargo-leptos builds from Cargo.toml, the server runs from Leptos.toml:
/// the site options they share must agree.
#[test]
fn leptos_toml_and_cargo_toml_agree() {
    let read = |name: &str| -> toml::Table {
        let text = std::fs::read_to_string(repo_file(name)).expect("readable");
        let table: toml::Table = text.parse().expect("valid toml");
        table["package"]["metadata"]["leptos"].as_table().expect("leptos table").clone()
    };
    let build = read("Cargo.toml");
    let runtime = read("Leptos.toml");
    // `env` is a runtime-only key that cargo-leptos 0.3 does not know.
    for (key, value) in runtime.iter().filter(|(key, _)| key.as_str() != "env") {
        assert_eq!(build.get(key), Some(value), "{key} differs between Cargo.toml and Leptos.toml");
    }
}

#[test]
fn assessment_weights_are_configuration_and_cannot_all_be_zero() {
    Jail::expect_with(|jail| {
        jail.create_file("weights.toml", "[gridlink.assessment]\nhours_weight = 70\ntasks_target = 5\n")?;
        let settings = Settings::load(Path::new("weights.toml")).expect("loads");
        assert_eq!((settings.assessment.hours_weight, settings.assessment.tasks_target), (70, 5));
        assert_eq!(settings.assessment.on_time_weight, 15, "the rest keep their defaults");
        let zero =
            "[gridlink.assessment]\nactive_members_weight = 0\nreported_weight = 0\ntasks_weight = 0\n\
                    hours_weight = 0\non_time_weight = 0\n";
        jail.create_file("zero.toml", zero)?;
        let error = Settings::load(Path::new("zero.toml")).unwrap_err().to_string();
        assert!(error.contains("weight"), "{error}");
        jail.create_file("typo.toml", "[gridlink.assessment]\nhour_weight = 1\n")?;
        let error = Settings::load(Path::new("typo.toml")).unwrap_err().to_string();
        assert!(error.contains("hour_weight"), "{error}");
        Ok(())
    });
}
