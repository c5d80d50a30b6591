//! The address column of `pg_hba.conf` and the ranges of clients it covers.
//!
//! The server asks the C library for a numeric address (`getaddrinfo` with
//! `AI_NUMERICHOST`), which on glibc takes IPv4 in every form `inet_aton` knows: `10.1` is
//! 10.0.0.1, `012.0.0.1` is octal for 10.0.0.1 and `0x0a.0.0.1` is hex. Anything that is not
//! a numeric address becomes a host name, even `10.0.0.300`. A `/len` suffix is read as a
//! base-10 integer (`/024` and `/+8` pass); a host name with one is an error. An address is
//! compared with the client's only under the mask, so bits right of the prefix are ignored,
//! and an IPv4 range never matches an IPv6 client (an IPv4-mapped one included).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Token;

/// What an address field names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressSpec {
    /// The keyword `all`: every client address.
    All,
    /// The keyword `samehost`: any of the server's own addresses.
    SameHost,
    /// The keyword `samenet`: any address on a subnet the server is directly attached to.
    SameNet,
    /// A numeric address, with its `/len` if one is written.
    Ip(Address),
    /// A host name, or a suffix of one when it starts with a dot.
    HostName(String),
    /// A text the server refuses.
    Invalid(AddressError),
}

/// A numeric address and the prefix length written after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Address {
    pub ip: IpAddr,
    pub prefix: Option<u8>,
}

/// Why the server refuses an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressError {
    /// `name/len`: a host name cannot carry a prefix length.
    HostNameWithPrefix,
    /// The text after `/` is not a length the family allows.
    BadPrefix { max: u8 },
}

impl AddressSpec {
    /// Reads an address token as the server does.
    pub fn parse(token: &Token) -> AddressSpec {
        if token.is_keyword("all") {
            return AddressSpec::All;
        }
        if token.is_keyword("samehost") {
            return AddressSpec::SameHost;
        }
        if token.is_keyword("samenet") {
            return AddressSpec::SameNet;
        }

        let (host, prefix_text) = match token.text.split_once('/') {
            Some((host, prefix)) => (host, Some(prefix)),
            None => (token.text.as_str(), None),
        };
        let Some(ip) = parse_ip(host) else {
            return match prefix_text {
                Some(_) => AddressSpec::Invalid(AddressError::HostNameWithPrefix),
                None => AddressSpec::HostName(host.to_string()),
            };
        };
        let max = family_bits(ip);
        let prefix = match prefix_text {
            None => None,
            Some(text) => match parse_prefix(text, max) {
                Some(prefix) => Some(prefix),
                None => return AddressSpec::Invalid(AddressError::BadPrefix { max }),
            },
        };
        AddressSpec::Ip(Address { ip, prefix })
    }
}

/// A host name that can only be a mistyped IP address: the server would look it up in
/// DNS, where it never resolves.
pub fn looks_like_ip(host: &str) -> bool {
    let all_dotted_digits = host.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.');
    (all_dotted_digits && host.contains('.')) || host.contains(':')
}

/// Bits in an address of `ip`'s family.
pub fn family_bits(ip: IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

/// A prefix length as `strtol(…, 10)` reads it, followed by nothing, within `0..=max`.
fn parse_prefix(text: &str, max: u8) -> Option<u8> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 3 {
        return None;
    }
    let value: u32 = if trimmed.is_empty() { 0 } else { trimmed.parse().ok()? };
    u8::try_from(value).ok().filter(|&bits| bits <= max)
}

/// A numeric address as glibc's `getaddrinfo(AI_NUMERICHOST)` reads it.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    if let Some(v4) = parse_inet_aton(text) {
        return Some(IpAddr::V4(v4));
    }
    // A zone (`fe80::1%eth0`) names an interface; the address is what is compared.
    let without_zone = text.split_once('%').map_or(text, |(address, _)| address);
    without_zone.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

/// IPv4 in the forms `inet_aton` accepts: one to four parts, each decimal, octal (leading
/// `0`) or hex (`0x`), the last part filling the bytes that remain.
fn parse_inet_aton(text: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut values = Vec::with_capacity(parts.len());
    for part in &parts {
        values.push(parse_c_number(part)?);
    }

    let (head, last) = values.split_at(values.len() - 1);
    if head.iter().any(|&value| value > 255) {
        return None;
    }
    let last_bits = 8 * (4 - head.len() as u32);
    if last_bits < 32 && last[0] >= 1u64 << last_bits {
        return None;
    }
    if last[0] > u64::from(u32::MAX) {
        return None;
    }
    let mut address: u32 = 0;
    for (index, &value) in head.iter().enumerate() {
        address |= (value as u32) << (24 - 8 * index as u32);
    }
    address |= last[0] as u32;
    Some(Ipv4Addr::from(address))
}

