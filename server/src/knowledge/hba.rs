//! Facts about `pg_hba.conf`: connection types, authentication methods, their options and
//! the keywords of the database and user columns, with the PostgreSQL majors they exist in.
//!
//! The method and option tables are checked against a real server: `tests/hba/` has the
//! scripts that ask PostgreSQL which combinations it accepts, and `server/data/hba/` the
//! answers, which the tests below compare with these tables.

use crate::settings::Settings;
use crate::syntax::pghba::NEWEST_MAJOR;

/// The PostgreSQL major the settings target.
pub fn major(settings: &Settings) -> u32 {
    settings.postgres_version.unwrap_or(NEWEST_MAJOR)
}

/// How a TCP connection travels, as the server tells them apart when matching records.
/// A connection uses at most one of TLS and GSSAPI encryption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    Plain,
    Ssl,
    GssEnc,
}

impl Transport {
    pub const ALL: [Transport; 3] = [Transport::Plain, Transport::Ssl, Transport::GssEnc];
}

/// The first column of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnType {
    Local,
    Host,
    HostSsl,
    HostNoSsl,
    HostGssEnc,
    HostNoGssEnc,
}

impl ConnType {
    pub const ALL: [ConnType; 6] = [
        ConnType::Local,
        ConnType::Host,
        ConnType::HostSsl,
        ConnType::HostNoSsl,
        ConnType::HostGssEnc,
        ConnType::HostNoGssEnc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ConnType::Local => "local",
            ConnType::Host => "host",
            ConnType::HostSsl => "hostssl",
            ConnType::HostNoSsl => "hostnossl",
            ConnType::HostGssEnc => "hostgssenc",
            ConnType::HostNoGssEnc => "hostnogssenc",
        }
    }

    /// The connection type a name means; the server compares case-sensitively and
    /// ignores quoting here.
    pub fn from_name(name: &str) -> Option<ConnType> {
        ConnType::ALL.into_iter().find(|conn_type| conn_type.name() == name)
    }

    /// The first major that knows the type.
    pub fn since(self) -> u32 {
        match self {
            ConnType::HostGssEnc | ConnType::HostNoGssEnc => 12,
            _ => 0,
        }
    }

    pub fn is_local(self) -> bool {
        self == ConnType::Local
    }

    /// True when the record matches `transport` (meaningless for `local`).
    pub fn accepts(self, transport: Transport) -> bool {
        match self {
            ConnType::Local => false,
            ConnType::Host => true,
            ConnType::HostSsl => transport == Transport::Ssl,
            ConnType::HostNoSsl => transport != Transport::Ssl,
            ConnType::HostGssEnc => transport == Transport::GssEnc,
            ConnType::HostNoGssEnc => transport != Transport::GssEnc,
        }
    }

    /// True when a connection matching the record can travel unencrypted.
    pub fn allows_plain_text(self) -> bool {
        !self.is_local() && self.accepts(Transport::Plain)
    }

    /// What the type matches, in a sentence.
    pub fn summary(self) -> &'static str {
        match self {
            ConnType::Local => {
                "Connections over the server's Unix-domain socket. They never touch the \
                network, and the server can ask the kernel which OS user is connecting."
            }
            ConnType::Host => {
                "TCP/IP connections, whether or not they use TLS or GSSAPI encryption. A \
                client that skips TLS is matched too, so passwords and data may cross the \
                network in plain text."
            }
            ConnType::HostSsl => {
                "TCP/IP connections that use TLS. Needs `ssl = on`; without it the record \
                can never match."
            }
            ConnType::HostNoSsl => {
                "TCP/IP connections that do not use TLS: plain text unless GSSAPI \
                encrypts them. Mostly useful with `reject`, to turn such clients away."
            }
            ConnType::HostGssEnc => {
                "TCP/IP connections encrypted by GSSAPI (Kerberos). Needs a server built \
                with GSSAPI; PostgreSQL 12 and later."
            }
            ConnType::HostNoGssEnc => {
                "TCP/IP connections not encrypted by GSSAPI, whether or not they use TLS. \
                PostgreSQL 12 and later."
            }
        }
    }
}

/// Whether a method makes the client send its password, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordOnWire {
    /// No password is asked for.
    None,
    /// A password is proven without being sent (challenge-response).
    Hashed,
    /// The password itself is sent, readable by anyone on the path unless the connection
    /// is encrypted.
    Clear,
}

