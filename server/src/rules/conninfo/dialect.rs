//! The rules that depend on which driver reads a string (see [`super::consumer`]): a scheme
//! or parameter that driver refuses, a TLS setting it reads its own way, a host list it
//! cannot parse, and provider conventions (Supabase's pooler) that hold for every driver.
//!
//! The facts behind each rule are in [`crate::knowledge::drivers`], with the source files
//! they were read in.

#[cfg(test)]
mod tests;

use super::{
    fix, Ctx, Flavor, WithFixes, ASYNCPG_SERVER_SETTING, ASYNCPG_SSLMODE,
    CHANNEL_BINDING_DRIVER_SUPPORT, CLIENT_SPECIFIC_PARAMS, DJANGO_ENVIRON_STRING_BOOLEAN,
    DJANGO_SCHEME_UNKNOWN, INVALID_PORT, INVALID_SSLMODE, JDBC_NONVALIDATING_FACTORY, JDBC_SCHEME,
    JDBC_SEMICOLON_PARAMETERS, JDBC_USERINFO, MULTI_HOST_UNSUPPORTED, NODE_NO_TLS,
    NODE_SSLMODE_NO_VERIFY, NODE_SSLMODE_VERIFIES, NPGSQL_TRUST_SERVER_CERTIFICATE,
    POSTGRES_SCHEME_SQLALCHEMY, PRISMA_ACCEPTS_INVALID_CERTS, PRISMA_SSLMODE_UNSUPPORTED,
    SSLMODE_DISABLE, SSLMODE_FALLBACK, SSLMODE_REQUIRE, SSLMODE_VERIFY_CA, SUPABASE_POOLER_USER,
};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::knowledge::drivers::{django, Driver, Support};
use crate::knowledge::sslmode::SslMode;
use crate::span::Span;
use crate::syntax::conninfo::{Form, Origin, Setting};

/// Query parameters that Prisma's engine reads itself and libpq does not know
/// (`quaint/src/connector/postgres/url.rs`, `parse_query_params`).
pub(super) const PRISMA_PARAMETERS: [&str; 9] = [
    "schema",
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "sslaccept",
    "sslidentity",
    "socket_timeout",
    "statement_cache_size",
    "max_connection_lifetime",
];

/// The suffix of Supabase's shared pooler hosts (`aws-0-us-east-1.pooler.supabase.com`).
const SUPABASE_POOLER_SUFFIX: &str = ".pooler.supabase.com";

pub(super) fn check(ctx: &Ctx, flavor: Flavor, findings: &mut Vec<Finding>) {
    check_supabase_pooler_user(ctx, findings);
    check_postgres_scheme(ctx, findings);
    check_client_specific(ctx, flavor, findings);
    check_channel_binding(ctx, findings);
    check_multi_host(ctx, findings);
    match ctx.consumer.driver {
        Driver::SqlAlchemyAsyncpg => check_asyncpg_sslmode(ctx, findings),
        Driver::Pgjdbc if check_jdbc_scheme(ctx, findings) => {
            check_jdbc_userinfo(ctx, findings);
            if check_jdbc_ports(ctx, findings) {
                if check_jdbc_semicolons(ctx, findings) {
                    // Its fixes would land after the misplaced settings: say it, fix later.
                    let mut tls = Vec::new();
                    check_jdbc_tls(ctx, &mut tls);
                    findings.extend(tls.into_iter().map(|mut finding| {
                        finding.fixes.clear();
                        finding
                    }));
                } else {
                    check_jdbc_tls(ctx, findings);
                }
            }
        }
        Driver::Asyncpg if ctx.consumer.known() => check_asyncpg_server_settings(ctx, findings),
        Driver::NodePostgres if ctx.consumer.known() => check_node_tls(ctx, findings),
        Driver::Prisma if ctx.consumer.known() => check_prisma_tls(ctx, findings),
        Driver::PostgresJs if ctx.consumer.known() => check_postgres_js_tls(ctx, findings),
        Driver::DjangoEnviron if ctx.consumer.known() => check_environ_booleans(ctx, findings),
        Driver::DjDatabaseUrl if ctx.consumer.known() => check_django_scheme(ctx, findings),
        _ => {}
    }
}

/// The last query parameter written as `name` (before libpq's aliases: `ssl=true` is `ssl`
/// here, not `sslmode`), which is what drivers other than libpq read.
fn written<'a>(ctx: &Ctx<'a>, name: &str) -> Option<&'a Setting> {
    ctx.info.settings.iter().rev().find(|setting| {
        setting.written_keyword == name
            && matches!(setting.origin, Origin::UriQuery | Origin::KeyValue)
    })
}

/// True when the string reaches a server over the network (see [`Ctx::network_hosts`]).
fn remote(ctx: &Ctx) -> Option<Span> {
    ctx.network_hosts().first().map(|host| host.span)
}

/// Supabase's shared pooler serves every project from one host name and finds the project
/// from the user name, `<role>.<project-ref>`; a plain `postgres` is refused with "Tenant or
/// user not found". This holds for every driver.
fn check_supabase_pooler_user(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let on_pooler = ctx.info.hosts.iter().any(|entry| {
        entry.host_span.of(ctx.text).to_ascii_lowercase().ends_with(SUPABASE_POOLER_SUFFIX)
    });
    let host_setting = written(ctx, "host")
        .is_some_and(|host| host.value.to_ascii_lowercase().ends_with(SUPABASE_POOLER_SUFFIX));
    if !on_pooler && !host_setting {
        return;
    }
    let Some(user) = ctx.info.get("user") else {
        return;
    };
    if user.value.contains('.') {
        return;
    }
    let message = format!(
        "Supabase's shared pooler finds the project from the user name, which must be \
         `{}.<project-ref>`: with plain `{}` every login fails with \"Tenant or user not \
         found\". Copy the user (and the pooler host) from the project's Connect panel.",
        user.value, user.value
    );
    findings.push(Finding::new(
        &SUPABASE_POOLER_USER,
        Severity::Error,
        ctx.src(user.value_span),
        message,
    ));
}

