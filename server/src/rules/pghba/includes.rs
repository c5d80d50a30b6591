//! The files a `pg_hba.conf` reads: `@file` name lists (every major) and the `include`,
//! `include_if_exists` and `include_dir` records of PostgreSQL 16 and later, followed as the
//! server's tokenizer follows them.
//!
//! What the server does, which this module repeats:
//!
//! * A relative name is relative to the directory of the file that holds it, whether that
//!   is `pg_hba.conf`, an included file or an `@` file.
//! * An unquoted `@name` token (with a name after the `@`) is replaced, while tokenizing, by
//!   every token of every line of that file: comments, quotes and continuations work there
//!   as in `pg_hba.conf`, a quoted `"all"` stays a plain name, and an `@` inside is expanded
//!   in turn, as, from PostgreSQL 16 on, are its include records: the files they name
//!   add their tokens too. A field left with no token (an empty file) disappears, so the
//!   fields after it move left. A file that cannot be opened marks the line with an
//!   error, and a line with an error makes the whole file fail to load.
//! * `include` of a file that cannot be opened is an error on that record; a missing file
//!   of `include_if_exists` is skipped. `include_dir` reads the directory's regular files
//!   whose names end in `.conf` and do not start with `.`, sorted by name; a directory that
//!   cannot be opened, or a blank name, is an error. (An empty `include` name, though,
//!   names the including file's own directory, which the server reads as no lines.)
//!   The included records take the directive's place, so rule order runs through them.
//! * From PostgreSQL 16 on, every file opened (`@` or `include`) counts one level deeper
//!   than the file naming it, and opening one more than [`MAX_DEPTH`] levels deep is an
//!   error. There is no other cycle check: a file that includes itself is read again and
//!   again until that depth. Before 16 nothing limits `@` nesting: a loop of `@` files
//!   runs the server out of file handles, and on a reload the postmaster exits.
//!
//! The result is every authentication record of the whole tree, in the order the server
//! reads them, with the problems found on the way, each in the file where the server
//! reports it.

use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::finding::{Finding, Rule, Severity};
use crate::span::Span;
use crate::syntax::pghba::{parse_for, Field, IncludeKind, Record, Token};

use super::{INCLUDE_CYCLE, INCLUDE_MISSING};
use crate::files::normalize;
pub(crate) use crate::line_index::line_number;

/// The deepest level at which the server opens a file (CONF_FILE_MAX_DEPTH); the file
/// being checked is level 0.
pub(super) const MAX_DEPTH: usize = 10;

/// One file of the tree: the file analysed (index 0) or one it includes.
pub(crate) struct Source {
    pub text: String,
    /// Its records as the server tokenizes them, `@file` lists expanded when files are
    /// read: those in [`Tree::order`], the include records followed, and the records
    /// whose `@file` could not be read (unexpanded).
    pub records: Vec<Record>,
    /// Where it is, when known.
    pub path: Option<PathBuf>,
    /// Its name for messages: relative to the analysed file's directory when inside it.
    pub shown: String,
    /// The span, in the analysed file, of the directive that brings this file in; `None`
    /// for the analysed file itself.
    pub via: Option<Span>,
    /// The spans of `@name` tokens replaced by a file's tokens: a fix there would edit
    /// the name, not the value it stands for.
    pub expanded: Vec<Span>,
}

pub(crate) struct Tree {
    pub sources: Vec<Source>,
    /// Every record to read as an authentication rule, as (source, record), in the order
    /// the server reads them.
    pub order: Vec<(usize, usize)>,
    /// What went wrong while reading, as (source, finding on a span of that source).
    pub problems: Vec<(usize, Finding)>,
}

/// Reads `text` (the file at `path`, if known) for PostgreSQL `major` and, when `files` is
/// given, every file it names.
pub(crate) fn expand(
    text: &str,
    path: Option<&Path>,
    files: Option<&dyn Files>,
    major: u32,
) -> Tree {
    let root = Source {
        text: text.to_string(),
        records: Vec::new(),
        path: path.map(normalize),
        shown: path
            .and_then(Path::file_name)
            .map_or_else(|| "this file".to_string(), |name| name.to_string_lossy().into_owned()),
        via: None,
        expanded: Vec::new(),
    };
    let mut walker = Walker {
        files,
        major,
        base: path.and_then(Path::parent).map(normalize),
        tree: Tree { sources: vec![root], order: Vec::new(), problems: Vec::new() },
        stack: Vec::new(),
    };
    walker.visit(0);
    walker.tree
}

/// A file being read, with the include record in it that is being followed.
struct Frame {
    source: usize,
    path: Option<PathBuf>,
    /// The include record currently followed, to blame when a cycle closes.
    following: Option<Span>,
}

