//! Advice on how clients prove who they are: login timeout, password hashing, Kerberos,
//! OAuth.

/// Our advice on an authentication parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "authentication_timeout" => {
            "How long a client gets to finish logging in before the server hangs up. It keeps \
             stalled or half-open logins (a scanner, a client stuck at a prompt) from holding \
             connection slots; keep it long enough for slow LDAP, RADIUS or Kerberos servers, \
             since a login that outlasts it fails even with the right password."
        }
        "password_encryption" => {
            "How a new password is hashed when it is set with CREATE ROLE, ALTER ROLE or \
             psql's `\\password`; hashes already stored stay as they are. Use \
             `scram-sha-256`: an `md5` hash works as the password for anyone who steals it, \
             MD5 is deprecated, and pg_hba.conf `scram-sha-256` lines reject roles that still \
             have one. After switching, set each role's password again to get a SCRAM hash."
        }
        "scram_iterations" => {
            "How many hashing rounds new SCRAM password verifiers use. More rounds make \
             stolen verifiers harder to crack, but each login costs more CPU, which adds up \
             for applications that reconnect often without a pooler. The count is stored in \
             each verifier, so a change affects only passwords set afterwards."
        }
        "krb_server_keyfile" => {
            "The keytab file holding the server's Kerberos key for GSSAPI logins. Anyone who \
             can read it can impersonate the server, so make it readable by the server's \
             user only; a wrong path or a missing service principal (usually \
             `postgres/<host name>`) makes every `gss` login fail."
        }
        "krb_caseins_users" => {
            "Whether GSSAPI user names are matched against role names case-insensitively. \
             Off, a principal `Alice@EXAMPLE.COM` does not log in as role `alice`; rather \
             than turning it on, map principals to roles in pg_ident.conf, which states \
             exactly who may become whom."
        }
        "gss_accept_delegation" => {
            "Whether the server accepts credentials a GSSAPI client delegates to it, which \
             lets the session reach other Kerberos services (postgres_fdw, dblink) as that \
             user. Leave it off unless such onward connections are needed, since a delegated \
             credential lets the server act as the user elsewhere."
        }
        "db_user_namespace" => {
            "An old feature for per-database user names, where a client's `user` becomes \
             role `user@db`. It cannot be used with `md5` authentication, confuses every tool \
             that reads role names, and was removed in PostgreSQL 17; leave it off and use \
             separate roles."
        }
        "md5_password_warnings" => {
            "Whether the server warns when an MD5 password is set or used to log in. MD5 \
             passwords are deprecated and may stop working in a future major version, so \
             keep the warnings on, find the roles that trigger them, and give them SCRAM \
             hashes (password_encryption `scram-sha-256`, then set the password again)."
        }
        "oauth_validator_libraries" => {
            "The libraries that check OAuth bearer tokens for `oauth` lines in pg_hba.conf; \
             with exactly one listed it is the default, with several each line must name its \
             own with `validator`. The validator alone decides whether a token is good and \
             which role it may use, so load only a module you trust and have reviewed."
        }
        _ => return None,
    };
    Some(text)
}
