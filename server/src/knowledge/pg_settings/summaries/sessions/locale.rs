//! The session defaults for locale and formatting: how dates, times, numbers and messages
//! are written and read, and which character encoding the client uses.

/// Our explanation of a locale or formatting default, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "datestyle" => {
            "How dates and times are shown (`ISO`, `SQL`, `Postgres`, `German`) and how \
             ambiguous input such as 01/02/2024 is read (`MDY`, `DMY`, `YMD`). Changing it on a \
             running system changes how clients' date strings are understood."
        }
        "intervalstyle" => {
            "How interval values are shown: `postgres` (1 day 02:00:00), `postgres_verbose`, \
             `sql_standard` or `iso_8601` (P1DT2H). Client code that parses intervals expects \
             one of them."
        }
        "timezone" => {
            "The time zone in which timestamp with time zone values are shown and timestamps \
             without an offset are read; the stored values are UTC either way. initdb copies \
             the system's zone, and `UTC` is a common choice for servers."
        }
        "client_encoding" => {
            "The character encoding the client sends and expects; the server converts to and \
             from the database encoding. Clients normally set it themselves when connecting, \
             so a file setting only matters for those that do not."
        }
        "default_text_search_config" => {
            "The text search configuration (language rules and stop words) that to_tsvector \
             and to_tsquery use when none is named; initdb picks one matching the locale."
        }
        "extra_float_digits" => {
            "How floating-point values are printed: above 0 gives the shortest text that reads \
             back to exactly the same value, 0 or less rounds to fewer digits. Old drivers set \
             3, which now means the same as 1."
        }
        "icu_validation_level" => {
            "At which message level an ICU locale name that cannot be validated is reported by \
             CREATE COLLATION and CREATE DATABASE; `error` rejects it. Otherwise a mistyped \
             ICU locale can quietly sort by generic rules."
        }
        "lc_messages" => {
            "The language of server messages, in the client and in the log. Log analyzers such \
             as pgBadger expect English, so `C` or an English locale is the usual choice."
        }
        "lc_monetary" => {
            "Which locale's conventions money amounts follow: output of the money type and \
             to_char's currency symbol."
        }
        "lc_numeric" => {
            "The locale for number formatting in to_char (decimal point and digit grouping); \
             ordinary numeric output is not affected."
        }
        "lc_time" => {
            "The locale for the month and day names that to_char writes with the TM prefix."
        }
        "timezone_abbreviations" => {
            "Which set of time zone abbreviations such as EST or IST timestamp input accepts: \
             `Default` suits most places, `Australia` and `India` read the ambiguous ones their \
             way."
        }
        _ => return None,
    };
    Some(text)
}