struct Walker<'a> {
    files: Option<&'a dyn Files>,
    major: u32,
    /// The analysed file's directory, against which shown paths are made relative.
    base: Option<PathBuf>,
    tree: Tree,
    /// The files being read, outermost first; its length is the depth of the next file.
    stack: Vec<Frame>,
}

impl Walker<'_> {
    fn visit(&mut self, source: usize) {
        let text = self.tree.sources[source].text.clone();
        let path = self.tree.sources[source].path.clone();
        self.stack.push(Frame { source, path: path.clone(), following: None });

        for record in parse_for(&text, self.major).records {
            let record = match self.files {
                Some(files) => match self.expand_record(files, record.clone(), path.as_deref()) {
                    Ok(Some(record)) => record,
                    Ok(None) => continue,
                    Err(problem) => {
                        // Kept, unread, so that the problem has its record.
                        self.tree.problems.push((source, *problem));
                        self.tree.sources[source].records.push(record);
                        continue;
                    }
                },
                None => record,
            };
            let index = self.tree.sources[source].records.len();
            let include = record.include().map(|(kind, name)| (kind, name.clone()));
            let span = record.span;
            self.tree.sources[source].records.push(record);
            match (include, self.files) {
                (Some((kind, name)), Some(files)) if self.major >= 16 => {
                    if let Some(frame) = self.stack.last_mut() {
                        frame.following = Some(span);
                    }
                    self.include(files, kind, &name, span, source);
                }
                _ => self.tree.order.push((source, index)),
            }
        }
        self.stack.pop();
    }

    /// Follows one include record of `source`, whose span is `span`.
    fn include(
        &mut self,
        files: &dyn Files,
        kind: IncludeKind,
        name: &Token,
        span: Span,
        source: usize,
    ) {
        let target = self.resolve(&name.text);
        match kind {
            // An empty name resolves to the including file's directory, from which the
            // server reads no line and reports nothing (as PostgreSQL 16 and 18 do).
            IncludeKind::Include | IncludeKind::IncludeIfExists if name.text.is_empty() => {}
            IncludeKind::Include | IncludeKind::IncludeIfExists => {
                let required = kind == IncludeKind::Include;
                self.include_file(files, &target, span, source, required);
            }
            IncludeKind::IncludeDir => {
                if name.text.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
                    let message = "`include_dir` names no directory; the server refuses the file."
                        .to_string();
                    self.problem(&INCLUDE_MISSING, source, name.span, message);
                    return;
                }
                let Some(listed) = files.list(&target) else {
                    let message = format!(
                        "The directory `{}` cannot be read, so the server refuses the \
                        file. Create it (it may stay empty) or remove this line.",
                        self.shown(&target)
                    );
                    self.problem(&INCLUDE_MISSING, source, name.span, message);
                    return;
                };
                for file in conf_files(listed) {
                    self.include_file(files, &file, span, source, true);
                }
            }
        }
    }

    fn include_file(
        &mut self,
        files: &dyn Files,
        target: &Path,
        span: Span,
        source: usize,
        required: bool,
    ) {
        if let Some(position) =
            self.stack.iter().position(|frame| frame.path.as_deref() == Some(target))
        {
            let chain: Vec<String> = self.stack[position..]
                .iter()
                .filter_map(|frame| frame.path.as_deref())
                .chain([target])
                .map(|path| self.shown(path))
                .collect();
            let (blamed_source, blamed_span) = self.cycle_blame(position, span, source);
            let message = format!(
                "This include leads back to a file being read ({}); the server reads \
                the files again and again until {MAX_DEPTH} levels deep, then refuses the file. \
                Remove the include that leads back.",
                chain.join(" → ")
            );
            self.problem(&INCLUDE_CYCLE, blamed_source, blamed_span, message);
            return;
        }
        if self.stack.len() > MAX_DEPTH {
            let message = format!(
                "Files are nested more than {MAX_DEPTH} levels deep here; the server \
                refuses the file."
            );
            self.problem(&INCLUDE_CYCLE, source, span, message);
            return;
        }
        let Some(text) = files.read(target) else {
            if files.list(target).is_some() {
                // PostgreSQL 16 and 18 open a folder as a file, fail to read it, log that
                // at LOG level and go on without its lines: no refusal, but lost rules.
                let message = format!(
                    "`{}` is a folder, which `include` cannot read as a file: the server \
                    only logs that and none of the lines in the folder apply. Use \
                    `include_dir` to read the folder's `.conf` files.",
                    self.shown(target)
                );
                let finding = Finding::new(&INCLUDE_MISSING, Severity::Warning, span, message);
                self.tree.problems.push((source, finding));
            } else if required {
                let message = format!(
                    "`{}` does not exist, so the server refuses the whole file. Create \
                    it, or use `include_if_exists` for a file that may be absent.",
                    self.shown(target)
                );
                self.problem(&INCLUDE_MISSING, source, span, message);
            }
            return;
        };
        let via = self.tree.sources[source].via.unwrap_or(span);
        let included = self.tree.sources.len();
        self.tree.sources.push(Source {
            text,
            records: Vec::new(),
            path: Some(target.to_path_buf()),
            shown: self.shown(target),
            via: Some(via),
            expanded: Vec::new(),
        });
        self.visit(included);
    }

    /// Where the server reports a cycle that closes back to `self.stack[position]`: it
    /// keeps reading round the cycle until a file would be opened past [`MAX_DEPTH`], so
    /// the include that fails is the one in the cycle's file at that depth.
    fn cycle_blame(&self, position: usize, span: Span, source: usize) -> (usize, Span) {
        let deepest = self.stack.len() - 1;
        let length = deepest - position + 1;
        let at = position + (MAX_DEPTH.saturating_sub(position)) % length;
        if at >= deepest {
            return (source, span);
        }
        let frame = &self.stack[at];
        (frame.source, frame.following.unwrap_or(span))
    }

    /// The record with each `@name` replaced by the tokens of that file; `None` when no
    /// field is left, as for an empty line.
    fn expand_record(
        &mut self,
        files: &dyn Files,
        mut record: Record,
        path: Option<&Path>,
    ) -> Result<Option<Record>, Box<Finding>> {
        let names_files = record
            .fields
            .iter()
            .any(|field| field.tokens.iter().any(|token| token.included_file().is_some()));
        if !names_files {
            return Ok(Some(record));
        }
        let mut fields = Vec::new();
        for field in record.fields {
            let mut tokens = Vec::new();
            for token in field.tokens {
                let Some(name) = token.included_file() else {
                    tokens.push(token);
                    continue;
                };
                let mut chain = Vec::new();
                let depth = self.stack.len().saturating_sub(1);
                self.read_names(files, name, path, token.span, depth, &mut chain, &mut tokens)?;
                let source = self.stack.last().map_or(0, |frame| frame.source);
                self.tree.sources[source].expanded.push(token.span);
            }
            if !tokens.is_empty() {
                fields.push(Field { span: field.span, tokens });
            }
        }
        if fields.is_empty() {
            return Ok(None);
        }
        record.fields = fields;
        Ok(Some(record))
    }

    /// Appends to `out` the tokens of the `@` file `name` (named in the file at `outer`,
    /// which is `depth` levels deep), each placed at `span`.
    #[allow(clippy::too_many_arguments, reason = "one recursive step of the expansion")]
    fn read_names(
        &self,
        files: &dyn Files,
        name: &str,
        outer: Option<&Path>,
        span: Span,
        depth: usize,
        chain: &mut Vec<PathBuf>,
        out: &mut Vec<Token>,
    ) -> Result<(), Box<Finding>> {
        let target = resolve_from(name, outer, self.base.as_deref());
        let what = format!("@{name}");
        self.read_list(files, &target, &what, true, span, depth, chain, out)
    }

    /// Appends to `out` every token of the file at `target`, read for a list (`what` says
    /// how it is named, for messages): an `@` file, or a file that an include record
    /// inside one names, which PostgreSQL 16 and later follow too. `required` is false for
    /// `include_if_exists`.
    #[allow(clippy::too_many_arguments, reason = "one recursive step of the expansion")]
    fn read_list(
        &self,
        files: &dyn Files,
        target: &Path,
        what: &str,
        required: bool,
        span: Span,
        depth: usize,
        chain: &mut Vec<PathBuf>,
        out: &mut Vec<Token>,
    ) -> Result<(), Box<Finding>> {
        let error = |rule: &'static Rule, message: String| {
            Box::new(Finding::new(rule, Severity::Error, span, message))
        };
        if chain.iter().any(|open| open == target) {
            let message = if self.major >= 16 {
                format!(
                    "`{what}` leads back to itself through `@` files: the server reads them \
                    again and again until {MAX_DEPTH} levels deep, then refuses the file. \
                    Remove the `@` that leads back."
                )
            } else {
                // Seen with PostgreSQL 15: the postmaster's reload ends in FATAL.
                format!(
                    "`{what}` leads back to itself through `@` files, and PostgreSQL before 16 \
                    has no nesting limit: it opens them until it runs out of file handles, and \
                    a reload then shuts the whole server down. Remove the `@` that leads back."
                )
            };
            return Err(error(&INCLUDE_CYCLE, message));
        }
        if self.major >= 16 && depth + 1 > MAX_DEPTH {
            return Err(error(
                &INCLUDE_CYCLE,
                format!(
                    "`{what}` is opened more than {MAX_DEPTH} levels deep; the server refuses \
                    the file."
                ),
            ));
        }
        let Some(text) = files.read(target) else {
            if !required {
                return Ok(());
            }
            return Err(error(
                &INCLUDE_MISSING,
                format!(
                    "`{what}` names `{}`, which does not exist: the server cannot read the \
                    names and refuses the whole file. Create it, or write the names here.",
                    self.shown(target)
                ),
            ));
        };

        chain.push(target.to_path_buf());
        for record in parse_for(&text, self.major).records {
            let mut fields: Vec<Vec<Token>> = Vec::new();
            for field in record.fields {
                let mut tokens = Vec::new();
                for token in field.tokens {
                    match token.included_file() {
                        Some(inner) => {
                            let inner = inner.to_string();
                            let outer = Some(target);
                            self.read_names(
                                files,
                                &inner,
                                outer,
                                span,
                                depth + 1,
                                chain,
                                &mut tokens,
                            )?;
                        }
                        None => tokens.push(Token { span, ..token }),
                    }
                }
                if !tokens.is_empty() {
                    fields.push(tokens);
                }
            }
            if self.major >= 16 {
                if let [first, second] = fields.as_slice() {
                    if let Some(kind) = IncludeKind::from_name(&first[0].text) {
                        let name = second[0].text.clone();
                        self.read_included_list(
                            files,
                            kind,
                            &name,
                            target,
                            span,
                            depth + 1,
                            chain,
                            out,
                        )?;
                        continue;
                    }
                }
            }
            out.extend(fields.into_iter().flatten());
        }
        chain.pop();
        Ok(())
    }

    /// The tokens of the files an include record inside an `@` file (at `outer`, `depth`
    /// levels deep) names.
    #[allow(clippy::too_many_arguments, reason = "one recursive step of the expansion")]
    fn read_included_list(
        &self,
        files: &dyn Files,
        kind: IncludeKind,
        name: &str,
        outer: &Path,
        span: Span,
        depth: usize,
        chain: &mut Vec<PathBuf>,
        out: &mut Vec<Token>,
    ) -> Result<(), Box<Finding>> {
        let what = format!("{} {name}", kind.name());
        let target = resolve_from(name, Some(outer), self.base.as_deref());
        match kind {
            IncludeKind::Include | IncludeKind::IncludeIfExists if name.is_empty() => Ok(()),
            IncludeKind::Include | IncludeKind::IncludeIfExists => {
                let required = kind == IncludeKind::Include;
                self.read_list(files, &target, &what, required, span, depth, chain, out)
            }
            IncludeKind::IncludeDir => {
                let listed = files.list(&target).filter(|_| !name.trim().is_empty());
                let Some(listed) = listed else {
                    return Err(Box::new(Finding::new(
                        &INCLUDE_MISSING,
                        Severity::Error,
                        span,
                        format!(
                            "`{what}` names a directory that cannot be read, so the server \
                            refuses the file."
                        ),
                    )));
                };
                for file in conf_files(listed) {
                    self.read_list(files, &file, &what, true, span, depth, chain, out)?;
                }
                Ok(())
            }
        }
    }

    /// A directive's name as a path, relative to the file being read.
    fn resolve(&self, name: &str) -> PathBuf {
        let outer = self.stack.last().and_then(|frame| frame.path.as_deref());
        resolve_from(name, outer, self.base.as_deref())
    }

    fn shown(&self, path: &Path) -> String {
        shown(self.base.as_deref(), path)
    }

    fn problem(&mut self, rule: &'static Rule, source: usize, span: Span, message: String) {
        self.tree.problems.push((source, Finding::new(rule, Severity::Error, span, message)));
    }
}

