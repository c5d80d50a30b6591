//! The user's settings that change what the rules say, shared by the CLI flags and the
//! editor's configuration.

/// Azure Load Balancer's default idle timeout; AWS NAT Gateway, NLB and VPC endpoints drop
/// idle flows later (350 s), so keepalives below 240 s satisfy all of them.
pub const DEFAULT_MIDDLEBOX_IDLE_TIMEOUT: u32 = 240;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Seconds after which a NAT gateway, load balancer or firewall between client and
    /// server drops an idle TCP connection without telling either end.
    pub middlebox_idle_timeout: u32,
    /// The PostgreSQL major the files are for; `None` means the newest we know.
    pub postgres_version: Option<u32>,
    /// The PgBouncer release as (major, minor); `None` means the newest we know.
    pub pgbouncer_version: Option<(u32, u32)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            middlebox_idle_timeout: DEFAULT_MIDDLEBOX_IDLE_TIMEOUT,
            postgres_version: None,
            pgbouncer_version: None,
        }
    }
}

/// Parses a PgBouncer release such as `1.18` or `1.18.0`.
pub fn parse_pgbouncer_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}
