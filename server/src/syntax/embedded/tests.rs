//! Snapshots of the strings each format yields, with the source text each value's map
//! leads back to, and no-panic property tests of every reader.

use super::*;

/// One line per string: path, key (`$` when it is a variable), value, and the source
/// text the whole value maps to (`~` when edits are forbidden there).
fn render(format: Format, text: &str) -> String {
    let document = parse(format, text, false);
    let mut lines = Vec::new();
    for string in &document.strings {
        let whole = string.map.span(Span::new(0, string.value.len()));
        let source = text.get(whole.start..whole.end).unwrap_or("<bad span>");
        let editable = if string.map.editable(whole) { "" } else { "~" };
        let variable = if string.is_variable { "$" } else { "" };
        lines.push(format!(
            "{} [{variable}{}] {:?} <- {editable}{source:?}",
            string.path, string.key, string.value
        ));
    }
    if let Some(error) = &document.error {
        lines.push(format!("error {}..{}: {}", error.span.start, error.span.end, error.message));
    }
    lines.join("\n")
}

/// The source text each decoded byte range `start..end` of the string at `path` maps to.
fn source_of(format: Format, text: &str, path: &str, start: usize, end: usize) -> String {
    let document = parse(format, text, false);
    let string = document.strings.iter().find(|string| string.path == path).expect("path");
    let span = string.map.span(Span::new(start, end));
    text[span.start..span.end].to_string()
}

