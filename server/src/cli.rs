//! The command line: `pgconf-lsp` (serve LSP over stdio) and `pgconf-lsp check`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::kind::FileKind;
use crate::settings::{self, Settings};

pub mod check;
pub mod report;

/// Finds the PostgreSQL, pg_hba.conf, PgBouncer and connection-string mistakes that take
/// production down. With no command it serves the Language Server Protocol on stdio.
#[derive(Debug, Parser)]
#[command(name = "pgconf-lsp", version, about)]
pub struct Cli {
    /// Serve LSP over stdio (the default; editors pass it).
    #[arg(long)]
    pub stdio: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders and report findings; exits 1 when any finding is an error.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check (`-` reads standard input and needs --kind).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Read every path as this kind instead of deciding by file name.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<FileKind>,

    /// The PostgreSQL major version the files are for (default: from the path, else the
    /// newest known).
    #[arg(long, value_name = "MAJOR", value_parser = parse_postgres_version)]
    pub postgres_version: Option<u32>,

    /// The PgBouncer release, such as 1.18 (default: the newest known).
    #[arg(long, value_name = "X.Y", value_parser = parse_pgbouncer_version)]
    pub pgbouncer_version: Option<(u32, u32)>,

    /// The driver that reads plain connection strings: auto (from keys and manifests),
    /// libpq, node-postgres, prisma, pgjdbc, asyncpg, pgx, lib-pq, npgsql, django-environ, …
    #[arg(long, value_name = "DRIVER", default_value = settings::CONNECTION_DRIVER_AUTO,
          value_parser = parse_connection_driver)]
    pub connection_driver: DriverChoice,

    /// Seconds after which a NAT gateway, load balancer or firewall drops idle connections.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = settings::DEFAULT_MIDDLEBOX_IDLE_TIMEOUT,
        value_parser = parse_middlebox_idle_timeout
    )]
    pub middlebox_idle_timeout: u32,
}

impl CheckArgs {
    pub fn settings(&self) -> Settings {
        Settings {
            middlebox_idle_timeout: self.middlebox_idle_timeout,
            postgres_version: self.postgres_version,
            pgbouncer_version: self.pgbouncer_version,
            connection_driver: self.connection_driver.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// file:line:col, severity, rule, message, and the source line with a caret.
    Human,
    /// One JSON array of findings, with LSP positions (0-based lines, UTF-16 columns).
    Json,
}

fn parse_kind(name: &str) -> Result<FileKind, String> {
    FileKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = FileKind::ALL.iter().map(|kind| kind.name()).collect();
        format!("unknown kind `{name}`; expected one of {}", names.join(", "))
    })
}

/// `--connection-driver`: a driver, or `None` for `auto`. A type of its own, since clap
/// reads an `Option` field as an optional flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DriverChoice(pub Option<crate::knowledge::drivers::Driver>);

fn parse_connection_driver(text: &str) -> Result<DriverChoice, String> {
    settings::parse_connection_driver(text).map(DriverChoice)
}

fn parse_pgbouncer_version(text: &str) -> Result<(u32, u32), String> {
    let release = settings::parse_pgbouncer_version(text)
        .ok_or_else(|| format!("`{text}` is not a PgBouncer release such as 1.18"))?;
    settings::supported_pgbouncer_version(release)
}

fn parse_postgres_version(text: &str) -> Result<u32, String> {
    let trimmed = text.trim();
    let old_style = trimmed.split_once('.').filter(|(major, _)| *major == "9" || *major == "8");
    if old_style.is_some() {
        // Before 10 a major was two numbers (9.4), all older than any catalog we have.
        let majors = crate::knowledge::pg_settings::majors();
        let (oldest, newest) = (majors.first().copied(), majors.last().copied());
        return Err(format!(
            "PostgreSQL {trimmed} is older than every major pgconf-lsp knows; it knows {} to {}",
            oldest.unwrap_or_default(),
            newest.unwrap_or_default()
        ));
    }
    let major = trimmed.parse().map_err(|_| {
        format!("`{text}` is not a PostgreSQL major version such as 15 (no minor or dots)")
    })?;
    settings::supported_postgres_version(major)
}

fn parse_middlebox_idle_timeout(text: &str) -> Result<u32, String> {
    let seconds =
        text.trim().parse().map_err(|_| format!("`{text}` is not a number of seconds"))?;
    settings::supported_middlebox_idle_timeout(seconds)
}
