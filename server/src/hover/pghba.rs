//! Hovers for `pg_hba.conf`: what a connection type, keyword, method or option means,
//! which clients an address covers, and, when the file's path is known, which file an
//! `include` or `@name` reads and the names an `@name` stands for.

use std::path::Path;

use crate::files::Files;
use crate::hover::Hover;
use crate::knowledge::hba::{
    self as facts, AuthMethod, AuthOption, ColumnKeyword, ConnType, PasswordOnWire,
    ADDRESS_KEYWORDS,
};
use crate::rules::pghba::resolve_from;
use crate::rules::pghba::template;
use crate::settings::Settings;
use crate::syntax::pghba::{
    parse_for, resolve_include, Address, AddressSpec, Field, IncludeKind, IpRange, Token,
};

/// The column a hovered token sits in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    ConnType,
    Database,
    User,
    Address,
    Mask,
    Method,
    Option,
}

/// The hover at `offset` of `text` on its own: named files show where they would be
/// relative to this file's folder.
pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    hover_in(text, offset, settings, None)
}

/// The file at `path` and the files around it, for the hovers of names of other files.
pub type Around<'a> = (&'a Path, &'a dyn Files);

/// The hover at `offset` of `text`, the file `around` names, when known.
pub fn hover_in(
    text: &str,
    offset: usize,
    settings: &Settings,
    around: Option<Around>,
) -> Option<Hover> {
    let major = facts::major(settings);
    let file = parse_for(text, major);
    let record = file.records.iter().find(|record| record.span.touches(offset))?;

    if let Some((kind, path)) = record.include() {
        let first = record.fields[0].first();
        if first.span.touches(offset) || path.span.touches(offset) {
            return Some(Hover {
                span: first.span.cover(path.span),
                markdown: include_markdown(kind, path, around),
            });
        }
    }

    let columns = record.columns();
    let mut placed: Vec<(Column, &Token)> = Vec::new();
    place(&mut placed, Column::ConnType, Some(columns.conn_type));
    place(&mut placed, Column::Database, columns.database);
    place(&mut placed, Column::User, columns.user);
    place(&mut placed, Column::Address, columns.address);
    place(&mut placed, Column::Mask, columns.mask);
    place(&mut placed, Column::Method, columns.method);
    for token in &columns.options {
        placed.push((Column::Option, token));
    }
    let &(column, token) = placed.iter().find(|(_, token)| token.span.touches(offset))?;

    // A template placeholder is no list of names, though the server reads it as one.
    let placeholders =
        if token.quoted { Vec::new() } else { template::placeholders_in(text, token.span) };
    let placeholder = placeholders.iter().find(|(span, _)| span.touches(offset));
    if let Some(&(span, placeholder)) = placeholder.or(placeholders.first()) {
        return Some(Hover { span, markdown: placeholder_markdown(placeholder) });
    }

    // The server expands `@name` in every column, not only in the name lists.
    if let Some(file) = token.included_file() {
        return Some(Hover { span: token.span, markdown: file_list_markdown(file, around, major) });
    }
    let markdown = match column {
        Column::ConnType => conn_type_markdown(token, major)?,
        Column::Database | Column::User => {
            name_markdown(token, column == Column::Database, major, around)
        }
        Column::Address => address_markdown(token, columns.mask)?,
        Column::Mask => {
            let address = columns.address?.single()?;
            address_markdown(address, columns.mask)?
        }
        Column::Method => method_markdown(token, major)?,
        Column::Option => option_markdown(token, major)?,
    };
    Some(Hover { span: token.span, markdown })
}

fn placeholder_markdown(placeholder: &template::Placeholder) -> String {
    format!(
        "**`{}`** — placeholder of initdb's pg_hba.conf template\n\nWhen a cluster is \
         created from `pg_hba.conf.sample`, {}. Left in a pg_hba.conf the server reads, it is \
         taken for an `@file` that does not exist, and the server refuses the whole file.",
        placeholder.token, placeholder.stands_for
    )
}

/// Records which column each token of `field` is in.
fn place<'r>(placed: &mut Vec<(Column, &'r Token)>, column: Column, field: Option<&'r Field>) {
    for token in field.into_iter().flat_map(|field| field.tokens.iter()) {
        placed.push((column, token));
    }
}