/// `postgres://` (and `postgres+driver://`): libpq, psycopg and node-postgres take it, but
/// SQLAlchemy 1.4 removed the `postgres` dialect name (its 1.4 changelog), so
/// `create_engine` fails with "Can't load plugin: sqlalchemy.dialects:postgres".
fn check_postgres_scheme(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(scheme) = ctx.info.scheme_span else {
        return;
    };
    let written = scheme.of(ctx.text);
    if !written.starts_with("postgres") || written.starts_with("postgresql") {
        return;
    }
    let consumer = ctx.consumer;
    let sqlalchemy = matches!(
        consumer.driver,
        Driver::SqlAlchemyPsycopg | Driver::SqlAlchemyAsyncpg | Driver::SqlAlchemyPg8000
    ) && consumer.known();
    let (severity, message) = if sqlalchemy && consumer.sqlalchemy_refuses_postgres {
        let message = format!(
            "SQLAlchemy 1.4 and newer refuse the `postgres` scheme (`create_engine` cannot load \
             a `postgres` dialect), and {} reads this URL because {}. Write `postgresql`; if \
             the platform sets the variable, replace the prefix in code.",
            consumer.driver.name(),
            consumer.reason()
        );
        (Severity::Warning, message)
    } else if (!consumer.known() && consumer.needs_rewrite_for.is_none())
        || consumer.sqlalchemy_in_workspace && !sqlalchemy
    {
        let message = "SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want \
                       `postgresql`; libpq, psycopg and node-postgres take both. Write \
                       `postgresql` if SQLAlchemy may read this URL."
            .to_string();
        (Severity::Information, message)
    } else {
        return;
    };
    let span = Span::new(scheme.start, scheme.start + "postgres".len());
    let edit = ctx.edit(span, "postgresql");
    findings.push(
        Finding::new(&POSTGRES_SCHEME_SQLALCHEMY, severity, ctx.src(span), message)
            .with_fixes(edit.map(|edit| fix("Use the `postgresql` scheme", edit))),
    );
}

/// Prisma's own query parameters (`schema`, `pgbouncer`, `connection_limit`…) in a URL
/// that others may read: libpq-based tools refuse it, asyncpg and pgx send the unknown
/// names to the server, which refuses them. Only where the reader is known to be
/// libpq-based is that a certain failure, reported as `conn-unknown-parameter` instead.
fn check_client_specific(ctx: &Ctx, flavor: Flavor, findings: &mut Vec<Finding>) {
    let consumer = ctx.consumer;
    let libpq_reads = consumer.known() && consumer.driver.libpq_judges_keywords();
    // asyncpg sends them to the server, which `check_asyncpg_server_settings` reports.
    if libpq_reads
        || consumer.is(Driver::Asyncpg)
        || flavor == Flavor::ForeignDialect
        || ctx.info.form != Form::Uri
    {
        return;
    }
    for setting in &ctx.info.settings {
        let named = setting.origin == Origin::UriQuery;
        if !named || !PRISMA_PARAMETERS.contains(&setting.written_keyword.as_str()) {
            continue;
        }
        let keyword = &setting.written_keyword;
        let message = if consumer.is(Driver::Prisma) {
            format!(
                "Prisma reads `{keyword}` itself, but psql, pg_dump and libpq-based drivers \
                 refuse this URL and some other drivers send `{keyword}` to the server, which \
                 refuses it. Give other tools their own variable without it."
            )
        } else {
            format!(
                "`{keyword}` is a Prisma setting: Prisma reads it, but psql, pg_dump and \
                 libpq-based drivers refuse this URL and some other drivers send it to the \
                 server. Give other tools their own variable without it."
            )
        };
        findings.push(Finding::new(
            &CLIENT_SPECIFIC_PARAMS,
            Severity::Information,
            ctx.src(setting.key_span),
            message,
        ));
    }
}

/// `channel_binding=require` read by a driver that does not implement SCRAM-SHA-256-PLUS
/// (or ignores the libpq spelling): the requirement is silently dropped or the connection
/// fails. Reported when the driver is unknown too, since many do not implement it.
fn check_channel_binding(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(binding) = written(ctx, "channel_binding") else {
        return;
    };
    if binding.value != "require" {
        return;
    }
    let consumer = ctx.consumer;
    if consumer.driver == Driver::SqlAlchemyAsyncpg {
        // Every query parameter becomes a keyword argument of `asyncpg.connect()`.
        let message = "SQLAlchemy's asyncpg dialect passes `channel_binding` to \
                       `asyncpg.connect()`, which has no such argument (asyncpg does not bind \
                       channels), so connecting fails. Drop it and rely on `ssl=verify-full`.";
        findings.push(Finding::new(
            &CHANNEL_BINDING_DRIVER_SUPPORT,
            Severity::Error,
            ctx.src(binding.key_span),
            message,
        ));
        return;
    }
    let message = if !consumer.known() {
        "Only clients that implement SCRAM-SHA-256-PLUS honour `channel_binding=require` \
         (libpq 13 and newer, pgx, Npgsql, Prisma); asyncpg, node-postgres and pgjdbc ignore \
         it or fail. For those, authenticate the server with `sslmode=verify-full` instead."
            .to_string()
    } else if consumer.driver.channel_binding() == Support::No {
        let how = match consumer.driver {
            Driver::NodePostgres => "binds channels only when code sets `enableChannelBinding`",
            Driver::Pgjdbc => "names this setting `channelBinding`",
            _ => "does not implement SCRAM-SHA-256-PLUS",
        };
        format!(
            "{} {how}, so `channel_binding=require` here protects nothing ({}). Authenticate \
             the server with `sslmode=verify-full` instead.",
            consumer.driver.name(),
            consumer.reason()
        )
    } else {
        return;
    };
    findings.push(Finding::new(
        &CHANNEL_BINDING_DRIVER_SUPPORT,
        Severity::Information,
        ctx.src(binding.key_span),
        message,
    ));
}

