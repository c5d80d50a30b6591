//! What a rule reports: a finding with its severity, message and ready-made fixes.
//!
//! Findings are plain data with byte spans; the CLI prints them and the LSP adapter turns
//! them into diagnostics and code actions. Fixes are computed when the finding is, so the
//! code action a user clicks is exactly the edit the rule had in mind.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// A rule's identity: its stable kebab-case name (the diagnostic code) and a page that
/// explains the matter at length.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub name: &'static str,
    pub url: &'static str,
}

/// Extra meaning an editor can render: dimmed dead code, struck-through obsolete names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Unnecessary,
    Deprecated,
}

/// Another place in the same file that explains a finding, such as the earlier rule that
/// shadows this one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One replacement of the text under `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A quick fix: edits that apply together, never overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { title: title.into(), edits }
    }

    /// A fix made of one replacement.
    pub fn replace(title: impl Into<String>, span: Span, new_text: impl Into<String>) -> Fix {
        Fix::new(title, vec![Edit { span, new_text: new_text.into() }])
    }
}

/// One problem found in a file.
///
/// `message` says what is wrong, why it matters and what to do. It never contains a
/// password: rules that quote a connection string quote it redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub tags: Vec<Tag>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(
        rule: &'static Rule,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            span,
            message: message.into(),
            fixes: Vec::new(),
            tags: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.push(fix);
        self
    }

    pub fn with_tag(mut self, tag: Tag) -> Finding {
        self.tags.push(tag);
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.related.push(Related { span, message: message.into() });
        self
    }
}
