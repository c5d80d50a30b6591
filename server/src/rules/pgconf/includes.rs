//! The files a `postgresql.conf` reads through `include`, `include_if_exists` and
//! `include_dir`, followed as the server follows them: a relative name is relative to the
//! directory of the file that names it; a directory contributes its files ending in `.conf`,
//! hidden ones skipped, in byte order of their names; `include` of a missing file, a missing
//! directory, an empty name and a file that includes itself (directly or not) are errors,
//! `include_if_exists` of a missing file is not.
//!
//! The result is every setting line of the whole tree in the order the server reads them,
//! each with the file it is in, so that rules judge the file as the server sees it.

use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::finding::{Finding, Severity};
use crate::span::Span;
use crate::syntax::pgconf::{self, ConfFile, Directive, Entry};

use super::{INCLUDE_CYCLE, INCLUDE_MISSING};
use crate::files::normalize;
pub(crate) use crate::line_index::line_number;

/// The server gives up past this depth of nested includes (CONF_FILE_MAX_DEPTH).
const MAX_DEPTH: usize = 10;

/// One file of the tree: the file analysed (index 0) or one it includes.
pub(super) struct Source {
    pub text: String,
    pub file: ConfFile,
    /// Where it is, for messages: relative to the analysed file's directory when inside it.
    pub shown: String,
    /// The span in the analysed file of the directive that brings this file in; `None` for
    /// the analysed file itself.
    pub via: Option<Span>,
    /// The file's path, normalized, when known.
    pub path: Option<PathBuf>,
}

/// A setting line of the tree: the entry `entry` of `sources[source]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub source: usize,
    pub entry: usize,
}

pub(super) struct Tree {
    pub sources: Vec<Source>,
    /// Every setting line (directives excluded), in the order the server reads them.
    pub order: Vec<Occurrence>,
    /// What is wrong with the directives themselves, on spans of the analysed file.
    pub findings: Vec<Finding>,
}

impl Tree {
    /// The entry of an occurrence.
    pub fn entry(&self, occurrence: Occurrence) -> &Entry {
        &self.sources[occurrence.source].file.entries[occurrence.entry]
    }

    pub fn text(&self, occurrence: Occurrence) -> &str {
        &self.sources[occurrence.source].text
    }

    /// The name as written in its file.
    pub fn name(&self, occurrence: Occurrence) -> &str {
        self.entry(occurrence).name_text(self.text(occurrence))
    }
}

/// Reads `text` (the file at `path`, if known) and, when `files` is given, every file it
/// includes.
pub(super) fn expand(text: &str, path: Option<&Path>, files: Option<&dyn Files>) -> Tree {
    let root = Source {
        text: text.to_string(),
        file: pgconf::parse(text),
        shown: path
            .and_then(Path::file_name)
            .map_or_else(|| "this file".to_string(), |name| name.to_string_lossy().into_owned()),
        via: None,
        path: path.map(crate::files::normalize),
    };
    let mut walker = Walker {
        files,
        base: path.and_then(Path::parent).map(Path::to_path_buf),
        tree: Tree { sources: vec![root], order: Vec::new(), findings: Vec::new() },
    };
    let mut stack: Vec<PathBuf> = path.map(normalize).into_iter().collect();
    walker.visit(0, &mut stack);
    walker.tree
}

struct Walker<'a> {
    files: Option<&'a dyn Files>,
    /// The analysed file's directory, against which shown paths are made relative.
    base: Option<PathBuf>,
    tree: Tree,
}