fn include_markdown(kind: IncludeKind, path: &Token, around: Option<Around>) -> String {
    let what = match kind {
        IncludeKind::Include => "Reads the lines of another file here, as if written in place.",
        IncludeKind::IncludeIfExists => {
            "Reads the lines of another file here, skipping it silently if it does not exist."
        }
        IncludeKind::IncludeDir => {
            "Reads every `.conf` file of a directory here, in file-name order."
        }
    };
    let header =
        format!("**`{}`** `{}` — PostgreSQL 16 and later\n\n{what}", kind.name(), path.text);
    let Some((file, files)) = around else {
        return format!(
            "{header} Resolves to `{}` (`$DIR` is the folder of this file).",
            resolve_include(&path.text, None)
        );
    };

    let target = resolve_from(&path.text, Some(file), None);
    let shown = target.display();
    let state = match kind {
        IncludeKind::IncludeDir => match files.list(&target) {
            None => "which cannot be read".to_string(),
            Some(listed) => {
                let mut names: Vec<String> = listed
                    .iter()
                    .filter_map(|file| file.file_name().map(|name| name.to_string_lossy()))
                    .filter(|name| {
                        name.len() >= 6 && !name.starts_with('.') && name.ends_with(".conf")
                    })
                    .map(|name| format!("`{name}`"))
                    .collect();
                names.sort();
                match names.len() {
                    0 => "which holds no `.conf` file".to_string(),
                    _ => format!("which holds {}", listing(&names)),
                }
            }
        },
        _ if files.exists(&target) => "which exists".to_string(),
        _ => "which does not exist".to_string(),
    };
    format!("{header} Resolves to `{shown}`, {state}.")
}

/// At most a dozen items, joined for a sentence.
fn listing(items: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut out = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        out.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    out
}

/// The hover of an `@name` token.
fn file_list_markdown(file_name: &str, around: Option<Around>, major: u32) -> String {
    let header = format!(
        "**`@{file_name}`** — names read from a file\n\nThe file's tokens (separated by \
        blanks, commas or lines) are put here, as if written in this list."
    );
    let Some((file, files)) = around else {
        return format!(
            "{header} Resolves to `{}` (`$DIR` is the folder of this file).",
            resolve_include(file_name, None)
        );
    };
    let target = resolve_from(file_name, Some(file), None);
    let Some(text) = files.read(&target) else {
        return format!(
            "{header} Resolves to `{}`, which does not exist: the server refuses the file.",
            target.display()
        );
    };
    let names: Vec<String> = parse_for(&text, major)
        .records
        .iter()
        .flat_map(|record| &record.fields)
        .flat_map(|field| &field.tokens)
        .map(|token| format!("`{}`", token.span.of(&text)))
        .collect();
    if names.is_empty() {
        return format!(
            "{header} Resolves to `{}`, which holds no names: the field disappears and the \
            fields after it move left.",
            target.display()
        );
    }
    format!("{header} Resolves to `{}`, which holds {}.", target.display(), listing(&names))
}

fn conn_type_markdown(token: &Token, major: u32) -> Option<String> {
    let conn_type = ConnType::from_name(&token.text)?;
    let availability = if major < conn_type.since() {
        format!("\n\nNot available in PostgreSQL {major}.")
    } else {
        String::new()
    };
    Some(format!(
        "**`{}`** — connection type\n\n{}{availability}",
        conn_type.name(),
        conn_type.summary()
    ))
}

fn name_markdown(token: &Token, database: bool, major: u32, around: Option<Around>) -> String {
    let column = if database { "database" } else { "user" };
    if let Some(file) = token.included_file() {
        return file_list_markdown(file, around, major);
    }
    if let Some(pattern) = token.regex(major) {
        let what = if database { "database" } else { "role" };
        return format!(
            "**`/{pattern}`** — regular expression\n\nMatches every {what} whose name the \
            regular expression `{pattern}` matches (anchor it with `^` and `$` to match whole \
            names)."
        );
    }
    if !token.quoted {
        if let Some(keyword) = ColumnKeyword::find(&token.text) {
            if (database && keyword.database) || (!database && keyword.user) {
                let (name, summary) = (keyword.name, keyword.summary);
                return format!("**`{name}`** — {column} keyword\n\n{summary}");
            }
        }
        if let Some(group) = token.text.strip_prefix('+').filter(|_| !database) {
            return format!(
                "**`+{group}`** — role membership\n\nMatches every role that is a member of \
                `{group}`, directly or through other roles. Superusers are not members just \
                for being superusers."
            );
        }
    }
    let quoted_keyword = token.quoted && ColumnKeyword::find(&token.text).is_some();
    let note = if quoted_keyword { " Quoted, so it is a plain name, not the keyword." } else { "" };
    let what = if database { "the database" } else { "the role" };
    format!("**`{}`** — {column}\n\nMatches {what} of exactly this name.{note}", token.text)
}