/// A host list read by a driver that cannot parse one: node-postgres hands the URL to the
/// WHATWG parser, Prisma to the `url` crate, and both refuse a port followed by `,`.
/// dj-database-url's `urlsplit` refuses only that port: `h1,h2:5433` reaches libpq whole.
fn check_multi_host(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let consumer = ctx.consumer;
    if !consumer.known() || consumer.driver.multi_host() != Support::No {
        return;
    }
    let (Some(first), Some(last)) = (ctx.info.hosts.first(), ctx.info.hosts.last()) else {
        return;
    };
    if ctx.info.hosts.len() < 2 {
        return;
    }
    let hosts = &ctx.info.hosts;
    let port_before_comma = hosts[..hosts.len() - 1].iter().any(|entry| entry.port_span.is_some());
    if consumer.driver == Driver::DjDatabaseUrl && !port_before_comma {
        return;
    }
    let end = last.port_span.unwrap_or(last.host_span).end;
    let span = Span::new(first.host_span.start, end);
    let message = if consumer.driver == Driver::DjDatabaseUrl {
        format!(
            "dj-database-url cannot parse a port before a `,` ({}): Python's `urlsplit` fails \
             to read the port and `parse()` raises a ParseError. Give one port for all hosts \
             after the last one (`h1,h2:5432`) or use django-environ, which splits host lists.",
            consumer.reason()
        )
    } else {
        format!(
            "{} cannot parse a host list ({}): the URL parser refuses it as an invalid URL and \
             no failover happens. Use one endpoint (a cluster DNS name, a proxy or PgBouncer) \
             or a driver that takes several hosts.",
            consumer.driver.name(),
            consumer.reason()
        )
    };
    // dj-database-url's `parse()` raises at startup; the others fail when connecting.
    let severity = match consumer.driver {
        Driver::DjDatabaseUrl => Severity::Error,
        _ => Severity::Warning,
    };
    findings.push(Finding::new(&MULTI_HOST_UNSUPPORTED, severity, ctx.src(span), message));
}

/// A scheme dj-database-url has no backend for (`psql://`, which only django-environ
/// takes): `parse()` raises UnknownSchemeError and Django does not start.
fn check_django_scheme(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(scheme) = ctx.info.scheme_span else {
        return;
    };
    let written = scheme.of(ctx.text);
    let name = written.strip_suffix("://").unwrap_or(written).to_ascii_lowercase();
    if django::schemes(Driver::DjDatabaseUrl).contains(&name.as_str()) {
        return;
    }
    let message = format!(
        "dj-database-url registers no backend for `{name}://` (only django-environ takes it), \
         and it reads this URL ({}), so `parse()` raises UnknownSchemeError and Django does \
         not start. Write `postgres://`.",
        ctx.consumer.reason()
    );
    let edit = ctx.edit(scheme, "postgres://");
    findings.push(
        Finding::new(&DJANGO_SCHEME_UNKNOWN, Severity::Error, ctx.src(scheme), message)
            .with_fixes(edit.map(|edit| fix("Use the `postgres://` scheme", edit))),
    );
}

/// `?atomic_requests=false` read by django-environ: the value stays the string `false`,
/// which Django takes as true, so the setting is switched on. Under an undecided reading
/// (`pgsql://` without a manifest) dj-database-url would pass the key to libpq instead,
/// which `conn-unknown-parameter` does not report there, so this speaks only of
/// django-environ.
fn check_environ_booleans(ctx: &Ctx, findings: &mut Vec<Finding>) {
    for setting in &ctx.info.settings {
        let key = &setting.written_keyword;
        let boolean =
            django::ENVIRON_BOOLEAN_SETTINGS.iter().any(|name| name.eq_ignore_ascii_case(key));
        if setting.origin != Origin::UriQuery
            || !boolean
            || !django::is_string_false(&setting.value)
        {
            continue;
        }
        let upper = key.to_ascii_uppercase();
        let alternative = match ctx.consumer.alternative {
            Some(other) => format!(" ({} would pass the key to libpq instead)", other.name()),
            None => String::new(),
        };
        let message = format!(
            "django-environ ({}) turns only Python literals into values, so `{}` stays a \
             non-empty string, which Django reads as true: `{upper}` is switched on{alternative}. \
             Write `False` (or `0`).",
            ctx.consumer.reason(),
            setting.value
        );
        let edit = ctx.edit(setting.value_span, "False");
        findings.push(
            Finding::new(
                &DJANGO_ENVIRON_STRING_BOOLEAN,
                Severity::Warning,
                ctx.src(setting.value_span),
                message,
            )
            .with_fixes(edit.map(|edit| fix("Write `False`", edit))),
        );
    }
}

