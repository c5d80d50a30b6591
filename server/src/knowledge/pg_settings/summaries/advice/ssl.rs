//! Advice on the server side of TLS: whether it is on, its certificate and key, client
//! certificate checks, and the protocol versions and ciphers it allows.

/// Our advice on a TLS parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    files(lower).or_else(|| handshake(lower))
}

/// Whether TLS is on, and the certificates, keys and revocation lists it uses.
fn files(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "ssl" => {
            "Whether the server accepts TLS connections at all. Off, every byte, passwords \
             included, crosses the network in plain text, `hostssl` lines in pg_hba.conf \
             never match, and clients with `sslmode=require` or stricter cannot connect. \
             Turn it on with ssl_cert_file and ssl_key_file set, then use `hostssl` lines and \
             make clients use `sslmode=verify-full`."
        }
        "ssl_cert_file" => {
            "The server's certificate (PEM), relative to the data directory unless absolute. \
             Clients using `verify-full` check that it names the host they dialled and chains \
             to their root certificate, so put intermediates after the server certificate and \
             every DNS name clients use in its subjectAltName. Renew it before it expires and \
             reload: an expired certificate fails every verifying client at once."
        }
        "ssl_key_file" => {
            "The private key of the server certificate. The server refuses to start if the \
             file is readable by group or others (unless owned by root with mode 0640), so \
             keep it `0600` and owned by the server's user; an encrypted key needs \
             ssl_passphrase_command."
        }
        "ssl_ca_file" => {
            "The certificate authorities whose client certificates the server trusts; needed \
             for `cert` authentication and `clientcert=verify-ca` or `verify-full` in \
             pg_hba.conf. Use a CA dedicated to database clients: with a company-wide or \
             public CA, anyone it issued a certificate with a matching name to can log in."
        }
        "ssl_crl_file" => {
            "A file (PEM) of revoked client certificates, which the server then refuses. \
             Without one, a leaked client certificate stays valid until it expires; keep the \
             list current, since an out-of-date list can make every client's certificate \
             check fail, and reload after replacing it."
        }
        "ssl_crl_dir" => {
            "A directory of revoked client certificates, found by the hashed file names that \
             `openssl rehash` creates; unlike ssl_crl_file, lists in it are read when needed, \
             without a reload. Use it when revocations are frequent, and keep its lists \
             current, since an out-of-date list can make every client's certificate check \
             fail."
        }
        "ssl_passphrase_command" => {
            "A command the server runs to get the passphrase of an encrypted ssl_key_file: \
             it must print the passphrase on standard output, and `%p` stands for a prompt \
             text. Without it, an encrypted key needs someone typing at a terminal, which a \
             service start cannot do; keep the passphrase itself out of this file, for \
             example in a secret store the command reads."
        }
        "ssl_passphrase_command_supports_reload" => {
            "Whether ssl_passphrase_command is also run when the configuration is reloaded, \
             not only at start. Off, a reload cannot load an encrypted key, so certificate \
             renewals with such keys need a restart; turn it on only when the command works \
             without a terminal."
        }
        _ => return None,
    };
    Some(text)
}

/// The protocol versions, cipher suites and key-exchange groups a handshake may use.
fn handshake(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "ssl_min_protocol_version" => {
            "The oldest TLS version the server accepts. Keep `TLSv1.2` or newer: TLS 1.0 and \
             1.1 have known weaknesses, and lowering it for one old client exposes that \
             client's connections to them, so upgrade the client instead. Raise it to \
             `TLSv1.3` once every client supports that."
        }
        "ssl_max_protocol_version" => {
            "The newest TLS version the server offers; empty means no upper limit. A cap pins \
             every client to an older version and gives up TLS 1.3 without anyone noticing, \
             so leave it empty unless one broken client needs it, and remove it once that \
             client is fixed."
        }
        "ssl_ciphers" => {
            "The TLS 1.2 (and older) cipher suites the server allows, in OpenSSL syntax; \
             TLS 1.3 suites are not chosen here. The default already excludes anonymous and \
             weak suites, so change it only when a policy requires; a list that is too \
             narrow makes handshakes of older clients and drivers fail with vague errors."
        }
        "ssl_tls13_ciphers" => {
            "The TLS 1.3 cipher suites the server allows, as a colon-separated list of suite \
             names; empty keeps OpenSSL's defaults. Those are all strong, so set it only when \
             a policy requires a specific set, and check that every client still connects \
             afterwards."
        }
        "ssl_prefer_server_ciphers" => {
            "Whether the server's cipher order wins over the client's during the handshake. \
             Keep it on, so that a client that lists weaker suites first still gets the \
             strongest one both sides support."
        }
        "ssl_ecdh_curve" => {
            "The elliptic curve offered for ECDH key exchange, by its OpenSSL name such as \
             `prime256v1`. The default suits all common clients; change it only for a policy, \
             since a client that lacks the curve fails its handshake. PostgreSQL 18 renamed \
             it ssl_groups, which takes a list."
        }
        "ssl_groups" => {
            "The key-exchange groups (elliptic curves, and more with newer OpenSSL) the server \
             offers, as a colon-separated list in order of preference such as \
             `X25519:prime256v1`. The default covers common clients; a client that supports \
             none of the listed groups cannot connect, so change it only for a policy and \
             test older drivers."
        }
        "ssl_dh_params_file" => {
            "A file of Diffie-Hellman parameters for the DHE cipher suites of TLS 1.2; empty \
             uses built-in ones. Generate your own (`openssl dhparam` with 2048 bits or more) \
             only if a policy demands it: most clients negotiate ECDHE or TLS 1.3 and never \
             use these."
        }
        _ => return None,
    };
    Some(text)
}
