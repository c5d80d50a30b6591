//! Loading server modules: the preload lists, where loadable modules and extensions are
//! looked for, and which library provides JIT compilation.

/// Our explanation of a module-loading setting, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "shared_preload_libraries" => {
            "Modules loaded into the server when it starts, required by those that use shared \
             memory or background workers, such as pg_stat_statements. A name that cannot be \
             loaded keeps the server from starting, and changes need a restart."
        }
        "session_preload_libraries" => {
            "Modules loaded at the start of each session, set by a superuser. New sessions pick \
             up a change without a restart, which suits auto_explain; modules that need shared \
             memory belong in shared_preload_libraries."
        }
        "local_preload_libraries" => {
            "Modules loaded at the start of each session that ordinary users may choose, so \
             only modules installed in the `plugins` subdirectory of the library directory can \
             be named."
        }
        "dynamic_library_path" => {
            "The directories searched for a loadable module named without a directory (in \
             CREATE FUNCTION, LOAD or the preload lists); `$libdir` is the installation's own. \
             Only superusers may set it, since it decides which code the server runs."
        }
        "extension_control_path" => {
            "The directories CREATE EXTENSION searches for extension control files; `$system` \
             is the installation's own. It lets extensions live elsewhere, such as on a mounted \
             volume; their libraries must then be found through dynamic_library_path."
        }
        "jit_provider" => {
            "The library that implements JIT compilation. When it is missing (some distributions \
             ship it as a separate package), JIT is simply unavailable, without an error."
        }
        _ => return None,
    };
    Some(text)
}
