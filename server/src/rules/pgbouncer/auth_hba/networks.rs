//! The address arithmetic of PgBouncer's hba lines: masks from `/bits` as C reads the
//! number, host bits, and which networks are this machine's own.

use std::net::IpAddr;

/// The mask of `/bits`, read as C's `strtoul` reads it: an empty length is 0, a sign is
/// allowed, and the whole text must be digits.
pub(super) fn mask_from_bits(address: IpAddr, bits: &str) -> Option<IpAddr> {
    let bits = if bits.is_empty() {
        0
    } else {
        let (negative, digits) = match bits.as_bytes()[0] {
            b'-' => (true, &bits[1..]),
            b'+' => (false, &bits[1..]),
            _ => (false, bits),
        };
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let value: u64 = digits.parse().ok()?;
        // A negative length wraps to a huge number, past any family's limit.
        if negative && value != 0 {
            return None;
        }
        value
    };
    match address {
        IpAddr::V4(_) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits as u32).unwrap_or(0);
            Some(IpAddr::V4(mask.into()))
        }
        IpAddr::V6(_) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits as u32).unwrap_or(0);
            Some(IpAddr::V6(mask.into()))
        }
        _ => None,
    }
}

/// The address with its host bits cleared, when it has any.
pub(super) fn network_of(address: IpAddr, mask: IpAddr) -> Option<IpAddr> {
    let network = match (address, mask) {
        (IpAddr::V4(address), IpAddr::V4(mask)) => {
            IpAddr::V4((u32::from(address) & u32::from(mask)).into())
        }
        (IpAddr::V6(address), IpAddr::V6(mask)) => {
            IpAddr::V6((u128::from(address) & u128::from(mask)).into())
        }
        _ => return None,
    };
    (network != address).then_some(network)
}

/// True when every address the line matches is on this machine.
pub(super) fn loopback_only(network: Option<(IpAddr, IpAddr)>) -> bool {
    let Some((address, mask)) = network else {
        return false;
    };
    match (address, mask) {
        (IpAddr::V4(address), IpAddr::V4(mask)) => {
            address.octets()[0] == 127 && u32::from(mask) >> 24 == 0xff
        }
        (IpAddr::V6(address), IpAddr::V6(mask)) => {
            address.is_loopback() && u128::from(mask) == u128::MAX
        }
        _ => false,
    }
}
