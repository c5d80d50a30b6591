//! The TLS modes that libpq's `sslmode` and PgBouncer's `server_tls_sslmode` and
//! `client_tls_sslmode` share, and what each one protects against.

/// A TLS mode, weakest first, so that `<` reads as "weaker than".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub const ALL: [SslMode; 6] = [
        SslMode::Disable,
        SslMode::Allow,
        SslMode::Prefer,
        SslMode::Require,
        SslMode::VerifyCa,
        SslMode::VerifyFull,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    /// The mode a value names. libpq and PgBouncer compare these case-sensitively.
    pub fn from_name(name: &str) -> Option<SslMode> {
        SslMode::ALL.into_iter().find(|mode| mode.name() == name)
    }

    /// True when a connection in this mode can never travel in plain text.
    pub fn always_encrypts(self) -> bool {
        self >= SslMode::Require
    }

    /// True when the peer's certificate must chain to a trusted root.
    pub fn verifies_certificate(self) -> bool {
        self >= SslMode::VerifyCa
    }

    /// True when the certificate must also name the host that was dialled.
    pub fn verifies_host_name(self) -> bool {
        self == SslMode::VerifyFull
    }

    /// One sentence on what the mode does on the wire.
    pub fn behaviour(self) -> &'static str {
        match self {
            SslMode::Disable => {
                "Never uses TLS: every byte, the password exchange included, \
                crosses the network in plain text."
            }
            SslMode::Allow => "Tries plain text first and uses TLS only if the server insists.",
            SslMode::Prefer => {
                "Tries TLS first and silently falls back to plain text if the \
                server does not offer it. The certificate is not checked."
            }
            SslMode::Require => {
                "Always encrypts, but accepts any certificate, so it cannot \
                tell the real server from an impostor."
            }
            SslMode::VerifyCa => {
                "Always encrypts and checks that the server's certificate is \
                signed by a trusted root, but not that it was issued for this host name."
            }
            SslMode::VerifyFull => {
                "Always encrypts, checks the certificate against a trusted \
                root, and checks that it was issued for the host name being dialled."
            }
        }
    }

    /// One sentence on which attacks the mode leaves open.
    pub fn protection(self) -> &'static str {
        match self {
            SslMode::Disable => {
                "Protects against nothing: anyone on the path can read and \
                change the traffic."
            }
            SslMode::Allow | SslMode::Prefer => {
                "Protects only against a passive eavesdropper, \
                and only while nobody strips TLS: an active attacker can force plain text or \
                pose as the server."
            }
            SslMode::Require => {
                "Protects against eavesdropping, not against a man in the \
                middle who presents his own certificate."
            }
            SslMode::VerifyCa => {
                "Protects against eavesdropping and impostors without a \
                certificate from your CA, but any server holding such a certificate can pose \
                as this one."
            }
            SslMode::VerifyFull => {
                "Protects against eavesdropping and against impostors: \
                the recommended mode whenever the network is not fully trusted."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_order_from_weakest_to_strongest() {
        let names: Vec<&str> = SslMode::ALL.iter().map(|mode| mode.name()).collect();
        assert_eq!(names, ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]);
        assert!(SslMode::Require < SslMode::VerifyFull);
        assert!(SslMode::Require.always_encrypts() && !SslMode::Require.verifies_certificate());
        assert_eq!(SslMode::from_name("VERIFY-FULL"), None);
    }
}