/// `?sslmode=` with SQLAlchemy's asyncpg dialect: the query parameters become keyword
/// arguments of `asyncpg.connect()`, which has `ssl` and no `sslmode`, so connecting raises
/// a `TypeError`. `ssl=` takes the same mode names.
fn check_asyncpg_sslmode(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(setting) = written(ctx, "sslmode") else {
        return;
    };
    let message = "SQLAlchemy's asyncpg dialect passes `sslmode` to `asyncpg.connect()`, which \
                   has no such argument, so connecting fails with a TypeError. Write `ssl=` \
                   with the same mode.";
    let value = setting.span.of(ctx.text).split_once('=').map_or("", |(_, value)| value);
    let edit = ctx.edit(setting.span, &format!("ssl={value}"));
    let title = format!("Use `ssl={}`", setting.value);
    findings.push(
        Finding::new(&ASYNCPG_SSLMODE, Severity::Error, ctx.src(setting.key_span), message)
            .with_fixes(edit.map(|edit| fix(&title, edit))),
    );
}

/// A libpq URL where pgjdbc reads (a `spring.datasource.url`): pgjdbc accepts only
/// `jdbc:postgresql:` (`Driver.parseURL` returns nothing for any other), so the driver
/// manager finds no driver for it. Returns true when the scheme is pgjdbc's.
fn check_jdbc_scheme(ctx: &Ctx, findings: &mut Vec<Finding>) -> bool {
    let Some(scheme) = ctx.info.scheme_span else {
        return false;
    };
    if scheme.of(ctx.text).starts_with(super::JDBC_PREFIX) {
        return true;
    }
    let written = scheme.of(ctx.text);
    let message = if written.starts_with("jdbc:") {
        format!(
            "pgjdbc registers only the `jdbc:postgresql:` prefix, so Java's DriverManager finds \
             no driver for `{written}` and the application fails to start. Write \
             `jdbc:postgresql://`."
        )
    } else {
        format!(
            "pgjdbc reads only `jdbc:postgresql://host:port/db` URLs, and it reads this one \
             ({}): with this scheme no driver accepts it. Write `jdbc:postgresql://`.",
            ctx.consumer.reason()
        )
    };
    // With user information the new URL would still fail; that takes the query form.
    let edit =
        ctx.info.userinfo_span.is_none().then(|| ctx.edit(scheme, "jdbc:postgresql://")).flatten();
    findings.push(
        Finding::new(&JDBC_SCHEME, Severity::Error, ctx.src(scheme), message)
            .with_fixes(edit.map(|edit| fix("Use the `jdbc:postgresql://` scheme", edit))),
    );
    false
}

/// The query parameters asyncpg reads from a DSN itself (`connect_utils.py`,
/// `_parse_connect_dsn_and_args`); every other one becomes a server setting.
const ASYNCPG_DSN_PARAMETERS: [&str; 20] = [
    "port",
    "host",
    "dbname",
    "database",
    "user",
    "password",
    "passfile",
    "sslmode",
    "sslcert",
    "sslkey",
    "sslrootcert",
    "sslnegotiation",
    "sslcrl",
    "sslpassword",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "target_session_attrs",
    "krbsrvname",
    "gsslib",
    "service",
];

/// asyncpg reading a DSN sends every query parameter it does not know to the server as a
/// setting at startup; one the server does not have (`keepalives_idle`, Prisma's `schema`)
/// makes it refuse the connection ("unrecognized configuration parameter").
fn check_asyncpg_server_settings(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let server = crate::knowledge::pg_settings::for_major(ctx.settings.postgres_version);
    for setting in ctx.info.settings.iter().filter(|setting| setting.origin == Origin::UriQuery) {
        let name = setting.written_keyword.as_str();
        // `options` travels in the startup packet as libpq's does; the server reads it.
        let known = ASYNCPG_DSN_PARAMETERS.contains(&name) || name == "options";
        if known || server.get(name).is_some() || name.contains('.') {
            continue;
        }
        let message = format!(
            "asyncpg sends query parameters it does not read itself to the server as settings, \
             and the server has no `{name}`, so it refuses the connection ({}). Drop it, or \
             name a real server setting.",
            ctx.consumer.reason()
        );
        findings.push(Finding::new(
            &ASYNCPG_SERVER_SETTING,
            Severity::Error,
            ctx.src(setting.key_span),
            message,
        ));
    }
}

/// `user:password@` in a JDBC URL: pgjdbc has no user information and takes everything
/// before the last `:` as the host name (`Driver.parseURL`), so the connection fails.
///
/// The fix moves the user and password into the query without writing the password: the
/// host, port and database move in front of it instead.
/// Ports pgjdbc cannot read: `Driver.parseURL` takes each as an `int` from 1 to 65535 and
/// returns no URL otherwise, so Java's DriverManager finds no driver for it. Returns true
/// when every port reads.
fn check_jdbc_ports(ctx: &Ctx, findings: &mut Vec<Finding>) -> bool {
    let mut all_read = true;
    for host in &ctx.info.hosts {
        let Some(port) = host.port_span else {
            continue;
        };
        let written = port.of(ctx.text);
        let valid = written.parse::<u32>().is_ok_and(|port| (1..=65535).contains(&port));
        if valid || written.is_empty() {
            continue;
        }
        all_read = false;
        let message = format!(
            "pgjdbc reads the port as a number from 1 to 65535, so with `{written}` it rejects \
             the whole URL and Java's DriverManager finds no driver for it. Write the port's \
             number."
        );
        findings.push(Finding::new(&INVALID_PORT, Severity::Error, ctx.src(port), message));
    }
    all_read
}

