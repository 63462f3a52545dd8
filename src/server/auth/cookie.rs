//! The session cookie: `HttpOnly`, `SameSite=Lax`, and over HTTPS `Secure`
//! with the `__Host-` prefix (bound to this host, path `/`).

use axum::http::{header, HeaderMap};
use cookie::{Cookie, SameSite};

pub fn name(secure: bool) -> &'static str {
    if secure {
        "__Host-gridlink_session"
    } else {
        "gridlink_session"
    }
}

pub fn read(headers: &HeaderMap, secure: bool) -> Option<String> {
    let wanted = name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == wanted)
        .map(|cookie| cookie.value().to_owned())
}

pub fn set(token: &str, secure: bool, max_age_secs: u64) -> String {
    build(token.to_owned(), secure)
        .max_age(cookie::time::Duration::seconds(max_age_secs.min(i64::MAX as u64) as i64))
        .build()
        .to_string()
}

pub fn clear(secure: bool) -> String {
    build(String::new(), secure).max_age(cookie::time::Duration::ZERO).build().to_string()
}

fn build(value: String, secure: bool) -> cookie::CookieBuilder<'static> {
    Cookie::build((name(secure), value)).path("/").http_only(true).same_site(SameSite::Lax).secure(secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_host_bound_over_https() {
        let value = set("abc", true, 60);
        assert!(value.starts_with("__Host-gridlink_session=abc"), "{value}");
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=60"] {
            assert!(value.contains(part), "{value} lacks {part}");
        }
        assert!(!set("abc", false, 60).contains("Secure"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "i18n_pref_locale=en; gridlink_session=tok".parse().unwrap());
        assert_eq!(read(&headers, false).as_deref(), Some("tok"));
        assert_eq!(read(&headers, true), None);
    }
}