/// The files `include_dir` reads of those `listed` in a directory: names of at least six
/// bytes ending in `.conf`, not hidden, in byte order.
fn conf_files(mut listed: Vec<PathBuf>) -> Vec<PathBuf> {
    listed.retain(|file| {
        let name = file.file_name().map(|name| name.to_string_lossy());
        name.is_some_and(|name| {
            name.len() >= 6 && !name.starts_with('.') && name.ends_with(".conf")
        })
    });
    listed.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    listed.iter().map(|file| normalize(file)).collect()
}

/// Where the server looks for `name`, named in the file at `outer`: an absolute name as
/// written, a relative one in `outer`'s directory (or `base` when the file is unknown).
pub(crate) fn resolve_from(name: &str, outer: Option<&Path>, base: Option<&Path>) -> PathBuf {
    let name = Path::new(name);
    if name.is_absolute() {
        return normalize(name);
    }
    match outer.and_then(Path::parent).or(base) {
        Some(directory) => normalize(&directory.join(name)),
        None => normalize(name),
    }
}

/// `path` relative to `base` when inside it, for messages.
pub(crate) fn shown(base: Option<&Path>, path: &Path) -> String {
    match base.and_then(|base| path.strip_prefix(base).ok()) {
        Some(relative) => relative.to_string_lossy().into_owned(),
        None => path.to_string_lossy().into_owned(),
    }
}

#[cfg(test)]
mod tests;
