//! Snapshots of how PgBouncer's hba reader cuts lines into tokens, and a no-panic test.

use super::*;
use expect_test::expect;

fn render(text: &str) -> String {
    let lines: Vec<String> = parse(text)
        .iter()
        .map(|line| {
            let tokens: Vec<String> = line
                .tokens
                .iter()
                .map(|token| format!("{:?}({:?})@{}", token.kind, token.text, token.span.start))
                .collect();
            format!("{}: {}", line.number, tokens.join(" "))
        })
        .collect();
    lines.join("\n")
}

#[test]
fn cuts_tokens_as_pgbouncer_does() {
    let text = "host all,\"we\"\"ird\" 10.0.0.0/8 md5 # note\n\n  # only a comment\n\
        local a\"b\"c all trust\nhost x#y\r\nlocal \"open all trust\nlocal a\0b c\n";
    expect![[r#"
        1: Word("host")@0 Word("all")@5 Comma(",")@8 Quoted("we\"ird")@9 Word("10.0.0.0/8")@19 Word("md5")@30
        2: 
        3: 
        4: Word("local")@61 Word("a")@67 Quoted("b")@68 Word("c")@71 Word("all")@73 Word("trust")@77
        5: Word("host")@83 Word("x")@88
        6: Word("local")@93 Unterminated("")@99
        7: Word("local")@115 Word("a")@121"#]]
    .assert_eq(&render(text));
}

#[test]
fn never_panics_on_mutated_input() {
    let base = "host all,\"a\"\"b\" 10.0.0.0/8 md5\nlocal @users +g trust\nhost a b ::1/128 cert\n";
    let pieces = ["\"", "#", ",", "/", "@", "+", "é", "\0", " ", "\r", "\n", "::", "."];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let mut text = base.to_string();
        let mut at = (rng % (text.len() as u64 + 1)) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, pieces[(rng >> 32) as usize % pieces.len()]);
        for line in parse(&text) {
            for token in &line.tokens {
                let _ = token.span.of(&text);
            }
        }
    }
}
