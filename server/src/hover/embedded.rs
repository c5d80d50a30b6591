//! Hovers on connection strings embedded in YAML, JSON, TOML, `.properties` and shell
//! files: the connection string hovers, with the `PG*` variables the file sets beside
//! the string as libpq's fallbacks.

use std::path::Path;

use crate::files::Files;
use crate::hover::conninfo::{hover_connection_string_for, sslmode_markdown};
use crate::hover::Hover;
use crate::knowledge::drivers::manifests::{self, Workspace};
use crate::knowledge::libpq;
use crate::rules::conninfo::{recognize_in, Surroundings};
use crate::rules::embedded::{environment_for, string_at};
use crate::settings::Settings;
use crate::syntax::embedded::Format;

pub fn hover(format: Format, text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    hover_in(format, text, offset, settings, None)
}

/// The hover at `offset` of the file at `path`, whose workspace's manifests name the
/// driver that reads a plain URL.
pub fn hover_with_files(
    format: Format,
    path: &Path,
    text: &str,
    offset: usize,
    settings: &Settings,
    files: &dyn Files,
) -> Option<Hover> {
    let workspace = manifests::discover(path.parent().unwrap_or(Path::new("")), files);
    hover_in(format, text, offset, settings, Some(&workspace))
}

fn hover_in(
    format: Format,
    text: &str,
    offset: usize,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Option<Hover> {
    let (document, index) = string_at(format, text, offset)?;
    let string = &document.strings[index];

    let catalog = libpq::catalog(settings);
    let keyword = catalog.by_envvar(&string.key).filter(|_| string.is_variable);
    if keyword.is_some_and(|keyword| keyword.name == "sslmode") {
        return Some(Hover { span: string.span, markdown: sslmode_markdown(&string.value) });
    }

    let surroundings = Surroundings { key: Some(&string.key), workspace };
    // A `{{ }}` template action is read as a placeholder, as the rules read it.
    // FIXME: a hover on the action itself shows the placeholder (`{{____}}`); it should
    // say that a template fills the value in.
    let value = crate::rules::embedded::masked_template_actions(&string.value);
    let recognized = recognize_in(&value, settings, &surroundings)?;
    let decoded = string.map.decoded_offset(offset).unwrap_or(0);
    let env = environment_for(&document, string);
    hover_connection_string_for(
        &value,
        &recognized.info,
        decoded,
        &string.map,
        &env,
        settings,
        &recognized.consumer,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hover at the first occurrence of `at`, through `analysis` so that secrets are
    /// masked as the adapters see them.
    #[track_caller]
    fn check(kind: crate::kind::FileKind, text: &str, at: &str, expect: expect_test::Expect) {
        let offset = text.find(at).expect("the marker is in the text");
        let found = crate::analysis::hover(kind, text, offset, &Settings::default());
        let rendered = match found {
            Some(found) => {
                let under = &text[found.span.start..found.span.end];
                let shown = if under.contains("s3cret") { "the whole string" } else { under };
                format!("@{shown}\n{}", found.markdown)
            }
            None => "no hover".to_string(),
        };
        assert!(!rendered.contains("s3cret"), "the hover shows the password");
        expect.assert_eq(&rendered);
    }

    #[test]
    fn on_an_escaped_sslmode_in_json() {
        check(
            crate::kind::FileKind::Json,
            "{\"Default\": \"postgresql://u:s3cret@db/app?sslmode=\\u0072equire\"}",
            "0072",
            expect_test::expect![[r#"
                @\u0072equire
                **sslmode=require**

                Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor.

                Protects against eavesdropping, not against a man in the middle who presents his own certificate."#]],
        );
    }

    /// A `{{ }}` action in the host does not make the rest of the URL unreadable.
    #[test]
    fn on_a_url_with_a_template_action() {
        check(
            crate::kind::FileKind::Yaml,
            "url: \"postgresql://app@{{ .Values.db.host }}/app?sslmode=verify-full\"\n",
            "verify-full",
            expect_test::expect![[r#"
                @verify-full
                **sslmode=verify-full**

                Always encrypts, checks the certificate against a trusted root, and checks that it was issued for the host name being dialled.

                Protects against eavesdropping and against impostors: the recommended mode whenever the network is not fully trusted."#]],
        );
    }

    #[test]
    fn breakdown_with_the_compose_pg_variables() {
        check(
            crate::kind::FileKind::Yaml,
            concat!(
                "environment:\n",
                "  PGSSLMODE: verify-full\n",
                "  DATABASE_URL: postgres://app:s3cret@db.example.com/app\n",
            ),
            "db.example",
            expect_test::expect![[r#"
                @the whole string
                **libpq connection URI** (`postgres://`)

                Read as libpq reads it (no scheme, key or manifest names another driver).

                - user: `app`
                - password: `****`
                - host 1: `db.example.com`
                - dbname: `app`

                Effective sslmode: `verify-full` (from `PGSSLMODE` in this file). Always encrypts, checks the certificate against a trusted root, and checks that it was issued for the host name being dialled. Protects against eavesdropping and against impostors: the recommended mode whenever the network is not fully trusted."#]],
        );
        check(
            crate::kind::FileKind::Yaml,
            "environment:\n  PGSSLMODE: verify-full\n",
            "verify",
            expect_test::expect![[r#"
                @verify-full
                **sslmode=verify-full**

                Always encrypts, checks the certificate against a trusted root, and checks that it was issued for the host name being dialled.

                Protects against eavesdropping and against impostors: the recommended mode whenever the network is not fully trusted."#]],
        );
    }

    #[test]
    fn nothing_on_other_strings() {
        check(
            crate::kind::FileKind::Shell,
            "export NAME=\"hello world\"\n",
            "hello",
            expect_test::expect!["no hover"],
        );
    }
}