/// Settings written after `;` in the path (`/app;sslmode=disable`), as SQL Server's JDBC
/// URLs take them: pgjdbc reads settings only after `?`, so the database name becomes
/// `app;sslmode=disable` and the setting is lost. Returns true when it reported one.
fn check_jdbc_semicolons(ctx: &Ctx, findings: &mut Vec<Finding>) -> bool {
    let Some(path) = ctx.info.path_span else {
        return false;
    };
    let written = path.of(ctx.text);
    let Some(semicolon) = written.find(';').filter(|_| written.contains('=')) else {
        return false;
    };
    let database = &written[..semicolon];
    let message = format!(
        "pgjdbc takes settings only after `?`, joined by `&`: here the database name becomes \
         `{written}`, which does not exist, and these settings are ignored. Write \
         `{database}?…&…`."
    );
    let query = ctx.info.query_span.is_some();
    let rewritten: String = written[semicolon..]
        .split(';')
        .filter(|part| !part.is_empty())
        .enumerate()
        .map(|(index, part)| format!("{}{part}", if index == 0 && !query { "?" } else { "&" }))
        .collect();
    let edit = if query {
        // The settings go after the query already there.
        None
    } else {
        ctx.edit(Span::new(path.start + semicolon, path.end), &rewritten)
    };
    let span = Span::new(path.start + semicolon, path.end);
    findings.push(
        Finding::new(&JDBC_SEMICOLON_PARAMETERS, Severity::Error, ctx.src(span), message)
            .with_fixes(edit.map(|edit| fix("Write the settings after `?`", edit))),
    );
    true
}

fn check_jdbc_userinfo(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(userinfo) = ctx.info.userinfo_span else {
        return;
    };
    let message = "pgjdbc does not take `user:password@` in the URL: it reads it as part of \
                   the host name and cannot connect. Pass `?user=…&password=…`, or the \
                   framework's own settings (SPRING_DATASOURCE_USERNAME and _PASSWORD).";
    let finding =
        Finding::new(&JDBC_USERINFO, Severity::Error, ctx.src(userinfo), message.to_string());
    findings.push(finding.with_fixes(jdbc_userinfo_fix(ctx, userinfo)));
}

fn jdbc_userinfo_fix(ctx: &Ctx, userinfo: Span) -> Option<Fix> {
    let raw = userinfo.of(ctx.text);
    let at_sign = userinfo.end;
    let path_end = ctx.info.query_span.map_or(ctx.text.len(), |query| query.start - 1);
    let location = ctx.text.get(at_sign + 1..path_end)?;
    let (query_joiner, after_path) = match ctx.info.query_span {
        Some(query) if !query.is_empty() => ("&", Span::new(at_sign, query.start)),
        Some(query) => ("", Span::new(at_sign, query.start)),
        None => ("", Span::new(at_sign, path_end)),
    };
    let location =
        if location.contains('/') { location.to_string() } else { format!("{location}/") };

    let edits = match raw.split_once(':') {
        Some((user, _password)) => {
            // `user:` becomes `host/db?user=user&password=`; the password stays where it is;
            // `@host/db?` becomes the `&` before the rest of the query.
            let head = Span::new(userinfo.start, userinfo.start + user.len() + 1);
            vec![
                ctx.edit(head, &format!("{location}?user={user}&password="))?,
                ctx.edit(after_path, query_joiner)?,
            ]
        }
        None => {
            let query = format!("{location}?user={raw}{query_joiner}");
            vec![ctx.edit(Span::new(userinfo.start, after_path.end), &query)?]
        }
    };
    Some(Fix::new("Move the user and password into the query", edits))
}

/// pgjdbc's TLS: `sslmode` as libpq reads it (default `prefer`), `ssl=true` alone meaning
/// `verify-full` (`jdbc/SslMode.java`, `of`), and `NonValidatingFactory` switching every
/// check off.
fn check_jdbc_tls(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if let Some(factory) = written(ctx, "sslfactory") {
        if factory.value.ends_with("NonValidatingFactory") {
            let message = "`NonValidatingFactory` accepts any certificate, so a man in the \
                           middle can pose as the server whatever `sslmode` says. Drop it and \
                           use `sslmode=verify-full` with `sslrootcert`.";
            findings.push(Finding::new(
                &JDBC_NONVALIDATING_FACTORY,
                Severity::Warning,
                ctx.src(factory.value_span),
                message,
            ));
            return;
        }
    }
    let sslmode = written(ctx, "sslmode");
    // pgjdbc reads `ssl` as a boolean; the value is taken as written, before libpq's alias.
    let ssl_on = written(ctx, "ssl")
        .is_some_and(|ssl| !ssl.value_span.of(ctx.text).eq_ignore_ascii_case("false"));
    let mode = match sslmode {
        Some(found) => match SslMode::from_name(&found.value.to_ascii_lowercase()) {
            Some(mode) => mode,
            None => {
                // `SslMode.of` throws "Invalid sslmode value".
                invalid_mode(ctx, "pgjdbc", found, "verify-full", findings);
                return;
            }
        },
        None if ssl_on => SslMode::VerifyFull,
        None => SslMode::Prefer,
    };
    driver_tls(ctx, "pgjdbc", mode, sslmode, findings);
}