fn address_markdown(token: &Token, mask: Option<&Field>) -> Option<String> {
    let spec = AddressSpec::parse(token);
    match spec {
        AddressSpec::All | AddressSpec::SameHost | AddressSpec::SameNet => {
            let (name, summary) = ADDRESS_KEYWORDS.iter().find(|(name, _)| *name == token.text)?;
            Some(format!("**`{name}`** — address keyword\n\n{summary}"))
        }
        AddressSpec::Ip(Address { ip, prefix }) => match prefix {
            Some(prefix) => Some(range_markdown(&token.text, IpRange::from_prefix(ip, prefix))),
            None => {
                let mask_text = &mask?.single()?.text;
                let mask_ip = crate::syntax::pghba::address::parse_ip(mask_text)?;
                let written = format!("{} {mask_text}", token.text);
                Some(range_markdown(&written, IpRange::from_mask(ip, mask_ip)?))
            }
        },
        AddressSpec::HostName(host) => {
            let how = if host.starts_with('.') {
                format!("any client whose host name ends in `{host}`")
            } else {
                format!("the client whose host name is `{host}`")
            };
            Some(format!(
                "**`{host}`** — host name\n\nMatches {how}: the server looks up the client's \
                address in reverse DNS, then checks that the name resolves back to it. Each \
                connection pays for the lookups."
            ))
        }
        AddressSpec::Invalid(_) => None,
    }
}

fn range_markdown(written: &str, range: IpRange) -> String {
    let family = if range.v6 { "IPv6" } else { "IPv4" };
    let size = range.size();
    let addresses = if size == "1" { "address" } else { "addresses" };
    let mut out = match range.prefix_len() {
        Some(prefix) => format!(
            "**`{written}`** — {family} range\n\n{} to {}, {size} {addresses} (/{prefix}).",
            range.network_ip(),
            range.broadcast_ip(),
        ),
        None => format!(
            "**`{written}`** — {family} addresses under a netmask\n\nEvery address equal to \
            {} in the bits of mask {}: {size} {addresses}.",
            range.network_ip(),
            range.mask_ip(),
        ),
    };
    if range.has_host_bits() {
        out.push_str(&format!(
            "\n\nThe bits of {} beyond the mask are ignored.",
            range.address_ip()
        ));
    }
    if range.is_loopback() {
        out.push_str("\n\nLoopback only: clients on this machine.");
    }
    if !range.v6 {
        out.push_str("\n\nIPv4 ranges never match IPv6 clients, IPv4-mapped ones included.");
    }
    out
}

fn method_markdown(token: &Token, major: u32) -> Option<String> {
    let method = AuthMethod::from_name(&token.text)?;
    let wire = match method.password_on_wire() {
        PasswordOnWire::None => "No password is sent.",
        PasswordOnWire::Hashed => "The password itself never crosses the wire.",
        PasswordOnWire::Clear => {
            "The password crosses the wire as it is: use it only over TLS or GSSAPI encryption."
        }
    };
    let availability = if method.exists_in(major) {
        String::new()
    } else {
        format!("\n\nNeeds PostgreSQL {}; not available in PostgreSQL {major}.", method.since())
    };
    Some(format!(
        "**`{}`** — authentication method\n\n**Checks:** {}\n\n**Password on the wire:** \
        {wire}\n\n**Needs:** {}{availability}\n\n[Manual]({})",
        method.name(),
        method.checks(),
        method.needs(),
        method.url()
    ))
}