#[test]
fn yaml_compose_environment_map_and_list() {
    let text = concat!(
        "services:\n",
        "  app:\n",
        "    environment:\n",
        "      DATABASE_URL: \"postgres://u@db/app?sslmode=\\x72equire\"\n",
        "      PGSSLMODE: 'it''s'\n",
        "  worker:\n",
        "    environment:\n",
        "      - DSN=host=db sslmode=prefer\n",
        "      - \"OTHER=x\"\n",
        "    command: [\"run\"]\n",
    );
    expect_test::expect![[r#"
        services.app.environment.DATABASE_URL [$DATABASE_URL] "postgres://u@db/app?sslmode=require" <- "postgres://u@db/app?sslmode=\\x72equire"
        services.app.environment.PGSSLMODE [$PGSSLMODE] "it's" <- "it''s"
        services.worker.environment.DSN [$DSN] "host=db sslmode=prefer" <- "host=db sslmode=prefer"
        services.worker.environment.OTHER [$OTHER] "x" <- "x"
        services.worker.command[0] [command] "run" <- "run""#]].assert_eq(&render(Format::Yaml, text));
}

#[test]
fn yaml_kubernetes_env_entries_take_their_name() {
    let text = concat!(
        "spec:\n",
        "  containers:\n",
        "    - name: app\n",
        "      env:\n",
        "        - name: DATABASE_URL\n",
        "          value: postgresql://db/app\n",
        "        - value: host=db\n",
        "          name: PGHOST\n",
    );
    expect_test::expect![[r#"
        spec.containers[0].name [name] "app" <- "app"
        spec.containers[0].env[0].name [name] "DATABASE_URL" <- "DATABASE_URL"
        spec.containers[0].env[DATABASE_URL] [$DATABASE_URL] "postgresql://db/app" <- "postgresql://db/app"
        spec.containers[0].env[PGHOST] [$PGHOST] "host=db" <- "host=db"
        spec.containers[0].env[1].name [name] "PGHOST" <- "PGHOST""#]].assert_eq(&render(Format::Yaml, text));
}

/// `envFrom` turns a ConfigMap's `data:` and a Secret's `stringData:` into variables;
/// a Secret's base64 `data:`, another object's `data:` and a later document are not.
#[test]
fn yaml_configmap_and_secret_entries_are_variables() {
    let text = concat!(
        "apiVersion: v1\n",
        "kind: ConfigMap\n",
        "data:\n",
        "  PGSSLMODE: require\n",
        "---\n",
        "data:\n",
        "  PGHOST: db\n",
        "kind: Secret\n",
        "stringData:\n",
        "  PGPASSWORD: x\n",
        "---\n",
        "kind: Other\n",
        "data:\n",
        "  PGHOST: db\n",
    );
    expect_test::expect![[r#"
        apiVersion [apiVersion] "v1" <- "v1"
        kind [kind] "ConfigMap" <- "ConfigMap"
        data.PGSSLMODE [$PGSSLMODE] "require" <- "require"
        data.PGHOST [PGHOST] "db" <- "db"
        kind [kind] "Secret" <- "Secret"
        stringData.PGPASSWORD [$PGPASSWORD] "x" <- "x"
        kind [kind] "Other" <- "Other"
        data.PGHOST [PGHOST] "db" <- "db""#]]
    .assert_eq(&render(Format::Yaml, text));
}

#[test]
fn yaml_block_scalars_map_to_the_whole_scalar() {
    let text =
        "a: >\n  postgres://db/app?\n  sslmode=require\nb: |\n  host=db\nc: plain\n  continued\n";
    expect_test::expect![[r#"
        a [a] "postgres://db/app? sslmode=require\n" <- ~"postgres://db/app?\n  sslmode=require"
        b [b] "host=db\n" <- ~"host=db"
        c [c] "plain continued" <- ~"plain\n  continued""#]]
    .assert_eq(&render(Format::Yaml, text));
}

#[test]
fn yaml_syntax_error_says_where() {
    let text = "a: [1, 2\nb: c\n";
    expect_test::expect![[r#"
        a[0] [a] "1" <- "1"
        error 10..11: This YAML does not parse: illegal placement of ':' indicator (line 2, column 2), so no tool that reads it will start."#]].assert_eq(&render(Format::Yaml, text));
}

#[test]
fn yaml_helm_template_lines() {
    let text = concat!(
        "env:\n",
        "  - name: URL\n",
        "    value: {{ .Values.url | quote }}\n",
        "  - name: DSN\n",
        "    value: \"postgres://db/app?sslmode=prefer\" # note\n",
    );
    let document = parse(Format::Yaml, text, true);
    let found: Vec<String> = document
        .strings
        .iter()
        .map(|string| format!("{} {:?}", string.key, string.value))
        .collect();
    expect_test::expect![[r#"
        name "URL"
        name "DSN"
        value "postgres://db/app?sslmode=prefer""#]]
    .assert_eq(&found.join("\n"));
}

#[test]
fn json_escapes_map_to_their_source() {
    let text = concat!(
        "{\n",
        "  // comment\n",
        "  \"ConnectionStrings\": {\n",
        "    \"Default\": \"postgres://db/app?sslmode=\\u0072equire&application_name=\\ud83",
        "d\\ude00\",\n",
        "  },\n",
        "  \"list\": [\"a\\/b\", 1, true]\n",
        "}\n",
    );
    expect_test::expect![[r#"
        ConnectionStrings.Default [Default] "postgres://db/app?sslmode=require&application_name=😀" <- "postgres://db/app?sslmode=\\u0072equire&application_name=\\ud83d\\ude00"
        list[0] [list] "a/b" <- "a\\/b""#]].assert_eq(&render(Format::Json, text));
    let escaped = source_of(Format::Json, text, "ConnectionStrings.Default", 26, 27);
    expect_test::expect![[r#"\u0072"#]].assert_eq(&escaped);
    let emoji = source_of(Format::Json, text, "ConnectionStrings.Default", 51, 55);
    expect_test::expect![[r#"\ud83d\ude00"#]].assert_eq(&emoji);
    expect_test::expect!["error 6..7: This JSON does not parse: Unexpected close brace (line 1, column 7), so the program that reads it fails before it connects."].assert_eq(&render(Format::Json, "{\"a\": }"));
}

#[test]
fn toml_strings_of_every_quoting() {
    let text = concat!(
        "[database]\n",
        "url = \"postgres://db/app?sslmode=\\u0072equire\"\n",
        "literal = 'host=db sslmode=prefer'\n",
        "multi = \"\"\"\n",
        "postgres://db\"\"\"\n",
        "[[pools]]\n",
        "dsn = \"x\"\n",
    );
    expect_test::expect![[r#"
        database.literal [literal] "host=db sslmode=prefer" <- "host=db sslmode=prefer"
        database.multi [multi] "postgres://db" <- ~"\"\"\"\npostgres://db\"\"\""
        database.url [url] "postgres://db/app?sslmode=require" <- "postgres://db/app?sslmode=\\u0072equire"
        pools[0].dsn [dsn] "x" <- "x""#]].assert_eq(&render(Format::Toml, text));
    expect_test::expect![[r#"error 9..9: This TOML does not parse (invalid basic string, expected `"`), so the program that reads it fails before it connects."#]].assert_eq(&render(Format::Toml, "a = \"open\n"));
}

#[test]
fn properties_escapes_and_continuations() {
    let text = concat!(
        "# comment\n",
        "! also\n",
        "spring.datasource.url = jdbc:postgresql://db/app\n",
        "app.dsn:postgres://db/app?\\\n",
        "    sslmode=requir\\u0065\n",
        "key\\ with\\=space value\\tx\n",
        "empty\n",
    );
    expect_test::expect![[r#"
        spring.datasource.url [spring.datasource.url] "jdbc:postgresql://db/app" <- "jdbc:postgresql://db/app"
        app.dsn [app.dsn] "postgres://db/app?sslmode=require" <- "postgres://db/app?\\\n    sslmode=requir\\u0065"
        key with=space [key with=space] "value\tx" <- "value\\tx"
        empty [empty] "" <- """#]].assert_eq(&render(Format::Properties, text));
    let joined = source_of(Format::Properties, text, "app.dsn", 17, 26);
    expect_test::expect![[r#"
        ?\
            sslmode="#]]
    .assert_eq(&joined);
}

#[test]
fn shell_assignments_with_quoting() {
    let text = concat!(
        "#!/bin/sh\n",
        "export DATABASE_URL=\"postgres://u@db/app?sslmode=require\"\n",
        "DSN='host=db sslmode=prefer' PGHOST=db ./run\n",
        "URL=postgres://$HOST/app\\ x\n",
        "echo DATABASE_URL=nope\n",
        "if true; then A=1; fi\n",
        "local B=\"a\\$b ${C:-d}\"\n",
        "readonly RO=1\n",
        "declare -x -r DX=2\n",
        "typeset -gx TS=3\n",
    );
    expect_test::expect![[r#"
        DATABASE_URL [$DATABASE_URL] "postgres://u@db/app?sslmode=require" <- "postgres://u@db/app?sslmode=require"
        DSN [$DSN] "host=db sslmode=prefer" <- "host=db sslmode=prefer"
        PGHOST [$PGHOST] "db" <- "db"
        URL [$URL] "postgres://$HOST/app x" <- ~"postgres://$HOST/app\\ x"
        B [$B] "a$b ${C:-d}" <- ~"a\\$b ${C:-d}"
        RO [$RO] "1" <- "1"
        DX [$DX] "2" <- "2"
        TS [$TS] "3" <- "3""#]].assert_eq(&render(Format::Shell, text));
}

/// A deterministic generator of mutations: insertions, deletions and replacements of
/// the bytes that matter to these formats, at every offset.
fn mutations(seed: &str) -> Vec<String> {
    let pieces = [
        "\"", "'", "\\", "\\u", "\\ud83d", "{{", "\n", ":", "=", "[", "{", "-", "#", "$", "${",
        "é", "😀", "\r", " ", "|", ">", "\t",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::new();
    let boundaries: Vec<usize> = (0..=seed.len()).filter(|at| seed.is_char_boundary(*at)).collect();
    for &at in &boundaries {
        let piece = pieces[(next() % pieces.len() as u64) as usize];
        out.push(format!("{}{piece}{}", &seed[..at], &seed[at..]));
        let end = boundaries.iter().copied().find(|end| *end > at).unwrap_or(at);
        out.push(format!("{}{}", &seed[..at], &seed[end..]));
        out.push(format!("{}{piece}{}", &seed[..at], &seed[end..]));
    }
    out
}

#[test]
fn no_reader_panics_on_mutated_input() {
    let seeds = [
        (
            Format::Yaml,
            "a:\n  env:\n    - name: X\n      value: \"p\\x41://é\"\n    - K=V\nb: >\n  x\n",
        ),
        (Format::Json, "{\"a\": [\"x\\u00e9\\ud83d\\ude00\", {\"b\": 'c'}], // c\n}"),
        (Format::Toml, "[t]\na = \"x\\u00e9\"\nb = 'y'\nc = \"\"\"\nz\"\"\"\n[[u]]\nd = [\"e\"]\n"),
        (Format::Properties, "a.b = c\\\n  d\\u00e9\n# x\ne:f\\"),
        (Format::Shell, "export A=\"b\\$c ${D:-e}\" F='g'\nH=$(i \"j\") k\nL=`m`\n"),
    ];
    for (format, seed) in seeds {
        for text in mutations(seed) {
            for templated in [false, true] {
                let document = parse(format, &text, templated);
                for string in &document.strings {
                    let whole = string.map.span(Span::new(0, string.value.len()));
                    assert!(whole.end <= text.len(), "{format:?} {text:?}");
                    assert!(text.is_char_boundary(whole.start) && text.is_char_boundary(whole.end));
                }
            }
        }
    }
}