/// A TLS mode the driver refuses to connect with; the fix writes `strongest`, the driver's
/// spelling of `verify-full`.
fn invalid_mode(
    ctx: &Ctx,
    who: &str,
    setting: &Setting,
    strongest: &str,
    findings: &mut Vec<Finding>,
) {
    let message = format!(
        "{who} refuses to connect with the TLS mode `{}`: it takes disable, allow, prefer, \
         require, verify-ca and verify-full (in its own spelling). Use `{strongest}`.",
        setting.value
    );
    let edit = ctx.edit(setting.value_span, strongest);
    findings.push(
        Finding::new(&INVALID_SSLMODE, Severity::Error, ctx.src(setting.value_span), message)
            .with_fixes(edit.map(|edit| fix(&format!("Use `{strongest}`"), edit))),
    );
}

/// The TLS findings of a driver that reads libpq's modes with libpq's meaning, worded for
/// it: `who` is the driver's short name.
fn driver_tls(
    ctx: &Ctx,
    who: &str,
    mode: SslMode,
    setting: Option<&Setting>,
    findings: &mut Vec<Finding>,
) {
    let Some(first_remote) = remote(ctx) else {
        return;
    };
    let span = setting.map_or(first_remote, |setting| ctx.src(setting.value_span));
    let (rule, severity, message) = match mode {
        SslMode::Disable => (
            &SSLMODE_DISABLE,
            Severity::Error,
            format!(
                "With `sslmode=disable` {who} sends everything, the password exchange included, \
                 in plain text. Use `sslmode=verify-full`."
            ),
        ),
        SslMode::Allow | SslMode::Prefer => (
            &SSLMODE_FALLBACK,
            Severity::Warning,
            format!(
                "{who} uses `sslmode={}` here: it falls back to plain text when TLS is not \
                 offered and never checks the certificate. Use `sslmode=verify-full`.",
                mode.name()
            ),
        ),
        SslMode::Require => (
            &SSLMODE_REQUIRE,
            Severity::Warning,
            format!(
                "Under `sslmode=require` {who} encrypts but accepts any certificate, so a man in \
                 the middle can pose as the server. Use `sslmode=verify-full`."
            ),
        ),
        SslMode::VerifyCa => (
            &SSLMODE_VERIFY_CA,
            Severity::Information,
            format!(
                "Under `sslmode=verify-ca` {who} checks the CA but not the host name, so any \
                 server with a certificate from that CA can pose as this one. Use \
                 `sslmode=verify-full`."
            ),
        ),
        SslMode::VerifyFull => return,
    };
    let edit = match setting {
        Some(setting) => ctx.edit(setting.value_span, "verify-full"),
        None => ctx.add_settings(&[("sslmode", "verify-full".to_string())]),
    };
    let title =
        if setting.is_some() { "Use `sslmode=verify-full`" } else { "Add `sslmode=verify-full`" };
    findings.push(
        Finding::new(rule, severity, span, message).with_fixes(edit.map(|edit| fix(title, edit))),
    );
}

/// node-postgres's TLS (`pg-connection-string/index.js`, `parse`): no TLS unless asked;
/// `prefer`, `require` and `verify-ca` verify like `verify-full` unless
/// `uselibpqcompat=true`, which restores libpq's meaning; `no-verify` checks nothing.
fn check_node_tls(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(first_remote) = remote(ctx) else {
        return;
    };
    let sslmode = written(ctx, "sslmode");
    let ssl = written(ctx, "ssl");
    let compat = written(ctx, "uselibpqcompat").is_some_and(|flag| flag.value == "true");
    let file_options =
        ["sslcert", "sslkey", "sslrootcert"].iter().any(|key| written(ctx, key).is_some());

    let Some(setting) = sslmode else {
        // The value as written: libpq's reading has already turned `ssl=true` into `require`.
        let written_on = |ssl: &Setting| matches!(ssl.value_span.of(ctx.text), "true" | "1");
        let tls_on = ssl.is_some_and(written_on) || file_options;
        if !tls_on {
            let message = format!(
                "node-postgres uses no TLS unless the URL or the code asks for it ({}): the \
                 password and every query cross the network in plain text. Add \
                 `sslmode=verify-full` (or pass `ssl` in code).",
                ctx.consumer.reason()
            );
            let edit = ctx.add_settings(&[("sslmode", "verify-full".to_string())]);
            findings.push(
                Finding::new(&NODE_NO_TLS, Severity::Warning, first_remote, message)
                    .with_fixes(edit.map(|edit| fix("Add `sslmode=verify-full`", edit))),
            );
        }
        return;
    };

    let span = ctx.src(setting.value_span);
    let value = setting.value.as_str();
    if value == "no-verify" {
        let message = "`sslmode=no-verify` makes node-postgres accept any certificate, so a man \
                       in the middle can pose as the server. Use `sslmode=verify-full` with \
                       the server's CA.";
        let edit = ctx.edit(setting.value_span, "verify-full");
        findings.push(
            Finding::new(&NODE_SSLMODE_NO_VERIFY, Severity::Warning, span, message)
                .with_fixes(edit.map(|edit| fix("Use `sslmode=verify-full`", edit))),
        );
        return;
    }
    let Some(mode) = SslMode::from_name(value) else {
        return;
    };
    if compat {
        driver_tls(ctx, "node-postgres (with `uselibpqcompat=true`)", mode, sslmode, findings);
        return;
    }
    match mode {
        SslMode::Disable => driver_tls(ctx, "node-postgres", mode, sslmode, findings),
        SslMode::Prefer | SslMode::Require | SslMode::VerifyCa => {
            let message = format!(
                "node-postgres reads `sslmode={value}` as `verify-full`: it checks the \
                 certificate and the host name, so a server with a self-signed certificate is \
                 refused, while libpq tools given this URL check nothing. Say `verify-full` to \
                 mean what happens."
            );
            let edit = ctx.edit(setting.value_span, "verify-full");
            findings.push(
                Finding::new(&NODE_SSLMODE_VERIFIES, Severity::Information, span, message)
                    .with_fixes(edit.map(|edit| fix("Use `sslmode=verify-full`", edit))),
            );
        }
        SslMode::Allow => driver_tls(ctx, "node-postgres", SslMode::Prefer, sslmode, findings),
        SslMode::VerifyFull => {}
    }
}

