//! The files a `pgbouncer.ini` reads through `%include`, followed as PgBouncer follows them
//! (libusual's `cfparser.c`):
//! - the named file is read in place of the line, and the section that is open there
//!   stays open in it; a header in the included file stays in force after the include
//!   returns, for the rest of the including file;
//! - the name is opened as written, so a relative name is relative to PgBouncer's working
//!   directory, at every level of nesting (not to the file that holds the `%include`). We
//!   assume PgBouncer runs in the directory of the file analysed, as when it is started
//!   with `pgbouncer pgbouncer.ini` there; the messages and hovers say so;
//! - a missing file, and an `%include` nested [`MAX_DEPTH`] files deep, stop the loading,
//!   and PgBouncer refuses to start. It does not detect cycles: a file that includes
//!   itself, directly or not, runs into the depth limit. We report the cycle itself;
//! - an absolute name outside the analysed file's top directory, or in a directory that
//!   does not exist here, is not followed (see [`judged`]): the file is most likely edited
//!   away from the machine it is deployed to.
//!
//! The result is every file of the tree with the sections its entries really belong to,
//! and the order in which PgBouncer reads headers and entries, from which
//! [`super::Merged`] works out the values PgBouncer runs with.

use std::path::{Component, Path, PathBuf};

use super::{INCLUDE_CYCLE, INCLUDE_MISSING};
use crate::files::normalize;
use crate::files::Files;
use crate::finding::{Finding, Severity};
pub(crate) use crate::line_index::line_number;
use crate::span::Span;
use crate::syntax::pgbouncer::{self as syntax, IniFile, Item};

/// PgBouncer refuses an `%include` in a file that is this many includes deep
/// (`MAX_INCLUDE` in `cfparser.c`).
pub(super) const MAX_DEPTH: usize = 10;

/// The most files we read for one tree. PgBouncer reads a file each time it is included,
/// so a few files that include each other twice over make a tree that doubles with every
/// level; past this many we stop following and treat the rest as unseen.
const MAX_SOURCES: usize = 256;

/// One file of the tree: the file analysed (index 0) or one it includes.
pub(crate) struct Source {
    pub text: String,
    pub file: IniFile,
    /// Where it is, for messages: relative to the analysed file's directory when inside it.
    pub shown: String,
    /// The span in the analysed file of the `%include` path that brings this file in;
    /// `None` for the analysed file itself.
    pub via: Option<Span>,
    /// The file's path, normalized, when known.
    pub path: Option<PathBuf>,
}

/// A header or an entry of the tree: item `item` of `sources[source]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    pub source: usize,
    pub item: usize,
}

pub(crate) struct Tree {
    pub sources: Vec<Source>,
    /// Every section header and entry, in the order PgBouncer reads them.
    pub order: Vec<Step>,
    /// True when some `%include` could not be followed (no files to read from), so the
    /// tree may hold more than we see.
    pub unseen: bool,
    /// What is wrong with the `%include` lines themselves, on spans of the analysed file.
    pub findings: Vec<Finding>,
}

/// Reads `text` (the file at `path`, if known) and, when `files` is given, every file it
/// includes.
pub(crate) fn expand(text: &str, path: Option<&Path>, files: Option<&dyn Files>) -> Tree {
    let root = Source {
        text: text.to_string(),
        file: syntax::parse(text),
        shown: path
            .and_then(Path::file_name)
            .map_or_else(|| "this file".to_string(), |name| name.to_string_lossy().into_owned()),
        via: None,
        path: path.map(normalize),
    };
    let mut walker = Walker {
        files,
        base: path.and_then(Path::parent).map(Path::to_path_buf),
        tree: Tree { sources: vec![root], order: Vec::new(), unseen: false, findings: Vec::new() },
    };
    let mut stack: Vec<PathBuf> = path.map(normalize).into_iter().collect();
    walker.visit(0, &mut stack, None);
    walker.tree
}

struct Walker<'a> {
    files: Option<&'a dyn Files>,
    /// The analysed file's directory: where relative names are opened from.
    base: Option<PathBuf>,
    tree: Tree,
}

