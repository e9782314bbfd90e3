//! The HTTP client merchant notifications are delivered with. It follows no
//! redirect (a `3xx` is the endpoint's answer: a failed attempt) and uses no
//! proxy. Outside sandbox mode it connects to public addresses only: a name
//! is resolved by [`PublicOnly`], which keeps the public answers and fails
//! when there are none (so a public name that resolves to `10.0.0.1` is
//! refused at delivery, whatever it resolved to when the endpoint was
//! made), and an address written in the URL is checked by
//! [`literal_not_public`], since reqwest connects to those without
//! resolving them.
//!
//! reqwest's own `Resolve` hook is used rather than resolving first and
//! pinning the result per request, so every connection, retries included,
//! goes through the check.

use super::is_public;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// A delivery refused because the endpoint's address is not public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPublic(pub IpAddr);

impl std::fmt::Display for NotPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the endpoint's address {} is not public", self.0)
    }
}

impl std::error::Error for NotPublic {}

/// Resolves with the system's resolver and keeps only public addresses.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> =
                all.iter().copied().filter(|a| is_public(a.ip())).collect();
            if !public.is_empty() {
                return Ok(Box::new(public.into_iter()) as Addrs);
            }
            match all.first() {
                Some(first) => Err(NotPublic(first.ip()).into()),
                None => Err(format!("{host} has no address").into()),
            }
        })
    }
}

/// The client deliveries use: no redirects, no proxy, 3 s to connect and
/// 10 s in all; outside sandbox mode (`sandbox` false) public addresses only.
pub fn delivery_client(sandbox: bool) -> Result<reqwest::Client, reqwest::Error> {
    let builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(3))
        .timeout(Duration::from_secs(10))
        .redirect(Policy::none())
        .no_proxy();
    let builder = if sandbox {
        builder
    } else {
        builder.dns_resolver(Arc::new(PublicOnly))
    };
    builder.build()
}

/// The refusal of `url` when its host is an IP address (in any form the URL
/// standard reads, e.g. `2130706433` for `127.0.0.1`) that is not public.
pub fn literal_not_public(url: &str) -> Option<NotPublic> {
    let ip = host_address(&reqwest::Url::parse(url).ok()?)?;
    (!is_public(ip)).then_some(NotPublic(ip))
}

/// The IP address `url`'s host is, when it is one (not a name).
pub fn host_address(url: &reqwest::Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_urls_are_read_as_the_url_standard_reads_them() {
        let refused = |u: &str| literal_not_public(u).map(|n| n.to_string());
        assert_eq!(
            refused("https://2130706433/h").as_deref(),
            Some("the endpoint's address 127.0.0.1 is not public")
        );
        assert!(refused("https://0x7f.1/h").is_some());
        assert!(refused("https://[::ffff:a00:1]:8443/h").is_some());
        assert!(refused("https://169.254.169.254/latest/meta-data").is_some());
        assert_eq!(refused("https://8.8.8.8/h"), None);
        assert_eq!(refused("https://shop.example/h"), None);
    }

    #[tokio::test]
    async fn names_resolving_only_to_internal_addresses_are_refused() {
        let name: Name = "localhost".parse().unwrap();
        let err = match PublicOnly.resolve(name).await {
            Ok(_) => panic!("localhost resolved to a public address"),
            Err(e) => e,
        };
        let refused = err.downcast_ref::<NotPublic>().expect("a NotPublic error");
        assert!(refused.0.is_loopback(), "{refused}");
    }
}
