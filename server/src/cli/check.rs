//! `pgconf-lsp check`: walks the given paths, analyses every file of a kind we read, and
//! prints the findings.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis;
use crate::cli::report::{self, CheckedFile};
use crate::cli::{CheckArgs, Format};
use crate::disk::DiskFiles;
use crate::finding::Severity;
use crate::kind::FileKind;

/// Folders a walk never enters: version control, build output and dependencies.
const SKIPPED_DIRS: [&str; 7] =
    [".git", "target", "node_modules", "vendor", ".venv", "venv", "__pycache__"];

/// The size above which a walk skips a file in a general format (YAML, JSON, TOML,
/// `.properties`, shell): such files are data or generated, not configuration. A file
/// named on the command line is read whatever its size.
const MAX_WALKED_EMBEDDING_SIZE: u64 = 1024 * 1024;

/// The name standard input is reported under.
const STDIN_NAME: &str = "<stdin>";

/// One input to check: where it came from and the kind it is read as.
#[derive(Debug, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub kind: FileKind,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    run_with(args, &mut stdout.lock(), &mut stderr.lock())
}

/// The whole command with its output streams given, so tests can read what it prints.
/// Exit status: 2 for a usage error or an unreadable path, else 1 when any finding is an
/// error, else 0.
pub fn run_with(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let (inputs, mut problems) = collect_inputs(&args.paths, args.kind);
    let settings = args.settings();
    let disk = DiskFiles::default();

    let mut checked = Vec::new();
    for input in inputs {
        match read_input(&input.path) {
            Ok(text) => {
                let findings = if input.path.as_os_str() == STDIN_NAME {
                    analysis::analyze(input.kind, &text, &settings)
                } else {
                    // The major comes from the absolute path; messages name the typed one.
                    let absolute = absolute(&input.path);
                    let settings =
                        analysis::settings_for_file(input.kind, &absolute, &settings, &disk);
                    analysis::analyze_file(input.kind, &input.path, &text, &settings, &disk)
                };
                let secrets = analysis::secret_spans(input.kind, &text);
                checked.push(CheckedFile { path: input.path, text, findings, secrets });
            }
            Err(error) => problems.push(format!("{}: {error}", input.path.display())),
        }
    }

    let written = match args.format {
        // A run that checked nothing because every path was wrong says so on stderr only.
        Format::Human if checked.is_empty() && !problems.is_empty() => Ok(()),
        Format::Human => report::write_human(out, &checked),
        Format::Json => report::write_json(out, &checked),
    };
    for problem in &problems {
        let _ = writeln!(err, "pgconf-lsp: {problem}");
    }

    let has_error = checked
        .iter()
        .flat_map(|file| &file.findings)
        .any(|finding| finding.severity == Severity::Error);
    if written.is_err() || !problems.is_empty() {
        ExitCode::from(2)
    } else if has_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files to check, in a stable order, and a message for each path that cannot be.
pub fn collect_inputs(paths: &[PathBuf], forced: Option<FileKind>) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();

    for path in paths {
        if path.as_os_str() == "-" {
            match forced {
                Some(kind) => inputs.push(Input { path: PathBuf::from(STDIN_NAME), kind }),
                None => problems.push("standard input (`-`) needs --kind".to_string()),
            }
        } else if path.is_dir() {
            let before = inputs.len();
            walk(path, forced, &mut inputs, &mut problems);
            if inputs.len() == before {
                // A CI run pointed at the wrong folder must not pass by checking nothing.
                problems.push(format!(
                    "{}: no file of a kind pgconf-lsp reads in this folder; name the files \
                     or pass --kind",
                    path.display()
                ));
            }
        } else if !path.exists() {
            problems.push(format!("{}: no such file or folder", path.display()));
        } else {
            match forced.or_else(|| FileKind::from_path(path)) {
                Some(kind) => inputs.push(Input { path: path.clone(), kind }),
                None => problems.push(format!(
                    "{}: cannot tell what kind of file this is; pass --kind",
                    path.display()
                )),
            }
        }
    }
    (inputs, problems)
}

/// Adds every file below `dir` whose name says its kind. With a forced kind, every file
/// below it is read as that kind (`--kind pgconf conf.d` for fragments named `10-net.conf`),
/// hidden files and those of the skipped folders left out.
fn walk(dir: &Path, forced: Option<FileKind>, inputs: &mut Vec<Input>, problems: &mut Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(format!("{}: {error}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| Some(entry.ok()?.path())).collect();
    paths.sort();

    for path in paths {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        let file_type = match fs::symlink_metadata(&path) {
            Ok(metadata) => metadata.file_type(),
            Err(error) => {
                problems.push(format!("{}: {error}", path.display()));
                continue;
            }
        };

        if file_type.is_dir() {
            if !SKIPPED_DIRS.contains(&name) {
                walk(&path, forced, inputs, problems);
            }
        } else if let Some(kind) = FileKind::from_path(&path) {
            let too_big =
                || fs::metadata(&path).is_ok_and(|meta| meta.len() > MAX_WALKED_EMBEDDING_SIZE);
            if !(kind.is_embedding() && too_big()) {
                inputs.push(Input { path, kind: forced.unwrap_or(kind) });
            }
        } else if let Some(kind) = forced.filter(|_| file_type.is_file() && !name.starts_with('.'))
        {
            inputs.push(Input { path, kind });
        }
    }
}

/// `path` made absolute against the current folder, so that what its folders say (the
/// major in `etc/postgresql/15/main/`, a `PG_VERSION` or pgbouncer.ini beside it) is read
/// the same whether it was typed as `.`, `./etc/...`, `etc/...` or `/abs/etc/...`. The
/// file is still analysed and reported under the path as typed, so that messages naming
/// the files it includes show them as the user wrote them.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The text of a file, or of standard input for [`STDIN_NAME`]. Bytes that are not UTF-8
/// are read as U+FFFD, so a stray Latin-1 comment does not hide the rest of the file; a
/// file with NUL bytes is not text at all and is refused.
fn read_input(path: &Path) -> io::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == STDIN_NAME {
        io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = fs::read(path)?;
    }
    if bytes.contains(&0) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a text file (it holds NUL bytes)",
        ));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}