impl Walker<'_> {
    /// Walks `source` with `section` open at its start; returns the section open at its end.
    fn visit(
        &mut self,
        source: usize,
        stack: &mut Vec<PathBuf>,
        mut section: Option<String>,
    ) -> Option<String> {
        for item in 0..self.tree.sources[source].file.items.len() {
            match &mut self.tree.sources[source].file.items[item] {
                Item::Section(header) => {
                    section = Some(header.name_text.clone());
                    self.tree.order.push(Step { source, item });
                }
                Item::Entry(entry) => {
                    // The parser saw one file; an include may have changed the section.
                    entry.section.clone_from(&section);
                    self.tree.order.push(Step { source, item });
                }
                Item::Include(include) => {
                    let span = include.path;
                    section = self.include(source, span, stack, section);
                }
                Item::Comment(_) => {}
            }
        }
        section
    }

    /// Follows the `%include` whose path is at `span` of `source`.
    fn include(
        &mut self,
        source: usize,
        span: Span,
        stack: &mut Vec<PathBuf>,
        section: Option<String>,
    ) -> Option<String> {
        let Some(files) = self.files.filter(|_| self.tree.sources.len() < MAX_SOURCES) else {
            self.tree.unseen = true;
            return section;
        };
        let from = &self.tree.sources[source];
        let name = span.of(&from.text).to_string();
        let via = from.via.unwrap_or(span);
        let place = self.place(source, span);
        let this = if place.is_empty() { "This" } else { "this" };
        let target = resolve(self.base.as_deref(), &name);
        if !judged(self.base.as_deref(), &name, &target, files) {
            self.tree.unseen = true;
            return section;
        }
        let depth = stack.len().saturating_sub(1);

        if let Some(position) = stack.iter().position(|open| *open == target) {
            let chain: Vec<String> =
                stack[position..].iter().chain([&target]).map(|path| self.shown(path)).collect();
            self.problem(
                &INCLUDE_CYCLE,
                via,
                format!(
                    "{place}{this} `%include` forms a cycle ({}), so PgBouncer reads the same \
                     files over and over until it gives up {MAX_DEPTH} levels deep and \
                     refuses to start; remove the include that leads back.",
                    chain.join(" → ")
                ),
            );
            return section;
        }
        if depth >= MAX_DEPTH {
            self.problem(
                &INCLUDE_CYCLE,
                via,
                format!(
                    "{place}{this} `%include` is nested {MAX_DEPTH} files deep, and PgBouncer \
                     refuses to start past that depth; include the file from higher up."
                ),
            );
            return section;
        }
        let Some(text) = files.read(&target) else {
            let read_from = if Path::new(&name).is_absolute() {
                ""
            } else {
                " (read relative to PgBouncer's working directory, assumed to be this file's)"
            };
            self.problem(
                &INCLUDE_MISSING,
                via,
                format!(
                    "{place}`{}` does not exist{read_from}, and PgBouncer refuses to start \
                     when an `%include` is missing; create it or fix the path.",
                    self.shown(&target)
                ),
            );
            return section;
        };

        let included = self.tree.sources.len();
        self.tree.sources.push(Source {
            file: syntax::parse_in(&text, section.as_deref()),
            text,
            shown: self.shown(&target),
            via: Some(via),
            path: Some(target.clone()),
        });
        stack.push(target);
        let section = self.visit(included, stack, section);
        stack.pop();
        section
    }

    /// "In `conf.d/a.ini` line 3: " for an include inside an included file, else nothing.
    fn place(&self, source: usize, span: Span) -> String {
        if source == 0 {
            return String::new();
        }
        let from = &self.tree.sources[source];
        format!("In `{}` line {}: ", from.shown, line_number(&from.text, span.start))
    }

    fn shown(&self, path: &Path) -> String {
        shown(self.base.as_deref(), path)
    }

    fn problem(&mut self, rule: &'static crate::finding::Rule, span: Span, message: String) {
        self.tree.findings.push(Finding::new(rule, Severity::Error, span, message));
    }
}

/// True when we can tell whether `target`, which the name `name` in the file analysed
/// in `base` resolves to, exists where PgBouncer runs. A relative name is always judged.
/// An absolute one is judged only when it lies in the same top directory as the file
/// analysed and its own directory exists: a `pgbouncer.ini` in a repository checkout
/// names `/etc/pgbouncer/userlist.txt` of the server it is deployed to, which the
/// machine that edits it need not have.
pub(crate) fn judged(base: Option<&Path>, name: &str, target: &Path, files: &dyn Files) -> bool {
    if !Path::new(name).is_absolute() {
        return true;
    }
    // A file typed as a relative path (`check pgbouncer.ini`) lies in the current folder.
    let base = base.map(|base| {
        let base = if base.as_os_str().is_empty() { Path::new(".") } else { base };
        std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf())
    });
    let same_top = base.as_deref().is_some_and(|base| top_directory(base) == top_directory(target));
    same_top && target.parent().is_some_and(|dir| files.list(dir).is_some())
}

/// The first directory of a path below the root (`etc` of `/etc/pgbouncer`).
fn top_directory(path: &Path) -> Option<Component<'_>> {
    path.components().find(|part| matches!(part, Component::Normal(_)))
}

/// A name as PgBouncer opens it, with its working directory assumed to be `base`.
pub(crate) fn resolve(base: Option<&Path>, name: &str) -> PathBuf {
    let name = Path::new(name);
    match base {
        Some(base) if !name.is_absolute() => normalize(&base.join(name)),
        _ => normalize(name),
    }
}

/// `path` for messages: relative to `base` when inside it.
pub(crate) fn shown(base: Option<&Path>, path: &Path) -> String {
    match base.and_then(|base| path.strip_prefix(base).ok()) {
        Some(relative) => relative.to_string_lossy().into_owned(),
        None => path.to_string_lossy().into_owned(),
    }
}
