//! Which IP addresses are public: those a merchant's notification endpoint
//! may be reached at outside sandbox mode. The rest (loopback, private,
//! link-local, shared, documentation, multicast, reserved, and IPv6 forms of
//! them) belong to this machine or the networks around it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is a public unicast address. An IPv4-mapped IPv6 address
/// (`::ffff:10.0.0.1`) is judged as the IPv4 address it maps to.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

// `Ipv4Addr::is_global`, `is_shared`, `is_benchmarking` and `is_reserved` are
// not stable yet: those ranges are written out here.
fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let refused = a == 0 // 0.0.0.0/8, "this network" (0.0.0.0 itself too)
        || ip.is_loopback() // 127.0.0.0/8
        || ip.is_private() // 10/8, 172.16/12, 192.168/16
        || ip.is_link_local() // 169.254/16 (cloud metadata services)
        || ip.is_broadcast()
        || ip.is_multicast() // 224/4
        || ip.is_documentation() // 192.0.2/24, 198.51.100/24, 203.0.113/24
        || (a == 100 && (b & 0xc0) == 64) // 100.64/10, shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // 192.0.0/24, IETF protocol assignments
        || (a == 198 && (b & 0xfe) == 18) // 198.18/15, benchmarking
        || a >= 240; // 240/4, reserved
    !refused
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let refused = ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_unique_local() // fc00::/7
        || ip.is_unicast_link_local() // fe80::/10
        || ip.is_multicast() // ff00::/8
        // Only global unicast (2000::/3) is public; this also refuses NAT64
        // (64:ff9b::/96), IPv4-compatible (::/96) and discard (100::/64) forms.
        || (s[0] & 0xe000) != 0x2000
        || (s[0] == 0x2001 && s[1] < 0x0200) // 2001::/23, IETF protocol assignments (Teredo, …)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // 2001:db8::/32, documentation
        || s[0] == 0x2002 // 2002::/16, 6to4 (an IPv4 address inside)
        || (s[0] == 0x3fff && s[1] < 0x1000); // 3fff::/20, documentation
    !refused
}

#[cfg(test)]
mod tests {
    use super::is_public;
    use std::net::IpAddr;

    fn public(s: &str) -> bool {
        is_public(s.parse::<IpAddr>().unwrap())
    }

    #[test]
    fn internal_addresses_are_not_public() {
        for a in [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "127.255.0.9",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "192.0.0.8",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "198.19.255.1",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "100::1",
            "2001::1",
            "2001:db8::1",
            "2002:a00:1::1",
            "3fff::1",
        ] {
            assert!(!public(a), "{a} is not public");
        }
    }

    #[test]
    fn public_addresses_are() {
        for a in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.0.1",
            "172.32.0.1",
            "192.0.1.1",
            "198.17.0.1",
            "198.20.0.1",
            "223.255.255.254",
            "::ffff:8.8.8.8",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "2001:4860:4860::8888",
        ] {
            assert!(public(a), "{a} is public");
        }
    }
}