/// postgres.js's TLS (`src/index.js` and `src/connection.js`, `secure`): `sslmode` (or
/// `ssl`) is copied into its `ssl` option, which is off by default and for `disable`;
/// `require`, `allow` and `prefer` set `rejectUnauthorized = false` (only `prefer` falls
/// back to plain text), and any other value, `verify-ca` included, lets Node check the
/// certificate and the host name against its CA store.
fn check_postgres_js_tls(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(first_remote) = remote(ctx) else {
        return;
    };
    let sslmode = written(ctx, "sslmode").or_else(|| written(ctx, "ssl"));
    let Some(setting) = sslmode else {
        let message = format!(
            "postgres.js uses no TLS unless the URL or the code asks for it ({}): the \
             password and every query cross the network in plain text. Add \
             `sslmode=verify-full` (or pass `ssl` in code).",
            ctx.consumer.reason()
        );
        let edit = ctx.add_settings(&[("sslmode", "verify-full".to_string())]);
        findings.push(
            Finding::new(&SSLMODE_FALLBACK, Severity::Warning, first_remote, message)
                .with_fixes(edit.map(|edit| fix("Add `sslmode=verify-full`", edit))),
        );
        return;
    };

    // The value as written: libpq's reading has already turned `ssl=true` into `require`.
    let mode = match setting.value_span.of(ctx.text) {
        "disable" | "false" => SslMode::Disable,
        "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "allow" => {
            let message = "Under `sslmode=allow` postgres.js insists on TLS but accepts any \
                           certificate, so a man in the middle can pose as the server. Use \
                           `sslmode=verify-full`.";
            let edit = ctx.edit(setting.value_span, "verify-full");
            findings.push(
                Finding::new(
                    &SSLMODE_REQUIRE,
                    Severity::Warning,
                    ctx.src(setting.value_span),
                    message,
                )
                .with_fixes(edit.map(|edit| fix("Use `sslmode=verify-full`", edit))),
            );
            return;
        }
        _ => return,
    };
    driver_tls(ctx, "postgres.js", mode, Some(setting), findings);
}

/// Prisma's TLS (`quaint/src/connector/postgres/url.rs`): `sslmode` is `disable`, `prefer`
/// (the default) or `require`, any other value silently `prefer`; certificates are checked
/// only with `sslaccept=strict`.
fn check_prisma_tls(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(first_remote) = remote(ctx) else {
        return;
    };
    let sslmode = written(ctx, "sslmode");
    let sslaccept = written(ctx, "sslaccept");
    let strict = sslaccept.is_some_and(|accept| accept.value != "accept_invalid_certs");

    let value = sslmode.map_or("prefer", |setting| setting.value.as_str());
    match value {
        "disable" => {
            // Prisma reads `verify-full` as `prefer`, so the fix is its own verifying pair.
            let span = sslmode.map_or(first_remote, |setting| ctx.src(setting.value_span));
            let message = "With `sslmode=disable` Prisma sends everything, the password \
                           exchange included, in plain text. Use \
                           `sslmode=require&sslaccept=strict`, which checks the certificate \
                           and host.";
            findings.push(
                Finding::new(&SSLMODE_DISABLE, Severity::Error, span, message)
                    .with_fixes(require_strict_fix(ctx, sslmode, sslaccept)),
            );
        }
        "require" if strict => {}
        "require" => {
            let setting = sslmode.map_or(first_remote, |setting| ctx.src(setting.value_span));
            let message = "Under `sslmode=require` Prisma accepts any certificate unless \
                           `sslaccept=strict`, so a man in the middle can pose as the server. \
                           Add `sslaccept=strict`.";
            let edit = strict_accept(ctx, sslaccept);
            findings.push(
                Finding::new(&PRISMA_ACCEPTS_INVALID_CERTS, Severity::Warning, setting, message)
                    .with_fixes(edit.map(|edit| fix("Add `sslaccept=strict`", edit))),
            );
        }
        "prefer" => {
            let span = sslmode.map_or(first_remote, |setting| ctx.src(setting.value_span));
            let message = "Prisma uses `sslmode=prefer` here: it falls back to plain text when \
                           TLS is not offered and checks no certificate. Use \
                           `sslmode=require&sslaccept=strict`.";
            findings.push(
                Finding::new(&SSLMODE_FALLBACK, Severity::Warning, span, message)
                    .with_fixes(require_strict_fix(ctx, sslmode, sslaccept)),
            );
        }
        other => {
            let Some(setting) = sslmode else {
                return;
            };
            let message = format!(
                "Prisma knows only `disable`, `prefer` and `require`, and silently reads \
                 `sslmode={other}` as `prefer`: plain-text fallback and no certificate check. \
                 Use `sslmode=require&sslaccept=strict`, which checks the certificate and host."
            );
            findings.push(
                Finding::new(
                    &PRISMA_SSLMODE_UNSUPPORTED,
                    Severity::Warning,
                    ctx.src(setting.value_span),
                    message,
                )
                .with_fixes(require_strict_fix(ctx, sslmode, sslaccept)),
            );
        }
    }
}

