//! "Did you mean": the one policy every kind uses to offer the known name closest to a
//! word nobody knows, so that parameters, keywords, methods and values are suggested alike.

/// Words longer than this are never compared with the known names: no parameter, keyword
/// or method is half as long, so such a word is no typo of one, and edit distances over it
/// would cost time quadratic in its length on every keystroke.
const LONGEST_TYPO: usize = 100;

/// How similar (Jaro-Winkler, 0 to 1) a name must be to count as a likely typo when it is
/// not within a few edits.
const SIMILAR_ENOUGH: f64 = 0.85;

/// True when `word` may be a misspelling of a known name.
pub fn worth_suggesting(word: &str) -> bool {
    !word.is_empty() && word.len() <= LONGEST_TYPO
}

/// The candidate closest to `word` when one is close enough to be a likely typo: the same
/// name in other case or with `-` for `_`, one a few edits away (one for names of up to
/// five characters, more for long ones), one that `word` begins (four characters or more),
/// or one that is merely similar. A candidate equal to `word` is never suggested, and
/// nothing is when two candidates are equally close.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if !worth_suggesting(word) {
        return None;
    }
    let written = normalize(word);

    let mut best: Option<(f64, &str)> = None;
    let mut tied = false;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let known = normalize(candidate);
        let distance = strsim::levenshtein(&written, &known);
        let allowed = if known.len() <= 5 { 1 } else { (known.len() / 5).max(2) };
        let score = if distance == 0 {
            3.0
        } else if distance <= allowed {
            2.0 - distance as f64 / 10.0
        } else if written.len() >= 4 && known.starts_with(&written) {
            1.0
        } else {
            strsim::jaro_winkler(&written, &known)
        };
        if score < SIMILAR_ENOUGH {
            continue;
        }
        match best {
            Some((best_score, _)) if score < best_score => {}
            Some((best_score, _)) if score == best_score => tied = true,
            _ => {
                best = Some((score, candidate));
                tied = false;
            }
        }
    }

    // Two names equally close (`TLSv1.4` to `TLSv1.2` and `TLSv1.3`) are a guess, not a
    // suggestion.
    best.filter(|_| !tied).map(|(_, candidate)| candidate)
}

/// Lower case, with `-` read as `_`: the differences no reader would call a typo.
fn normalize(word: &str) -> String {
    word.to_ascii_lowercase().replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggestions() {
        let names = ["shared_buffers", "work_mem", "ssl", "sslmode", "verify-full", "md5"];
        let cases = [
            "shared_bufers",
            "SHARED_BUFFERS",
            "wrk_mem",
            "work",
            "SSL",
            "sll",
            "sslmod",
            "verify_full",
            "verfy-full",
            "md4",
            "verify",
            "TLSv1.4",
            "scram",
            "x",
            "",
        ];
        let found: Vec<String> =
            cases.iter().map(|word| format!("{word:?} -> {:?}", closest(word, names))).collect();
        expect_test::expect![[r#"
            "shared_bufers" -> Some("shared_buffers")
            "SHARED_BUFFERS" -> Some("shared_buffers")
            "wrk_mem" -> Some("work_mem")
            "work" -> Some("work_mem")
            "SSL" -> Some("ssl")
            "sll" -> Some("ssl")
            "sslmod" -> Some("sslmode")
            "verify_full" -> Some("verify-full")
            "verfy-full" -> Some("verify-full")
            "md4" -> Some("md5")
            "verify" -> Some("verify-full")
            "TLSv1.4" -> None
            "scram" -> None
            "x" -> None
            "" -> None"#]]
        .assert_eq(&found.join("\n"));
    }
}