/// The authentication method column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthMethod {
    Trust,
    Reject,
    ScramSha256,
    Md5,
    Password,
    Gss,
    Sspi,
    Ident,
    Peer,
    Ldap,
    Radius,
    Cert,
    Pam,
    Bsd,
    OAuth,
}

impl AuthMethod {
    pub const ALL: [AuthMethod; 15] = [
        AuthMethod::Trust,
        AuthMethod::Reject,
        AuthMethod::ScramSha256,
        AuthMethod::Md5,
        AuthMethod::Password,
        AuthMethod::Gss,
        AuthMethod::Sspi,
        AuthMethod::Ident,
        AuthMethod::Peer,
        AuthMethod::Ldap,
        AuthMethod::Radius,
        AuthMethod::Cert,
        AuthMethod::Pam,
        AuthMethod::Bsd,
        AuthMethod::OAuth,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AuthMethod::Trust => "trust",
            AuthMethod::Reject => "reject",
            AuthMethod::ScramSha256 => "scram-sha-256",
            AuthMethod::Md5 => "md5",
            AuthMethod::Password => "password",
            AuthMethod::Gss => "gss",
            AuthMethod::Sspi => "sspi",
            AuthMethod::Ident => "ident",
            AuthMethod::Peer => "peer",
            AuthMethod::Ldap => "ldap",
            AuthMethod::Radius => "radius",
            AuthMethod::Cert => "cert",
            AuthMethod::Pam => "pam",
            AuthMethod::Bsd => "bsd",
            AuthMethod::OAuth => "oauth",
        }
    }

    /// The method a name means, compared case-sensitively as the server does.
    pub fn from_name(name: &str) -> Option<AuthMethod> {
        AuthMethod::ALL.into_iter().find(|method| method.name() == name)
    }

    /// The first major that knows the method (0: older than any we support).
    pub fn since(self) -> u32 {
        match self {
            AuthMethod::ScramSha256 => 10,
            AuthMethod::OAuth => 18,
            _ => 0,
        }
    }

    /// True when `major` knows the method.
    pub fn exists_in(self, major: u32) -> bool {
        major >= self.since()
    }

    /// Methods the names of which exist in `major`, for did-you-mean.
    pub fn names_in(major: u32) -> impl Iterator<Item = &'static str> {
        AuthMethod::ALL
            .into_iter()
            .filter(move |method| method.exists_in(major))
            .map(AuthMethod::name)
    }

    /// Why the server refuses the method on a connection type, if it does.
    pub fn refused_on(self, conn_type: ConnType) -> Option<&'static str> {
        match (self, conn_type) {
            (AuthMethod::Peer, ConnType::Local) => None,
            (AuthMethod::Peer, _) => Some("`peer` works only on `local` lines"),
            (AuthMethod::Gss, ConnType::Local) => Some("`gss` does not work on `local` lines"),
            (AuthMethod::Cert, ConnType::HostSsl) => None,
            (AuthMethod::Cert, _) => Some("`cert` works only on `hostssl` lines"),
            _ => None,
        }
    }

    /// Whether the password crosses the wire, and how.
    pub fn password_on_wire(self) -> PasswordOnWire {
        match self {
            AuthMethod::ScramSha256 | AuthMethod::Md5 => PasswordOnWire::Hashed,
            AuthMethod::Password
            | AuthMethod::Ldap
            | AuthMethod::Radius
            | AuthMethod::Pam
            | AuthMethod::Bsd => PasswordOnWire::Clear,
            _ => PasswordOnWire::None,
        }
    }

    /// What the method checks before letting a client in.
    pub fn checks(self) -> &'static str {
        match self {
            AuthMethod::Trust => {
                "Nothing: whoever matches the line may log in as any role they name, \
                superusers included."
            }
            AuthMethod::Reject => "Nothing: every connection matching the line is refused.",
            AuthMethod::ScramSha256 => {
                "A password, proven by a SCRAM-SHA-256 challenge and response; the \
                server also proves it knows the secret, and with TLS the exchange can be \
                bound to the channel."
            }
            AuthMethod::Md5 => {
                "A password, by an MD5 challenge and response. Roles whose stored secret \
                is already a SCRAM verifier are asked for SCRAM instead, so `md5` also \
                accepts SCRAM logins."
            }
            AuthMethod::Password => "A password, which the client sends as it is.",
            AuthMethod::Gss => {
                "A Kerberos ticket, through GSSAPI; the principal is matched to the role, \
                optionally through a user name map."
            }
            AuthMethod::Sspi => {
                "A Windows (Kerberos or NTLM) login through SSPI; Windows servers only."
            }
            AuthMethod::Ident => {
                "The OS user name reported by an ident server on the client's machine, \
                which the client's owner controls. On `local` lines it acts as `peer`."
            }
            AuthMethod::Peer => {
                "The OS user of the connecting process, asked of the kernel; `local` lines \
                only."
            }
            AuthMethod::Ldap => "A password, checked by binding to an LDAP server.",
            AuthMethod::Radius => "A password, checked against a RADIUS server.",
            AuthMethod::Cert => {
                "A TLS client certificate signed by a trusted CA, whose common name (or \
                distinguished name) must match the role; `hostssl` lines only."
            }
            AuthMethod::Pam => "A password, checked by the operating system's PAM stack.",
            AuthMethod::Bsd => "A password, checked by BSD Authentication (OpenBSD).",
            AuthMethod::OAuth => {
                "An OAuth 2.0 bearer token from an identity provider, checked by a \
                validator module the server loads. PostgreSQL 18 and later."
            }
        }
    }

    /// What the method needs to work.
    pub fn needs(self) -> &'static str {
        match self {
            AuthMethod::Trust | AuthMethod::Reject => "Nothing.",
            AuthMethod::ScramSha256 => {
                "Roles whose password was set while `password_encryption = scram-sha-256`; \
                roles still holding an MD5 hash cannot log in."
            }
            AuthMethod::Md5 => "Roles with a password (an MD5 hash or a SCRAM verifier).",
            AuthMethod::Password => {
                "Roles with a password, and an encrypted connection so that it is not \
                readable on the way."
            }
            AuthMethod::Gss => "A server built with GSSAPI, a keytab and a Kerberos realm.",
            AuthMethod::Sspi => "A Windows server in a domain.",
            AuthMethod::Ident => {
                "An ident server (port 113) on the client's machine, trusted not to lie."
            }
            AuthMethod::Peer => "An OS whose kernel reports the peer of a Unix socket.",
            AuthMethod::Ldap => {
                "A server built with LDAP and `ldapserver` plus either `ldapprefix`/\
                `ldapsuffix` or `ldapbasedn`; use `ldaps` or `ldaptls=1`."
            }
            AuthMethod::Radius => "`radiusservers` and `radiussecrets`.",
            AuthMethod::Cert => "`ssl = on`, `ssl_ca_file`, and client certificates.",
            AuthMethod::Pam => "A server built with PAM, and a PAM service.",
            AuthMethod::Bsd => "A server built with BSD Authentication.",
            AuthMethod::OAuth => {
                "`oauth_validator_libraries`, and the `issuer` and `scope` options."
            }
        }
    }

    /// The manual's page on the method.
    pub fn url(self) -> &'static str {
        match self {
            AuthMethod::Trust => "https://www.postgresql.org/docs/current/auth-trust.html",
            AuthMethod::Reject => "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
            AuthMethod::ScramSha256 | AuthMethod::Md5 | AuthMethod::Password => {
                "https://www.postgresql.org/docs/current/auth-password.html"
            }
            AuthMethod::Gss => "https://www.postgresql.org/docs/current/gssapi-auth.html",
            AuthMethod::Sspi => "https://www.postgresql.org/docs/current/sspi-auth.html",
            AuthMethod::Ident => "https://www.postgresql.org/docs/current/auth-ident.html",
            AuthMethod::Peer => "https://www.postgresql.org/docs/current/auth-peer.html",
            AuthMethod::Ldap => "https://www.postgresql.org/docs/current/auth-ldap.html",
            AuthMethod::Radius => "https://www.postgresql.org/docs/current/auth-radius.html",
            AuthMethod::Cert => "https://www.postgresql.org/docs/current/auth-cert.html",
            AuthMethod::Pam => "https://www.postgresql.org/docs/current/auth-pam.html",
            AuthMethod::Bsd => "https://www.postgresql.org/docs/current/auth-bsd.html",
            AuthMethod::OAuth => "https://www.postgresql.org/docs/current/auth-oauth.html",
        }
    }
}