fn option_markdown(token: &Token, major: u32) -> Option<String> {
    let name = token.text.split('=').next()?;
    let option = AuthOption::find(name, major)?;
    let shown = match token.text.split_once('=') {
        Some((_, _)) if option.secret => format!("{name}=****"),
        Some((_, value)) => format!("{name}={value}"),
        None => name.to_string(),
    };
    Some(format!(
        "**`{shown}`** — authentication option\n\n{}\n\nTaken by: {}.",
        option.summary,
        option.method_names(major).join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    /// The hover at the `|` marker, with the text it explains.
    #[track_caller]
    fn check(marked: &str, expect: Expect) {
        let offset = marked.find('|').expect("a | marker");
        let text = marked.replacen('|', "", 1);
        let rendered = match hover(&text, offset, &Settings::default()) {
            Some(hover) => format!("[{}]\n{}", hover.span.of(&text), hover.markdown),
            None => "none".to_string(),
        };
        expect.assert_eq(&rendered);
    }

    /// Like [`check`], for `/etc/postgresql/16/main/pg_hba.conf` with files around it.
    #[track_caller]
    fn check_around(marked: &str, expect: Expect) {
        let files = crate::files::MemoryFiles::default()
            .with("/etc/postgresql/16/main/hba.d/20-ops.conf", "")
            .with("/etc/postgresql/16/main/hba.d/10-app.conf", "")
            .with("/etc/postgresql/16/main/hba.d/notes.txt", "")
            .with("/etc/postgresql/16/main/extra.conf", "")
            .with("/etc/postgresql/16/main/admins.txt", "# ops\nalice, bob\n\"all\" @more\n")
            .with("/etc/postgresql/16/main/empty.txt", "# nobody\n");
        let path = Path::new("/etc/postgresql/16/main/pg_hba.conf");
        let offset = marked.find('|').expect("a | marker");
        let text = marked.replacen('|', "", 1);
        let rendered = match hover_in(&text, offset, &Settings::default(), Some((path, &files))) {
            Some(hover) => format!("[{}]\n{}", hover.span.of(&text), hover.markdown),
            None => "none".to_string(),
        };
        expect.assert_eq(&rendered);
    }

    #[test]
    fn template_placeholders_say_what_they_stand_for() {
        check(
            "host all all 127.0.0.1/32 @authmethod|host@\n",
            expect![[r#"
            [@authmethodhost@]
            **`@authmethodhost@`** — placeholder of initdb's pg_hba.conf template

            When a cluster is created from `pg_hba.conf.sample`, initdb writes the authentication method for TCP connections there. Left in a pg_hba.conf the server reads, it is taken for an `@file` that does not exist, and the server refuses the whole file."#]],
        );
        check(
            "@remove-line-for-nolocal@lo|cal all all @authmethodlocal@\n",
            expect![[r#"
            [@remove-line-for-nolocal@]
            **`@remove-line-for-nolocal@`** — placeholder of initdb's pg_hba.conf template

            When a cluster is created from `pg_hba.conf.sample`, initdb removes it, or the whole line on a server without Unix-domain sockets. Left in a pg_hba.conf the server reads, it is taken for an `@file` that does not exist, and the server refuses the whole file."#]],
        );
        check(
            "local all \"@authmethod|local@\" peer\n",
            expect![[r#"
            ["@authmethodlocal@"]
            **`@authmethodlocal@`** — user

            Matches the role of exactly this name."#]],
        );
    }

    #[test]
    fn named_files_with_the_files_around() {
        check_around(
            "include ex|tra.conf\n",
            expect![[r#"
            [include extra.conf]
            **`include`** `extra.conf` — PostgreSQL 16 and later

            Reads the lines of another file here, as if written in place. Resolves to `/etc/postgresql/16/main/extra.conf`, which exists."#]],
        );
        check_around(
            "include_if_exists mis|sing.conf\n",
            expect![[r#"
            [include_if_exists missing.conf]
            **`include_if_exists`** `missing.conf` — PostgreSQL 16 and later

            Reads the lines of another file here, skipping it silently if it does not exist. Resolves to `/etc/postgresql/16/main/missing.conf`, which does not exist."#]],
        );
        check_around(
            "include_dir hb|a.d\n",
            expect![[r#"
            [include_dir hba.d]
            **`include_dir`** `hba.d` — PostgreSQL 16 and later

            Reads every `.conf` file of a directory here, in file-name order. Resolves to `/etc/postgresql/16/main/hba.d`, which holds `10-app.conf`, `20-ops.conf`."#]],
        );
        check_around(
            "include_dir no|ne.d\n",
            expect![[r#"
            [include_dir none.d]
            **`include_dir`** `none.d` — PostgreSQL 16 and later

            Reads every `.conf` file of a directory here, in file-name order. Resolves to `/etc/postgresql/16/main/none.d`, which cannot be read."#]],
        );
        check_around(
            "hostssl all @adm|ins.txt 10.0.0.0/8 cert\n",
            expect![[r#"
            [@admins.txt]
            **`@admins.txt`** — names read from a file

            The file's tokens (separated by blanks, commas or lines) are put here, as if written in this list. Resolves to `/etc/postgresql/16/main/admins.txt`, which holds `alice`, `bob`, `"all"`, `@more`."#]],
        );
        check_around(
            "hostssl all @emp|ty.txt 10.0.0.0/8 cert\n",
            expect![[r#"
            [@empty.txt]
            **`@empty.txt`** — names read from a file

            The file's tokens (separated by blanks, commas or lines) are put here, as if written in this list. Resolves to `/etc/postgresql/16/main/empty.txt`, which holds no names: the field disappears and the fields after it move left."#]],
        );
        check_around(
            "hostssl all all @admin|s.txt cert\n",
            expect![[r#"
            [@admins.txt]
            **`@admins.txt`** — names read from a file

            The file's tokens (separated by blanks, commas or lines) are put here, as if written in this list. Resolves to `/etc/postgresql/16/main/admins.txt`, which holds `alice`, `bob`, `"all"`, `@more`."#]],
        );
        check_around(
            "hostssl all @nob|ody.txt 10.0.0.0/8 cert\n",
            expect![[r#"
            [@nobody.txt]
            **`@nobody.txt`** — names read from a file

            The file's tokens (separated by blanks, commas or lines) are put here, as if written in this list. Resolves to `/etc/postgresql/16/main/nobody.txt`, which does not exist: the server refuses the file."#]],
        );
    }

    #[test]
    fn connection_types_and_keywords() {
        check(
            "host|ssl all all ::1/128 cert\n",
            expect![[r#"
            [hostssl]
            **`hostssl`** — connection type

            TCP/IP connections that use TLS. Needs `ssl = on`; without it the record can never match."#]],
        );
        check(
            "host all| all 10.0.0.0/8 md5\n",
            expect![[r#"
            [all]
            **`all`** — database keyword

            Every database (or role). In the database column it does not match physical replication connections: those need the `replication` keyword."#]],
        );
        check(
            "host \"all|\" all 10.0.0.0/8 md5\n",
            expect![[r#"
            ["all"]
            **`all`** — database

            Matches the database of exactly this name. Quoted, so it is a plain name, not the keyword."#]],
        );
        check(
            "host replication| all 10.0.0.0/8 md5\n",
            expect![[r#"
            [replication]
            **`replication`** — database keyword

            Physical replication connections (standbys, pg_basebackup, WAL streaming), which no other database entry matches. Logical replication connections name a database and match like ordinary ones."#]],
        );
        check(
            "host all +adm|ins 10.0.0.0/8 md5\n",
            expect![[r#"
            [+admins]
            **`+admins`** — role membership

            Matches every role that is a member of `admins`, directly or through other roles. Superusers are not members just for being superusers."#]],
        );
        check(
            "host all /^app_|.*$ 10.0.0.0/8 md5\n",
            expect![[r#"
            [/^app_.*$]
            **`/^app_.*$`** — regular expression

            Matches every role whose name the regular expression `^app_.*$` matches (anchor it with `^` and `$` to match whole names)."#]],
        );
        check(
            "host @db|s.txt all 10.0.0.0/8 md5\n",
            expect![[r#"
                [@dbs.txt]
                **`@dbs.txt`** — names read from a file

                The file's tokens (separated by blanks, commas or lines) are put here, as if written in this list. Resolves to `$DIR/dbs.txt` (`$DIR` is the folder of this file)."#]],
        );
        check(
            "host all all sam|enet md5\n",
            expect![[r#"
            [samenet]
            **`samenet`** — address keyword

            Any address in any subnet the server is directly attached to: on a cloud or shared network that can be many machines that are not yours."#]],
        );
        check("# a com|ment\n", expect!["none"]);
        check(
            "incl|ude extra.conf\n",
            expect![[r#"
                [include extra.conf]
                **`include`** `extra.conf` — PostgreSQL 16 and later

                Reads the lines of another file here, as if written in place. Resolves to `$DIR/extra.conf` (`$DIR` is the folder of this file)."#]],
        );
    }

    #[test]
    fn addresses_show_their_range() {
        check(
            "host all all 10.0.1.0|/24 md5\n",
            expect![[r#"
            [10.0.1.0/24]
            **`10.0.1.0/24`** — IPv4 range

            10.0.1.0 to 10.0.1.255, 256 addresses (/24).

            IPv4 ranges never match IPv6 clients, IPv4-mapped ones included."#]],
        );
        check(
            "host all all 10.0.0.17/2|4 md5\n",
            expect![[r#"
            [10.0.0.17/24]
            **`10.0.0.17/24`** — IPv4 range

            10.0.0.0 to 10.0.0.255, 256 addresses (/24).

            The bits of 10.0.0.17 beyond the mask are ignored.

            IPv4 ranges never match IPv6 clients, IPv4-mapped ones included."#]],
        );
        check(
            "host all all 10.0.0.0 255.0.|255.0 md5\n",
            expect![[r#"
            [255.0.255.0]
            **`10.0.0.0 255.0.255.0`** — IPv4 addresses under a netmask

            Every address equal to 10.0.0.0 in the bits of mask 255.0.255.0: 65536 addresses.

            IPv4 ranges never match IPv6 clients, IPv4-mapped ones included."#]],
        );
        check(
            "host all all ::1|/128 md5\n",
            expect![[r#"
            [::1/128]
            **`::1/128`** — IPv6 range

            ::1 to ::1, 1 address (/128).

            Loopback only: clients on this machine."#]],
        );
        check(
            "host all all 2001:db8::/3|2 md5\n",
            expect![[r#"
            [2001:db8::/32]
            **`2001:db8::/32`** — IPv6 range

            2001:db8:: to 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, 79228162514264337593543950336 addresses (/32)."#]],
        );
        check(
            "host all all .exa|mple.com md5\n",
            expect![[r#"
            [.example.com]
            **`.example.com`** — host name

            Matches any client whose host name ends in `.example.com`: the server looks up the client's address in reverse DNS, then checks that the name resolves back to it. Each connection pays for the lookups."#]],
        );
    }

    #[test]
    fn methods_and_options() {
        check(
            "host all all 10.0.0.0/8 scram|-sha-256\n",
            expect![[r#"
            [scram-sha-256]
            **`scram-sha-256`** — authentication method

            **Checks:** A password, proven by a SCRAM-SHA-256 challenge and response; the server also proves it knows the secret, and with TLS the exchange can be bound to the channel.

            **Password on the wire:** The password itself never crosses the wire.

            **Needs:** Roles whose password was set while `password_encryption = scram-sha-256`; roles still holding an MD5 hash cannot log in.

            [Manual](https://www.postgresql.org/docs/current/auth-password.html)"#]],
        );
        check(
            "host all all 10.0.0.0/8 pass|word\n",
            expect![[r#"
            [password]
            **`password`** — authentication method

            **Checks:** A password, which the client sends as it is.

            **Password on the wire:** The password crosses the wire as it is: use it only over TLS or GSSAPI encryption.

            **Needs:** Roles with a password, and an encrypted connection so that it is not readable on the way.

            [Manual](https://www.postgresql.org/docs/current/auth-password.html)"#]],
        );
        check(
            "local all all pe|er map=admins\n",
            expect![[r#"
            [peer]
            **`peer`** — authentication method

            **Checks:** The OS user of the connecting process, asked of the kernel; `local` lines only.

            **Password on the wire:** No password is sent.

            **Needs:** An OS whose kernel reports the peer of a Unix socket.

            [Manual](https://www.postgresql.org/docs/current/auth-peer.html)"#]],
        );
        check(
            "local all all peer ma|p=admins\n",
            expect![[r#"
            [map=admins]
            **`map=admins`** — authentication option

            The pg_ident.conf map that decides which system or external user names may log in as which roles.

            Taken by: ident, peer, gss, sspi, cert, oauth."#]],
        );
        check(
            "host all all ::1/128 ldap ldapserver=x ldapbasedn=y ldapbindp|asswd=hunter2\n",
            expect![[r#"
                [ldapbindpasswd=hunter2]
                **`ldapbindpasswd=****`** — authentication option

                The password of `ldapbinddn`, stored in this file in plain text.

                Taken by: ldap."#]],
        );
    }
}
