//! The kinds of file pgconf-lsp reads, and how a file's name or an editor's language id
//! picks one.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `postgresql.conf` and its includes.
    PgConf,
    /// `pg_hba.conf`.
    PgHba,
    /// `pg_ident.conf`: the user name maps that `map=` options of `pg_hba.conf` name.
    PgIdent,
    /// `pgbouncer.ini`.
    PgBouncer,
    /// `.env` files: `KEY=VALUE` lines whose values may be connection strings.
    DotEnv,
    /// One libpq connection string per line, for `check --kind conninfo -`.
    ConnInfo,
    /// PgBouncer's `auth_file`, `userlist.txt`.
    UserList,
}

impl FileKind {
    pub const ALL: [FileKind; 7] = [
        FileKind::PgConf,
        FileKind::PgHba,
        FileKind::PgIdent,
        FileKind::PgBouncer,
        FileKind::DotEnv,
        FileKind::ConnInfo,
        FileKind::UserList,
    ];

    /// The name used by `--kind` and, for all but `conninfo`, by editors as the language id.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::PgConf => "pgconf",
            FileKind::PgHba => "pghba",
            FileKind::PgIdent => "pgident",
            FileKind::PgBouncer => "pgbouncer",
            FileKind::DotEnv => "dotenv",
            FileKind::ConnInfo => "conninfo",
            FileKind::UserList => "userlist",
        }
    }

    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The kind an editor's language id names. `conninfo` is not a language id: an
    /// editor never opens a file of bare connection strings.
    pub fn from_language_id(language_id: &str) -> Option<FileKind> {
        FileKind::from_name(language_id).filter(|kind| *kind != FileKind::ConnInfo)
    }

    /// The kind a file's name says it is, or `None` for files we do not read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;

        if name == "pgbouncer.ini" {
            Some(FileKind::PgBouncer)
        } else if name.starts_with("userlist") && name.ends_with(".txt") {
            Some(FileKind::UserList)
        } else if name.starts_with("pg_hba") && name.ends_with(".conf") {
            Some(FileKind::PgHba)
        } else if name.starts_with("pg_ident") && name.ends_with(".conf") {
            Some(FileKind::PgIdent)
        } else if name.starts_with("postgresql") && name.ends_with(".conf") {
            Some(FileKind::PgConf)
        } else if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
            Some(FileKind::DotEnv)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_file_names() {
        let names = [
            "postgresql.conf",
            "postgresql.auto.conf",
            "postgresql-replica.conf",
            "pg_hba.conf",
            "pg_hba_prod.conf",
            "pgbouncer.ini",
            "userlist.txt",
            "userlist-prod.txt",
            ".env",
            ".env.production",
            "prod.env",
            "pg_ident.conf",
            "pg_ident_ldap.conf",
            "environment",
            "my.conf",
        ];
        let kinds: Vec<String> = names
            .iter()
            .map(|name| {
                let kind = FileKind::from_path(Path::new(name)).map(FileKind::name);
                format!("{name}: {}", kind.unwrap_or("-"))
            })
            .collect();
        expect_test::expect![[r#"
            postgresql.conf: pgconf
            postgresql.auto.conf: pgconf
            postgresql-replica.conf: pgconf
            pg_hba.conf: pghba
            pg_hba_prod.conf: pghba
            pgbouncer.ini: pgbouncer
            userlist.txt: userlist
            userlist-prod.txt: userlist
            .env: dotenv
            .env.production: dotenv
            prod.env: dotenv
            pg_ident.conf: pgident
            pg_ident_ldap.conf: pgident
            environment: -
            my.conf: -"#]]
        .assert_eq(&kinds.join("\n"));
    }

    #[test]
    fn language_id_never_names_conninfo() {
        assert_eq!(FileKind::from_language_id("pghba"), Some(FileKind::PgHba));
        assert_eq!(FileKind::from_language_id("pgident"), Some(FileKind::PgIdent));
        assert_eq!(FileKind::from_language_id("conninfo"), None);
        assert_eq!(FileKind::from_language_id("ini"), None);
    }
}
