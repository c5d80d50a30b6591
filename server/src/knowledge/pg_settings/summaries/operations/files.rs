//! What the parameters naming the data directory and the other configuration files are for,
//! in our own words.

/// Our explanation of a file-location parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "data_directory" => {
            "Where the cluster's data lives, for layouts (such as Debian's) that keep the \
             configuration files elsewhere; it takes effect only at server start, from the \
             command line or postgresql.conf."
        }
        "config_file" => {
            "The main configuration file to read; it can only be given on the server command \
             line, so setting it inside a configuration file has no effect."
        }
        "hba_file" => {
            "The pg_hba.conf file with the client authentication rules, when it is not in the \
             data directory; the server will not start if it cannot load that file."
        }
        "ident_file" => {
            "The pg_ident.conf file that maps operating-system or certificate user names to \
             database roles for `map=` options in pg_hba.conf."
        }
        "external_pid_file" => {
            "An extra file the server writes its process id into, for tools that look for it \
             outside the data directory."
        }
        "extension_destdir" => {
            "A directory put in front of the paths where extension files and libraries are \
             looked up, so extensions can be tested before they are installed; a Debian \
             addition, not part of upstream PostgreSQL."
        }
        _ => return None,
    };
    Some(text)
}