/// Npgsql's TLS (`NpgsqlConnectionStringBuilder.cs`): `SSL Mode` takes libpq's modes with
/// `Prefer` as default; `Trust Server Certificate=true` skipped the certificate check before
/// Npgsql 8 and is obsolete since (marked "does nothing").
fn npgsql_mode(value: &str) -> Option<SslMode> {
    let normalized = value.to_ascii_lowercase().replace(['-', '_'], "");
    SslMode::ALL.into_iter().find(|mode| mode.name().replace('-', "") == normalized)
}

pub(super) fn check_npgsql(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if let Some(trust) = ctx.info.get("trustservercertificate") {
        if trust.value.eq_ignore_ascii_case("true") {
            let message = "`Trust Server Certificate=true` made Npgsql before 8.0 accept any \
                           certificate (a man in the middle can pose as the server), and does \
                           nothing since. Remove it and use `SSL Mode=VerifyFull`.";
            findings.push(Finding::new(
                &NPGSQL_TRUST_SERVER_CERTIFICATE,
                Severity::Warning,
                ctx.src(trust.value_span),
                message,
            ));
        }
    }

    if let Some(port) = ctx.info.get("port") {
        // The builder takes `Port` as an int, and a socket takes no port beyond 65535.
        let valid = port.value.trim().parse::<u32>().is_ok_and(|port| (1..=65535).contains(&port));
        if !valid {
            let message = format!(
                "Npgsql cannot use `Port={}`: it takes a TCP port, a whole number from 1 to \
                 65535, and opening a connection with this string fails.",
                port.value
            );
            findings.push(Finding::new(
                &INVALID_PORT,
                Severity::Error,
                ctx.src(port.value_span),
                message,
            ));
        }
    }

    let Some(host) = ctx.info.get("host") else {
        return;
    };
    if host.value.split(',').all(super::is_local) {
        return;
    }
    let sslmode = ctx.info.get("sslmode");
    let mode = match sslmode {
        Some(setting) => match npgsql_mode(&setting.value) {
            Some(mode) => mode,
            // The builder refuses a value that is not one of the enum's names.
            None => {
                invalid_mode(ctx, "Npgsql", setting, "VerifyFull", findings);
                return;
            }
        },
        None => SslMode::Prefer,
    };
    let (rule, severity, message) = match mode {
        SslMode::Disable => (
            &SSLMODE_DISABLE,
            Severity::Error,
            "With `SSL Mode=Disable` Npgsql sends everything, the password exchange included, \
             in plain text. Use `SSL Mode=VerifyFull`.",
        ),
        SslMode::Allow | SslMode::Prefer => (
            &SSLMODE_FALLBACK,
            Severity::Warning,
            "Npgsql's `SSL Mode` is `Prefer` here (its default): it falls back to plain text \
             when TLS is not offered and checks no certificate. Use `SSL Mode=VerifyFull`.",
        ),
        SslMode::Require => (
            &SSLMODE_REQUIRE,
            Severity::Warning,
            "Under `SSL Mode=Require` Npgsql encrypts but accepts any certificate, so a man in \
             the middle can pose as the server. Use `SSL Mode=VerifyFull`.",
        ),
        SslMode::VerifyCa => (
            &SSLMODE_VERIFY_CA,
            Severity::Information,
            "Under `SSL Mode=VerifyCA` Npgsql checks the CA but not the host name, so any \
             server with a certificate from that CA can pose as this one. Use \
             `SSL Mode=VerifyFull`.",
        ),
        SslMode::VerifyFull => return,
    };
    let (span, edit, title) = match sslmode {
        Some(setting) => (
            ctx.src(setting.value_span),
            ctx.edit(setting.value_span, "VerifyFull"),
            "Use `SSL Mode=VerifyFull`",
        ),
        None => {
            let end = ctx.text.trim_end().len();
            let separator = if ctx.text[..end].ends_with(';') { "" } else { ";" };
            let edit = ctx.edit(Span::empty(end), &format!("{separator}SSL Mode=VerifyFull"));
            (ctx.src(host.value_span), edit, "Add `SSL Mode=VerifyFull`")
        }
    };
    findings.push(
        Finding::new(rule, severity, span, message).with_fixes(edit.map(|edit| fix(title, edit))),
    );
}

/// An edit that makes `sslaccept` strict: its value replaced, or the parameter added.
fn strict_accept(ctx: &Ctx, sslaccept: Option<&Setting>) -> Option<Edit> {
    match sslaccept {
        Some(setting) => ctx.edit(setting.value_span, "strict"),
        None => ctx.add_settings(&[("sslaccept", "strict".to_string())]),
    }
}

/// The fix to `sslmode=require&sslaccept=strict`, Prisma's verifying TLS.
fn require_strict_fix(
    ctx: &Ctx,
    sslmode: Option<&Setting>,
    sslaccept: Option<&Setting>,
) -> Option<Fix> {
    let title = "Use `sslmode=require&sslaccept=strict`";
    let edits = match (sslmode, sslaccept) {
        (Some(mode), Some(accept)) => {
            vec![ctx.edit(mode.value_span, "require")?, ctx.edit(accept.value_span, "strict")?]
        }
        (Some(mode), None) => {
            vec![ctx.edit(mode.value_span, "require")?, strict_accept(ctx, None)?]
        }
        (None, accept) => match accept {
            Some(accept) => vec![
                ctx.edit(accept.value_span, "strict")?,
                ctx.add_settings(&[("sslmode", "require".to_string())])?,
            ],
            None => vec![ctx.add_settings(&[
                ("sslmode", "require".to_string()),
                ("sslaccept", "strict".to_string()),
            ])?],
        },
    };
    Some(Fix::new(title, edits))
}
