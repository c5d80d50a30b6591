//! Include layouts in which the line deciding `ssl` is in another file than the one read
//! first, each with the value PostgreSQL 15 printed for it (`postgres -C ssl -D <dir>` on a
//! fresh data directory whose postgresql.conf and included files were these). The rules
//! of postgresql.conf and of the pg_hba.conf beside it are tested against them, so that
//! both judge `ssl` as the server does.

use crate::files::MemoryFiles;

/// The directory the layouts live in; its postgresql.conf is [`CONF`].
pub const DIR: &str = "/etc/postgresql/15/main";

/// The path of the layouts' postgresql.conf.
pub const CONF: &str = "/etc/postgresql/15/main/postgresql.conf";

/// One layout: its name, the postgresql.conf, the other files (paths relative to [`DIR`]),
/// and the value PostgreSQL 15 printed for `ssl`.
pub struct Layout {
    pub name: &'static str,
    pub conf: &'static str,
    pub others: &'static [(&'static str, &'static str)],
    pub server_says: &'static str,
}

impl Layout {
    /// The layout's files, postgresql.conf included.
    pub fn files(&self) -> MemoryFiles {
        let mut files = MemoryFiles::default().with(CONF, self.conf);
        for (path, text) in self.others {
            files = files.with(format!("{DIR}/{path}"), *text);
        }
        files
    }
}

pub const LAYOUTS: &[Layout] = &[
    Layout {
        name: "a drop-in file switches off what postgresql.conf switched on",
        conf: "ssl = on\ninclude_dir = 'conf.d'\n",
        others: &[("conf.d/01-ok.conf", "work_mem = 8MB\n"), ("conf.d/02-bad.conf", "ssl = off\n")],
        server_says: "off",
    },
    Layout {
        name: "a drop-in file switches on what postgresql.conf switched off",
        conf: "ssl = off\ninclude_dir = 'conf.d'\n",
        others: &[("conf.d/10-tls.conf", "ssl = on\n")],
        server_says: "on",
    },
    Layout {
        name: "a line after the include overrides the included file",
        conf: "include 'tls.conf'\nssl = on\n",
        others: &[("tls.conf", "ssl = off\n")],
        server_says: "on",
    },
    Layout {
        name: "a nested include decides, in another spelling; hidden and non-.conf files are \
               not read",
        conf: "ssl = on\ninclude 'a.conf'\ninclude_dir 'conf.d'\n",
        others: &[
            ("a.conf", "include_if_exists 'missing.conf'\ninclude 'sub/b.conf'\n"),
            ("sub/b.conf", "SSL = false\n"),
            ("conf.d/.hidden.conf", "ssl = on\n"),
            ("conf.d/notes.txt", "ssl = on\n"),
        ],
        server_says: "off",
    },
];