/// Where an option may appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionPlace {
    /// With the listed methods only.
    Methods(&'static [AuthMethod]),
    /// With any method, on `hostssl` lines only.
    HostSsl,
}

/// One `name=value` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthOption {
    pub name: &'static str,
    pub place: OptionPlace,
    /// The first major that knows the option.
    pub since: u32,
    /// True when the value is a secret that must never be shown.
    pub secret: bool,
    pub summary: &'static str,
}

const LDAP: &[AuthMethod] = &[AuthMethod::Ldap];
const RADIUS: &[AuthMethod] = &[AuthMethod::Radius];
const GSS_SSPI: &[AuthMethod] = &[AuthMethod::Gss, AuthMethod::Sspi];
const OAUTH: &[AuthMethod] = &[AuthMethod::OAuth];

const fn option(
    name: &'static str,
    place: OptionPlace,
    since: u32,
    summary: &'static str,
) -> AuthOption {
    AuthOption { name, place, since, secret: false, summary }
}

/// Every option the server knows, with the methods that take it.
pub static OPTIONS: &[AuthOption] = &[
    option(
        "map",
        OptionPlace::Methods(&[
            AuthMethod::Ident,
            AuthMethod::Peer,
            AuthMethod::Gss,
            AuthMethod::Sspi,
            AuthMethod::Cert,
            AuthMethod::OAuth,
        ]),
        0,
        "The pg_ident.conf map that decides which system or external user names may log in \
        as which roles.",
    ),
    option(
        "clientcert",
        OptionPlace::HostSsl,
        0,
        "Also demand a client certificate: `verify-ca` checks it is signed by a trusted CA, \
        `verify-full` also that its name matches the role.",
    ),
    option(
        "clientname",
        OptionPlace::HostSsl,
        14,
        "Which part of the client certificate is compared with the role: `CN` (the default) \
        or the whole `DN`.",
    ),
    option(
        "pamservice",
        OptionPlace::Methods(&[AuthMethod::Pam]),
        0,
        "The PAM service to ask; `postgresql` by default.",
    ),
    option(
        "pam_use_hostname",
        OptionPlace::Methods(&[AuthMethod::Pam]),
        0,
        "With `1`, PAM is given the client's host name instead of its IP address.",
    ),
    option(
        "ldapurl",
        OptionPlace::Methods(LDAP),
        0,
        "Server, base DN, search attribute and filter as one RFC 4516 LDAP URL.",
    ),
    option(
        "ldaptls",
        OptionPlace::Methods(LDAP),
        0,
        "With `1`, the server talks to LDAP through StartTLS; otherwise the password \
        travels to the LDAP server in plain text.",
    ),
    option(
        "ldapscheme",
        OptionPlace::Methods(LDAP),
        0,
        "`ldaps` for LDAP over TLS; `ldap` (the default) is plain text.",
    ),
    option(
        "ldapserver",
        OptionPlace::Methods(LDAP),
        0,
        "The LDAP server(s) to bind to, separated by spaces.",
    ),
    option("ldapport", OptionPlace::Methods(LDAP), 0, "The LDAP server's port."),
    option(
        "ldapbinddn",
        OptionPlace::Methods(LDAP),
        0,
        "The DN to bind as while searching for the user (search+bind mode).",
    ),
    AuthOption {
        secret: true,
        ..option(
            "ldapbindpasswd",
            OptionPlace::Methods(LDAP),
            0,
            "The password of `ldapbinddn`, stored in this file in plain text.",
        )
    },
    option(
        "ldapsearchattribute",
        OptionPlace::Methods(LDAP),
        0,
        "The attribute matched against the user name in search+bind mode (`uid` by \
        default).",
    ),
    option(
        "ldapsearchfilter",
        OptionPlace::Methods(LDAP),
        0,
        "A search filter used instead of `ldapsearchattribute`; `$username` stands for \
        the user name.",
    ),
    option(
        "ldapbasedn",
        OptionPlace::Methods(LDAP),
        0,
        "The DN under which search+bind mode searches for the user.",
    ),
    option(
        "ldapprefix",
        OptionPlace::Methods(LDAP),
        0,
        "Text put before the user name to form the DN in simple-bind mode.",
    ),
    option(
        "ldapsuffix",
        OptionPlace::Methods(LDAP),
        0,
        "Text put after the user name to form the DN in simple-bind mode.",
    ),
    option(
        "krb_realm",
        OptionPlace::Methods(GSS_SSPI),
        0,
        "Accept only principals of this Kerberos realm.",
    ),
    option(
        "include_realm",
        OptionPlace::Methods(GSS_SSPI),
        0,
        "With `0`, the realm is stripped from the principal before matching; risky when \
        several realms are trusted.",
    ),
    option(
        "compat_realm",
        OptionPlace::Methods(&[AuthMethod::Sspi]),
        0,
        "With `1` (the default), SSPI reports the NetBIOS domain name as the realm.",
    ),
    option(
        "upn_username",
        OptionPlace::Methods(&[AuthMethod::Sspi]),
        0,
        "With `1`, SSPI uses the user principal name instead of the SAM account name.",
    ),
    option(
        "radiusservers",
        OptionPlace::Methods(RADIUS),
        0,
        "The RADIUS servers to ask, comma-separated (quote the value when it has a comma).",
    ),
    option(
        "radiusports",
        OptionPlace::Methods(RADIUS),
        0,
        "The RADIUS servers' ports, one or one per server.",
    ),
    AuthOption {
        secret: true,
        ..option(
            "radiussecrets",
            OptionPlace::Methods(RADIUS),
            0,
            "The shared secrets of the RADIUS servers, stored in this file in plain text.",
        )
    },
    option(
        "radiusidentifiers",
        OptionPlace::Methods(RADIUS),
        0,
        "The NAS identifier sent to each RADIUS server.",
    ),
    option(
        "issuer",
        OptionPlace::Methods(OAUTH),
        18,
        "The identity provider's issuer URL, which clients use to find where to get a \
        token.",
    ),
    option(
        "scope",
        OptionPlace::Methods(OAUTH),
        18,
        "The OAuth scopes a token must carry, separated by spaces.",
    ),
    option(
        "validator",
        OptionPlace::Methods(OAUTH),
        18,
        "Which of `oauth_validator_libraries` checks the tokens; needed when more than one \
        is loaded.",
    ),
    option(
        "delegate_ident_mapping",
        OptionPlace::Methods(OAUTH),
        18,
        "With `1`, the validator alone decides which role the token may use, and `map` is \
        not used.",
    ),
];

