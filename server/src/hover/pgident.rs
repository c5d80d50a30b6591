//! Hovers for `pg_ident.conf`: what a map line does as a whole, and what each field asks
//! for (an exact name, a regular expression, `\1`, `all`, `+group`), as the target major
//! reads it.

use crate::hover::Hover;
use crate::rules::pgident::IDENT_URL;
use crate::settings::Settings;
use crate::syntax::pghba::{IncludeKind, Token};
use crate::syntax::pgident::{self as syntax, Content, Mapping, PgUser, SystemUser};

pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    let major = crate::knowledge::hba::major(settings);
    let file = syntax::parse_for(text, major);
    let line = file.lines.iter().find(|line| line.record.span.touches(offset))?;

    match &line.content {
        Content::Include { kind, argument } => {
            Some(Hover { span: line.record.span, markdown: include_markdown(*kind, argument) })
        }
        Content::Incomplete => None,
        Content::Mapping(mapping) => mapping_hover(mapping, offset, major),
    }
}

fn mapping_hover(mapping: &Mapping, offset: usize, major: u32) -> Option<Hover> {
    let summary = summary(mapping, major);
    let (token, markdown) = if mapping.map.span.touches(offset) {
        let token = mapping.map.first();
        let name = code(&token.text);
        (
            token,
            format!(
                "**map {name}**\n\n{summary}\n\nA rule of pg_hba.conf uses this map with `map={}`.",
                token.text.replace('`', "'")
            ),
        )
    } else if mapping.system_user.span.touches(offset) {
        let token = mapping.system_user.first();
        (token, format!("**system user name**\n\n{}\n\n{summary}", system_user_text(token)))
    } else if mapping.pg_user.span.touches(offset) {
        let token = mapping.pg_user.first();
        (
            token,
            format!(
                "**PostgreSQL user name**\n\n{}\n\n{summary}",
                pg_user_text(mapping, token, major)
            ),
        )
    } else {
        return None;
    };
    Some(Hover {
        span: token.span,
        markdown: format!("{markdown}\n\n[PostgreSQL manual]({IDENT_URL})"),
    })
}

/// What the whole line allows, in one sentence.
fn summary(mapping: &Mapping, major: u32) -> String {
    let map = code(mapping.name());
    let system_user = SystemUser::of(mapping.system_user.first());
    let system = match system_user {
        SystemUser::Name(name) => format!("the system user {}", code(name)),
        SystemUser::Regex(pattern) => format!("a system user matching {}", code(pattern)),
    };
    let pg_user = mapping.pg_user.first();
    let role = match PgUser::of(pg_user, major) {
        PgUser::All => "any role".to_string(),
        PgUser::Group(role) => format!("any member of role {}", code(role)),
        PgUser::Regex(pattern) => format!("any role matching {}", code(pattern)),
        PgUser::Name(name)
            if name.contains("\\1") && matches!(system_user, SystemUser::Regex(_)) =>
        {
            format!("the role {} (with `\\1` replaced by the first captured group)", code(name))
        }
        PgUser::Name(name) => format!("the role {}", code(name)),
    };
    format!("Through map {map}, {system} may log in as {role}.")
}

fn system_user_text(token: &Token) -> String {
    match SystemUser::of(token) {
        SystemUser::Name(_) => {
            "The name the operating system, the ident server, the certificate or Kerberos \
            reports for the client, compared exactly."
                .to_string()
        }
        SystemUser::Regex(pattern) => {
            let groups = if syntax::has_capture_group(pattern) {
                "Its first parenthesised group can be reused as `\\1` in the PostgreSQL user name."
            } else {
                "It has no parenthesised group, so `\\1` cannot be used with it."
            };
            format!(
                "A regular expression (POSIX advanced syntax), because the name starts with `/`: \
                the reported name must match {}. Anchor it with `^` and `$`, or it matches any \
                name that merely contains it. {groups}",
                code(pattern)
            )
        }
    }
}

fn pg_user_text(mapping: &Mapping, token: &Token, major: u32) -> String {
    match PgUser::of(token, major) {
        PgUser::All => "The keyword `all`: any role may be used.".to_string(),
        PgUser::Group(role) => format!(
            "`+` followed by a role: any role that is a member of {} may be used.",
            code(role)
        ),
        PgUser::Regex(pattern) => format!(
            "A regular expression, because the name starts with `/`: any role matching {} may \
            be used.",
            code(pattern)
        ),
        PgUser::Name(name) if name.contains("\\1") => {
            let source = match SystemUser::of(mapping.system_user.first()) {
                SystemUser::Regex(_) => "the first parenthesised group of the system user's match",
                SystemUser::Name(_) => {
                    "nothing: the system user name is not a regular expression, so `\\1` stays"
                }
            };
            format!("The role to log in as, with `\\1` replaced by {source}.")
        }
        PgUser::Name(_) => {
            let note = match PgUser::newer_form(token) {
                Some(form) => format!(
                    " PostgreSQL {major} reads it literally; `{form}` has a meaning from 16 on."
                ),
                None => String::new(),
            };
            format!("The role the client may log in as, compared exactly.{note}")
        }
    }
}

