use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

#[test]
fn ranges_parse_and_match() {
    let r = IpRange::parse("10.0.0.0/8").expect("range");
    assert!(r.contains(ip("10.255.1.2")));
    assert!(!r.contains(ip("11.0.0.1")));
    assert!(r.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped");
    let one = IpRange::parse("192.0.2.7").expect("single");
    assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
    let v6 = IpRange::parse("fd00::/8").expect("v6");
    assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
    assert!(
        IpRange::parse("0.0.0.0/0")
            .expect("all")
            .contains(ip("8.8.8.8"))
    );
    for bad in ["10.0.0.0/33", "::/129", "10.0.0/8", "x", "10.0.0.0/", "/8"] {
        assert!(IpRange::parse(bad).is_err(), "{bad}");
    }
    let list = IpRange::parse_list(" 10.0.0.0/8 , ,fd00::/8").expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].to_string(), "10.0.0.0/8");
}

#[test]
fn the_header_counts_only_behind_a_trusted_proxy() {
    let trusted = IpRange::parse_list("10.0.0.0/8").expect("list");
    // A client that writes the header itself is counted as itself.
    assert_eq!(
        client_behind(ip("203.0.113.9"), &["198.51.100.1"], &trusted),
        ip("203.0.113.9")
    );
    // Behind our proxy: its entry (the rightmost) is the client; what the client wrote before
    // it is ignored.
    assert_eq!(
        client_behind(ip("10.0.0.2"), &["1.2.3.4, 203.0.113.9"], &trusted),
        ip("203.0.113.9")
    );
    // Two trusted hops (header lines or commas): past both to the client.
    assert_eq!(
        client_behind(
            ip("10.0.0.2"),
            &["1.2.3.4, 203.0.113.9", "10.0.0.3"],
            &trusted
        ),
        ip("203.0.113.9")
    );
    // No usable entry: the proxy itself.
    assert_eq!(
        client_behind(ip("10.0.0.2"), &["garbage"], &trusted),
        ip("10.0.0.2")
    );
    // Nothing trusted: the header never counts.
    assert_eq!(
        client_behind(ip("10.0.0.2"), &["203.0.113.9"], &[]),
        ip("10.0.0.2")
    );
}

#[test]
fn an_ipv6_client_is_counted_by_its_64() {
    assert_eq!(
        rate_key(ip("2001:db8:1:2:aaaa::1")),
        rate_key(ip("2001:db8:1:2:ffff:1:2:3"))
    );
    assert_ne!(
        rate_key(ip("2001:db8:1:2::1")),
        rate_key(ip("2001:db8:1:3::1"))
    );
    assert_eq!(rate_key(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
    assert_eq!(rate_key(ip("192.0.2.1")), "192.0.2.1");
    assert_eq!(rate_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
}
