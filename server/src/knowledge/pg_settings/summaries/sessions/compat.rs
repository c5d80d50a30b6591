//! Compatibility switches: behaviour kept for old clients and old PostgreSQL releases, and
//! the switch that turns ALTER SYSTEM off.

/// Our explanation of a compatibility setting, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "allow_alter_system" => {
            "Whether ALTER SYSTEM may write postgresql.auto.conf. Turn it off where files or a \
             configuration tool own the settings, so that nobody changes them behind its back; \
             it is no security barrier against superusers."
        }
        "transform_null_equals" => {
            "Makes `expr = NULL` act as `expr IS NULL`, for old clients that generate such \
             comparisons. It breaks the SQL meaning of comparing with NULL; leave it off."
        }
        "array_nulls" => {
            "Whether an unquoted NULL in the text form of an array means a null element; off \
             reads it as the four letters, as releases before 8.2 did."
        }
        "backslash_quote" => {
            "Whether a quote may be written as `\\'` in string literals: `safe_encoding` allows \
             it only with client encodings where a backslash cannot hide inside a multibyte \
             character, which closes a known SQL injection hole. Write quotes as `''` instead."
        }
        "escape_string_warning" => {
            "Warns when a backslash appears in an ordinary '...' literal while \
             standard_conforming_strings is off, pointing at code that should use E'...' \
             strings."
        }
        "lo_compat_privileges" => {
            "Turns off permission checks on large objects, as before 9.0, so that any user can \
             read and change every large object; keep it off."
        }
        "operator_precedence_warning" => {
            "Warns about expressions whose meaning changed when 9.5 aligned operator precedence \
             with the SQL standard; a porting aid that later releases dropped."
        }
        "quote_all_identifiers" => {
            "Makes the server quote every identifier in the SQL it generates (EXPLAIN output, \
             view definitions), so that the text stays valid if a name becomes a keyword in a \
             later release."
        }
        "standard_conforming_strings" => {
            "With `on`, backslashes in '...' literals are ordinary characters, as the SQL \
             standard says, and escapes need E'...'. Turning it off brings back the old rules, \
             which clients must know about to quote values safely."
        }
        "synchronize_seqscans" => {
            "Lets a sequential scan of a large table join a scan of it already in progress and \
             wrap around, so both share the reads. Rows then come back in varying order, which \
             surprises queries that rely on order without ORDER BY."
        }
        _ => return None,
    };
    Some(text)
}