fn include_markdown(kind: IncludeKind, argument: &Token) -> String {
    let what = match kind {
        IncludeKind::Include => "Reads the map lines of another file here.",
        IncludeKind::IncludeIfExists => {
            "Reads the map lines of another file here, skipping it if it does not exist."
        }
        IncludeKind::IncludeDir => {
            "Reads every `.conf` file of a directory here, in file name order."
        }
    };
    format!(
        "**{}** {}\n\n{what} Relative names start from this file's directory (PostgreSQL 16 and \
        later).\n\n[PostgreSQL manual]({IDENT_URL})",
        kind.name(),
        code(&argument.text)
    )
}

/// `text` as inline code that no backtick inside can break.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    #[track_caller]
    fn check(major: u32, text: &str, needle: &str, expect: Expect) {
        let offset = text.find(needle).expect("the needle is in the text");
        let settings = Settings { postgres_version: Some(major), ..Settings::default() };
        let hover = hover(text, offset, &settings);
        let rendered = hover.map_or("no hover".to_string(), |hover| {
            format!("{:?}\n{}", hover.span.of(text), hover.markdown)
        });
        expect.assert_eq(&rendered);
    }

    #[test]
    fn hovers_explain_each_field() {
        let text = "sso /^(.*)@example\\.com$ \\1\nops alice +admins\ninclude extra.conf\nx y\n";
        check(
            18,
            text,
            "sso",
            expect![[r#"
            "sso"
            **map `sso`**

            Through map `sso`, a system user matching `^(.*)@example\.com$` may log in as the role `\1` (with `\1` replaced by the first captured group).

            A rule of pg_hba.conf uses this map with `map=sso`.

            [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
        check(
            18,
            text,
            "/^",
            expect![[r#"
            "/^(.*)@example\\.com$"
            **system user name**

            A regular expression (POSIX advanced syntax), because the name starts with `/`: the reported name must match `^(.*)@example\.com$`. Anchor it with `^` and `$`, or it matches any name that merely contains it. Its first parenthesised group can be reused as `\1` in the PostgreSQL user name.

            Through map `sso`, a system user matching `^(.*)@example\.com$` may log in as the role `\1` (with `\1` replaced by the first captured group).

            [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
        check(
            18,
            text,
            "\\1\n",
            expect![[r#"
            "\\1"
            **PostgreSQL user name**

            The role to log in as, with `\1` replaced by the first parenthesised group of the system user's match.

            Through map `sso`, a system user matching `^(.*)@example\.com$` may log in as the role `\1` (with `\1` replaced by the first captured group).

            [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
        check(
            18,
            text,
            "+admins",
            expect![[r#"
            "+admins"
            **PostgreSQL user name**

            `+` followed by a role: any role that is a member of `admins` may be used.

            Through map `ops`, the system user `alice` may log in as any member of role `admins`.

            [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
        check(
            15,
            text,
            "+admins",
            expect![[r#"
            "+admins"
            **PostgreSQL user name**

            The role the client may log in as, compared exactly. PostgreSQL 15 reads it literally; `+group` has a meaning from 16 on.

            Through map `ops`, the system user `alice` may log in as the role `+admins`.

            [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
        check(
            18,
            text,
            "extra",
            expect![[r#"
            "include extra.conf"
            **include** `extra.conf`

            Reads the map lines of another file here. Relative names start from this file's directory (PostgreSQL 16 and later).

            [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
        check(18, text, "x y", expect!["no hover"]);
    }

    #[test]
    fn backreference_without_regex_says_it_stays() {
        check(
            18,
            "m alice \\1\n",
            "\\1",
            expect![[r#"
                "\\1"
                **PostgreSQL user name**

                The role to log in as, with `\1` replaced by nothing: the system user name is not a regular expression, so `\1` stays.

                Through map `m`, the system user `alice` may log in as the role `\1`.

                [PostgreSQL manual](https://www.postgresql.org/docs/current/auth-username-maps.html)"#]],
        );
    }
}
