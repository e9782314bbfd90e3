//! The origins a merchant may name in `allowed_origins` (who may frame the
//! hosted page and talk to it): exact web origins only, written as browsers
//! write them, because they are compared byte for byte with
//! `MessageEvent.origin` and copied into the page's CSP `frame-ancestors`.

/// At most this many allowed origins per session.
pub const MAX_ALLOWED_ORIGINS: usize = 20;

/// Whether `host` is a loopback name or address.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host
            .strip_prefix("127.")
            .is_some_and(|r| r.split('.').count() == 3)
}

fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("expected a host".into());
    }
    if host.contains('*') {
        return Err("expected no wildcard; list each origin".into());
    }
    if !host.is_ascii() {
        return Err("expected the punycode (xn--) form of an international domain name".into());
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err("expected the host in lower case, as browsers write origins".into());
    }
    if host.starts_with('[') {
        let inner = host.strip_suffix(']').and_then(|h| h.strip_prefix('['));
        return match inner.map(str::parse::<std::net::Ipv6Addr>) {
            Some(Ok(_)) => Ok(()),
            _ => Err("expected an IPv6 address in brackets".into()),
        };
    }
    if host.len() > 253 {
        return Err("expected a host of at most 253 characters".into());
    }
    for label in host.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(format!(
                "expected a host name, {label:?} is not a valid label"
            ));
        }
    }
    Ok(())
}

/// Checks one allowed origin: `https://host[:port]` (or `http://` to a
/// loopback host when `http_loopback`, as in sandbox mode), host in lower
/// case (punycode for international names), an optional port from 1 to
/// 65535 that is not the scheme's default, and nothing else: no path (not
/// even `/`), query, fragment, user or wildcard.
pub fn check_origin(s: &str, http_loopback: bool) -> Result<(), String> {
    if s.len() > 300 {
        return Err("expected an origin of at most 300 characters".into());
    }
    let (scheme, rest, default_port) = if let Some(r) = s.strip_prefix("https://") {
        ("https", r, "443")
    } else if let Some(r) = s.strip_prefix("http://") {
        ("http", r, "80")
    } else {
        return Err("expected an origin like https://shop.example".into());
    };
    if rest.contains(['/', '?', '#']) {
        return Err("expected an origin without a path (not even /), query or fragment".into());
    }
    if rest.contains('@') {
        return Err("expected an origin without user information".into());
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(':') && (h.starts_with('[') || !h.contains(':')) => {
            (h, Some(p))
        }
        _ => (rest, None),
    };
    check_host(host)?;
    if let Some(p) = port {
        if p == "*" {
            return Err("expected no wildcard port; list each origin".into());
        }
        let valid = !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && !p.starts_with('0')
            && p.parse::<u32>().is_ok_and(|n| (1..=65_535).contains(&n));
        if !valid {
            return Err("expected a port from 1 to 65535".into());
        }
        if p == default_port {
            return Err(format!(
                "expected no port {default_port}: it is {scheme}'s default and browsers leave it out"
            ));
        }
    }
    if scheme == "http" && !(http_loopback && is_loopback(host)) {
        return Err(if http_loopback {
            "expected https (http only for a loopback host such as 127.0.0.1)".into()
        } else {
            "expected https".into()
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_origins_pass() {
        for ok in [
            "https://shop.example",
            "https://www.shop.example:8443",
            "https://xn--bcher-kva.example",
            "https://[2001:db8::1]",
            "https://10.0.0.1:4443",
        ] {
            assert_eq!(check_origin(ok, false), Ok(()), "{ok}");
        }
        assert_eq!(check_origin("http://127.0.0.1:8787", true), Ok(()));
        assert_eq!(check_origin("http://localhost:3000", true), Ok(()));
    }

    #[test]
    fn everything_else_is_refused_with_a_reason() {
        let cases = [
            ("https://*", "wildcard"),
            ("https://*.shop.example", "wildcard"),
            ("https://shop.example:*", "wildcard"),
            ("https://shop.example:65536", "port from 1 to 65535"),
            ("https://shop.example:0", "port from 1 to 65535"),
            ("https://shop.example:443", "default"),
            ("https://bücher.example", "punycode"),
            ("https://Shop.example", "lower case"),
            ("https://shop.example/", "path"),
            ("https://shop.example/pay", "path"),
            ("https://user@shop.example", "user"),
            ("https://shop..example", "label"),
            ("https://-shop.example", "label"),
            ("https://shop.example;script-src", "label"),
            ("ftp://shop.example", "like https://"),
            ("http://shop.example", "https"),
            ("http://127.0.0.1:8787", "https"),
        ];
        for (bad, why) in cases {
            let e = check_origin(bad, false).expect_err(bad);
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert!(check_origin("http://shop.example", true)
            .unwrap_err()
            .contains("loopback"));
    }
}