impl AuthOption {
    /// The option a name means, if `major` knows it.
    pub fn find(name: &str, major: u32) -> Option<&'static AuthOption> {
        OPTIONS.iter().find(|option| option.name == name && major >= option.since)
    }

    /// True when the server takes the option with `method` in `major`.
    pub fn allowed_with(&self, method: AuthMethod, major: u32) -> bool {
        let place_fits = match self.place {
            OptionPlace::HostSsl => true,
            OptionPlace::Methods(methods) => methods.contains(&method),
        };
        place_fits && method.exists_in(major) && major >= self.since
    }

    /// The methods that take the option, for messages.
    pub fn method_names(&self, major: u32) -> Vec<&'static str> {
        match self.place {
            OptionPlace::HostSsl => vec!["any method on hostssl lines"],
            OptionPlace::Methods(methods) => methods
                .iter()
                .filter(|method| method.exists_in(major))
                .map(|method| method.name())
                .collect(),
        }
    }
}

/// A keyword of the database or user column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnKeyword {
    pub name: &'static str,
    pub database: bool,
    pub user: bool,
    pub summary: &'static str,
}

/// The keywords of the database and user columns; quoting one makes it a plain name.
pub static COLUMN_KEYWORDS: &[ColumnKeyword] = &[
    ColumnKeyword {
        name: "all",
        database: true,
        user: true,
        summary: "Every database (or role). In the database column it does not match \
            physical replication connections: those need the `replication` keyword.",
    },
    ColumnKeyword {
        name: "sameuser",
        database: true,
        user: false,
        summary: "The database whose name equals the requested role's name.",
    },
    ColumnKeyword {
        name: "samerole",
        database: true,
        user: false,
        summary: "A database whose name is a role the requested role is a member of.",
    },
    ColumnKeyword {
        name: "samegroup",
        database: true,
        user: false,
        summary: "Old spelling of `samerole`.",
    },
    ColumnKeyword {
        name: "replication",
        database: true,
        user: false,
        summary: "Physical replication connections (standbys, pg_basebackup, WAL \
            streaming), which no other database entry matches. Logical replication \
            connections name a database and match like ordinary ones.",
    },
];

impl ColumnKeyword {
    pub fn find(name: &str) -> Option<&'static ColumnKeyword> {
        COLUMN_KEYWORDS.iter().find(|keyword| keyword.name == name)
    }
}

/// The keywords of the address column.
pub static ADDRESS_KEYWORDS: &[(&str, &str)] = &[
    (
        "all",
        "Every client address, IPv4 and IPv6 alike: the whole internet if the port is \
        reachable.",
    ),
    (
        "samehost",
        "Any of the server's own IP addresses, including non-loopback ones that other \
        hosts may route to.",
    ),
    (
        "samenet",
        "Any address in any subnet the server is directly attached to: on a cloud or \
        shared network that can be many machines that are not yours.",
    ),
];

/// The page on the file itself.
pub const HBA_URL: &str = "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html";

#[cfg(test)]
mod tests;