impl Walker<'_> {
    fn visit(&mut self, source: usize, stack: &mut Vec<PathBuf>) {
        for index in 0..self.tree.sources[source].file.entries.len() {
            let entry = &self.tree.sources[source].file.entries[index];
            let Some(directive) = entry.directive else {
                self.tree.order.push(Occurrence { source, entry: index });
                continue;
            };
            let name = entry.value.text.clone();
            let via = self.tree.sources[source].via.unwrap_or(entry.value.span);
            let place = self.place(source, index);

            if name.is_empty() {
                let what = if directive == Directive::IncludeDir { "directory" } else { "file" };
                self.problem(
                    &INCLUDE_MISSING,
                    via,
                    format!(
                        "{place}`{}` names no {what}: the server refuses to start with an \
                         empty name.",
                        directive.name()
                    ),
                );
                continue;
            }
            let Some(files) = self.files else {
                continue;
            };
            let target = self.resolve(stack, &name);
            match directive {
                Directive::Include | Directive::IncludeIfExists => {
                    let required = directive == Directive::Include;
                    self.include_file(files, stack, &target, via, &place, required);
                }
                Directive::IncludeDir => match files.list(&target) {
                    None => self.problem(
                        &INCLUDE_MISSING,
                        via,
                        format!(
                            "{place}the directory `{}` does not exist: the server refuses to \
                             start when include_dir names a missing directory. Create it \
                             (it may stay empty) or remove this line.",
                            self.shown(&target)
                        ),
                    ),
                    Some(mut listed) => {
                        listed.retain(|file| {
                            file.file_name().map(|n| n.to_string_lossy()).is_some_and(|name| {
                                !name.starts_with('.') && name.ends_with(".conf")
                            })
                        });
                        listed.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
                        for file in listed {
                            self.include_file(files, stack, &normalize(&file), via, &place, true);
                        }
                    }
                },
            }
        }
    }

    fn include_file(
        &mut self,
        files: &dyn Files,
        stack: &mut Vec<PathBuf>,
        target: &Path,
        via: Span,
        place: &str,
        required: bool,
    ) {
        if let Some(position) = stack.iter().position(|open| open == target) {
            let chain: Vec<String> = stack[position..]
                .iter()
                .chain([&target.to_path_buf()])
                .map(|p| self.shown(p))
                .collect();
            self.problem(
                &INCLUDE_CYCLE,
                via,
                format!(
                    "{place}this include forms a cycle ({}): the server refuses to start \
                     with it. Remove the include that leads back.",
                    chain.join(" → ")
                ),
            );
            return;
        }
        if stack.len() > MAX_DEPTH {
            self.problem(
                &INCLUDE_CYCLE,
                via,
                format!(
                    "{place}includes are nested more than {MAX_DEPTH} deep: the server refuses \
                     to start with that."
                ),
            );
            return;
        }
        let Some(text) = files.read(target) else {
            if required {
                self.problem(
                    &INCLUDE_MISSING,
                    via,
                    format!(
                        "{place}`{}` does not exist: the server refuses to start when an \
                         `include` is missing. Create the file, or use include_if_exists for \
                         a file that may be absent.",
                        self.shown(target)
                    ),
                );
            }
            return;
        };
        let source = self.tree.sources.len();
        self.tree.sources.push(Source {
            file: pgconf::parse(&text),
            text,
            shown: self.shown(target),
            via: Some(via),
            path: Some(crate::files::normalize(target)),
        });
        stack.push(target.to_path_buf());
        self.visit(source, stack);
        stack.pop();
    }

    /// A directive's file or directory name as a path: relative names are relative to the
    /// directory of the file that holds the directive.
    fn resolve(&self, stack: &[PathBuf], name: &str) -> PathBuf {
        let name = Path::new(name);
        if name.is_absolute() {
            return normalize(name);
        }
        let directory = stack.last().and_then(|file| file.parent()).map(Path::to_path_buf);
        match directory.or_else(|| self.base.clone()) {
            Some(directory) => normalize(&directory.join(name)),
            None => normalize(name),
        }
    }

    /// "In `conf.d/a.conf` line 3: " for a directive in an included file, else nothing.
    fn place(&self, source: usize, entry: usize) -> String {
        if source == 0 {
            return String::new();
        }
        let from = &self.tree.sources[source];
        let line = line_number(&from.text, from.file.entries[entry].line.start);
        format!("In `{}` line {line}: ", from.shown)
    }

    fn shown(&self, path: &Path) -> String {
        match self.base.as_deref().and_then(|base| path.strip_prefix(base).ok()) {
            Some(relative) => relative.to_string_lossy().into_owned(),
            None => path.to_string_lossy().into_owned(),
        }
    }

    fn problem(&mut self, rule: &'static crate::finding::Rule, span: Span, message: String) {
        self.tree.findings.push(Finding::new(rule, Severity::Error, span, message));
    }
}