/// An unsigned number as C's `strtoul(…, 0)` reads it, allowing nothing after it.
fn parse_c_number(text: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            (hex, 16)
        } else if text.len() > 1 && text.starts_with('0') {
            (&text[1..], 8)
        } else {
            (text, 10)
        };
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// A set of client addresses: those equal to `network` under `mask`. Masks written as a
/// separate column need not be contiguous, so this is the general form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IpRange {
    pub v6: bool,
    /// The address as written, host bits included.
    pub address: u128,
    pub mask: u128,
}

impl IpRange {
    /// The range `ip/prefix`.
    pub fn from_prefix(ip: IpAddr, prefix: u8) -> IpRange {
        let bits = family_bits(ip);
        let prefix = prefix.min(bits);
        let full = family_mask(bits);
        let host_bits = u32::from(bits - prefix);
        let mask = if host_bits >= 128 { 0 } else { (full >> host_bits) << host_bits };
        IpRange { v6: bits == 128, address: ip_bits(ip), mask }
    }

    /// The range of the two-column form `address netmask`; `None` when the families differ.
    pub fn from_mask(ip: IpAddr, mask: IpAddr) -> Option<IpRange> {
        if family_bits(ip) != family_bits(mask) {
            return None;
        }
        Some(IpRange { v6: family_bits(ip) == 128, address: ip_bits(ip), mask: ip_bits(mask) })
    }

    /// The whole of one family: `0.0.0.0/0` or `::/0`.
    pub fn everything(v6: bool) -> IpRange {
        IpRange { v6, address: 0, mask: 0 }
    }

    fn bits(self) -> u8 {
        if self.v6 {
            128
        } else {
            32
        }
    }

    /// The first address, host bits cleared: what the server compares against.
    pub fn network(self) -> u128 {
        self.address & self.mask
    }

    /// The highest address in the range.
    pub fn broadcast(self) -> u128 {
        self.network() | (!self.mask & family_mask(self.bits()))
    }

    /// True when bits outside the mask are set, as in `10.0.0.1/24`.
    pub fn has_host_bits(self) -> bool {
        self.address & !self.mask != 0
    }

    /// The prefix length when the mask is contiguous.
    pub fn prefix_len(self) -> Option<u8> {
        let ones = self.mask.count_ones() as u8;
        (IpRange::from_prefix(self.network_ip(), ones).mask == self.mask).then_some(ones)
    }

    /// How many addresses the range holds, as a decimal string (2^128 does not fit u128).
    pub fn size(self) -> String {
        let free = u32::from(self.bits()) - (self.mask & family_mask(self.bits())).count_ones();
        if free >= 128 {
            "340282366920938463463374607431768211456".to_string()
        } else {
            (1u128 << free).to_string()
        }
    }

    /// True when every address of `other` is in `self`.
    pub fn contains(self, other: IpRange) -> bool {
        self.v6 == other.v6
            && self.mask & !other.mask == 0
            && other.network() & self.mask == self.network()
    }

    /// True when no address of the range is outside the loopback: 127.0.0.0/8 or ::1.
    pub fn is_loopback(self) -> bool {
        let loopback = if self.v6 {
            IpRange { v6: true, address: 1, mask: u128::MAX }
        } else {
            IpRange::from_prefix(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 0)), 8)
        };
        loopback.contains(self)
    }

    /// The address as written.
    pub fn address_ip(self) -> IpAddr {
        to_ip(self.v6, self.address)
    }

    pub fn network_ip(self) -> IpAddr {
        to_ip(self.v6, self.network())
    }

    pub fn broadcast_ip(self) -> IpAddr {
        to_ip(self.v6, self.broadcast())
    }

    pub fn mask_ip(self) -> IpAddr {
        to_ip(self.v6, self.mask)
    }
}

fn family_mask(bits: u8) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

fn ip_bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn to_ip(v6: bool, bits: u128) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::from(bits))
    } else {
        IpAddr::V4(Ipv4Addr::from(bits as u32))
    }
}

