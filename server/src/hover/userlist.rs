//! Hovers for PgBouncer's `auth_file` (`userlist.txt`): on a user's line, the user and the
//! kind of secret it holds. The secret itself is never shown: it appears as `****`.

use crate::hover::Hover;
use crate::settings::Settings;
use crate::syntax::userlist::{self as syntax, SecretKind};

pub fn hover(text: &str, offset: usize, _settings: &Settings) -> Option<Hover> {
    let list = syntax::parse(text);
    let user = list.users().find(|user| user.span.touches(offset))?;

    let kind = match SecretKind::of(&user.secret.value) {
        SecretKind::Empty => "empty (no password)".to_string(),
        SecretKind::Md5 => "MD5 hash (`md5` and 32 hex digits)".to_string(),
        SecretKind::Scram { iterations } => {
            format!("SCRAM-SHA-256 secret, {iterations} iterations")
        }
        SecretKind::MalformedMd5 => "malformed MD5 hash, read as a plain-text password".to_string(),
        SecretKind::MalformedScram(_) => {
            "malformed SCRAM secret, read as a plain-text password".to_string()
        }
        SecretKind::Plain => "plain-text password".to_string(),
    };
    let name = user.user.value.replace('`', "'");
    Some(Hover {
        span: user.span,
        markdown: format!(
            "**{name}** — auth_file entry\n\n| field | value |\n|---|---|\n| user | `{name}` |\n\
            | secret | `****` |\n| kind | {kind} |\n\n\
            [PgBouncer manual](https://www.pgbouncer.org/config.html#authentication-file-format)"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn hover_names_user_and_kind_never_the_secret() {
        let text = "\"app\" \"hunter2\"\n\"ops\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n; x\n";
        let settings = Settings::default();
        let first = hover(text, 8, &settings).expect("a hover on the first line");
        assert!(!first.markdown.contains("hunter2"));
        expect![[r#"
            **app** — auth_file entry

            | field | value |
            |---|---|
            | user | `app` |
            | secret | `****` |
            | kind | plain-text password |

            [PgBouncer manual](https://www.pgbouncer.org/config.html#authentication-file-format)"#]]
        .assert_eq(&first.markdown);

        let second = hover(text, 20, &settings).expect("a hover on the second line");
        assert!(second.markdown.contains("| kind | MD5 hash"));
        assert!(!second.markdown.contains("a3556571"));
        assert_eq!(hover(text, text.len() - 2, &settings), None);
    }
}
