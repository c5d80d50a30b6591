//! initdb's `pg_hba.conf.sample` is a template: `@authmethodhost@` and its siblings are
//! replaced when a cluster is created. Checked raw, every placeholder would be an error, so
//! a template is checked as the file it becomes.

/// Each placeholder and what stands in its place when checking. The methods are the ones
/// Debian's `pg_createcluster` writes (`peer` for the socket, `scram-sha-256` for TCP);
/// the others are removed, as initdb removes them.
const PLACEHOLDERS: [(&str, &str); 4] = [
    ("@remove-line-for-nolocal@", ""),
    ("@authcomment@", "#"),
    ("@authmethodhost@", "scram-sha-256"),
    ("@authmethodlocal@", "peer"),
];

/// The text with every placeholder filled in, padded with spaces to the placeholder's
/// length so that every offset still points at the same byte; `None` when `text` is no
/// template.
pub fn fill(text: &str) -> Option<String> {
    if !PLACEHOLDERS.iter().any(|(placeholder, _)| text.contains(placeholder)) {
        return None;
    }

    let mut filled = text.to_string();
    for (placeholder, value) in PLACEHOLDERS {
        let padded = format!("{value:<width$}", width = placeholder.len());
        filled = filled.replace(placeholder, &padded);
    }
    Some(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_keeping_offsets() {
        let template = "@authcomment@\n@remove-line-for-nolocal@local all all @authmethodlocal@\n";
        let filled = fill(template).expect("a template");

        assert_eq!(filled.len(), template.len());
        let lines: Vec<&str> = filled.lines().map(str::trim_end).collect();
        assert_eq!(lines, ["#", "                         local all all peer"]);
        assert_eq!(fill("local all all peer\n"), None);
    }
}