/// True when the ranges in `cover` together hold every address of `target`. Exact for
/// contiguous masks; a range with a non-contiguous mask only helps when it alone holds
/// the part being checked.
pub fn union_covers(target: IpRange, cover: &[IpRange]) -> bool {
    if cover.iter().any(|range| range.contains(target)) {
        return true;
    }
    let Some(prefix) = target.prefix_len() else {
        return false;
    };
    let overlaps_inside = cover.iter().any(|range| {
        range.v6 == target.v6 && target.contains(*range) && range.prefix_len().is_some()
    });
    if !overlaps_inside || prefix >= target.bits() {
        return false;
    }

    // Split the target in halves: each must be covered.
    let low = IpRange::from_prefix(target.network_ip(), prefix + 1);
    let high_bit = 1u128 << (u32::from(target.bits()) - u32::from(prefix) - 1);
    let high = IpRange::from_prefix(to_ip(target.v6, target.network() | high_bit), prefix + 1);
    union_covers(low, cover) && union_covers(high, cover)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str) -> Token {
        Token { span: crate::span::Span::new(0, text.len()), text: text.to_string(), quoted: false }
    }

    fn range(text: &str) -> IpRange {
        match AddressSpec::parse(&token(text)) {
            AddressSpec::Ip(Address { ip, prefix }) => {
                IpRange::from_prefix(ip, prefix.unwrap_or(family_bits(ip)))
            }
            other => panic!("not an address: {other:?}"),
        }
    }

    #[test]
    fn reads_ipv4_the_way_inet_aton_does() {
        let read = |text: &str| parse_ip(text).map(|ip| ip.to_string());
        assert_eq!(read("10.1"), Some("10.0.0.1".into()));
        assert_eq!(read("012.0.0.1"), Some("10.0.0.1".into()));
        assert_eq!(read("0x0a.0.0.1"), Some("10.0.0.1".into()));
        assert_eq!(read("10.0.0.300"), None);
        assert_eq!(read("10..1"), None);
        assert_eq!(read("08.0.0.1"), None);
        assert_eq!(read("fe80::1%lo"), Some("fe80::1".into()));
        assert_eq!(read("example.com"), None);
    }

    #[test]
    fn reads_prefixes_the_way_strtol_does() {
        let spec = |text: &str| AddressSpec::parse(&token(text));
        assert_eq!(
            spec("10.0.0.1/024"),
            AddressSpec::Ip(Address { ip: "10.0.0.1".parse().unwrap(), prefix: Some(24) })
        );
        assert!(matches!(spec("10.0.0.1/+8"), AddressSpec::Ip(_)));
        for bad in ["10.0.0.1/", "10.0.0.1/33", "10.0.0.1/-1", "10.0.0.1/8x"] {
            assert_eq!(
                spec(bad),
                AddressSpec::Invalid(AddressError::BadPrefix { max: 32 }),
                "{bad}"
            );
        }
        assert_eq!(spec("10.0.0.300/24"), AddressSpec::Invalid(AddressError::HostNameWithPrefix));
        assert_eq!(spec("10.0.0.300"), AddressSpec::HostName("10.0.0.300".into()));
        assert!(looks_like_ip("10.0.0.300") && !looks_like_ip("db.example.com"));
    }

    #[test]
    fn ranges_know_their_bounds_and_containment() {
        let net = range("10.0.1.0/24");
        assert_eq!(net.network_ip().to_string(), "10.0.1.0");
        assert_eq!(net.broadcast_ip().to_string(), "10.0.1.255");
        assert_eq!(net.size(), "256");
        assert_eq!(range("::/0").size(), "340282366920938463463374607431768211456");
        assert!(range("10.0.0.17/24").has_host_bits());
        assert!(range("10.0.0.0/8").contains(range("10.0.0.17/24")));
        assert!(!range("10.0.0.0/24").contains(range("10.0.0.0/8")));
        assert!(!range("0.0.0.0/0").contains(range("::1/128")));
        assert!(range("127.0.0.1/32").is_loopback() && range("::1/128").is_loopback());
        assert!(!range("127.0.0.0/7").is_loopback() && !range("::/0").is_loopback());
        let odd = IpRange::from_mask("10.0.0.1".parse().unwrap(), "255.0.255.0".parse().unwrap())
            .unwrap();
        assert_eq!(odd.prefix_len(), None);
        assert_eq!(odd.size(), "65536");
    }

    #[test]
    fn unions_of_ranges_cover_exactly() {
        let halves = [range("0.0.0.0/1"), range("128.0.0.0/1")];
        assert!(union_covers(range("0.0.0.0/0"), &halves));
        assert!(!union_covers(range("0.0.0.0/0"), &halves[..1]));
        let gappy = [range("10.0.0.0/25"), range("10.0.0.192/26")];
        assert!(!union_covers(range("10.0.0.0/24"), &gappy));
        assert!(union_covers(range("10.0.0.200/32"), &gappy));
    }
}
