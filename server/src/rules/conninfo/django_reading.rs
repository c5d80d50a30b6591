//! A connection string as libpq receives it from Django's URL helpers (see
//! [`crate::knowledge::drivers::django`]): the query keys arrive as keyword arguments, so
//! libpq's URI-only alias `ssl=true` is no alias but a key of its own, and django-environ
//! keeps only the first of a repeated key (`parse_qs(...)[key][0]`), where libpq keeps the
//! last.

use super::Consumer;
use crate::knowledge::drivers::Driver;
use crate::syntax::conninfo::{self, ConnInfo, Origin};

/// `info` rewritten to what libpq gets when `consumer` is a Django URL helper; unchanged
/// for any other reader.
pub(super) fn as_passed_on(text: &str, info: &mut ConnInfo, consumer: &Consumer) {
    if !consumer.known() || !consumer.driver.passes_query_to_libpq() {
        return;
    }

    for setting in info.settings.iter_mut().filter(|setting| setting.alias) {
        let (decoded, _) = conninfo::percent_decode(text, setting.value_span);
        setting.keyword = setting.written_keyword.clone();
        setting.value = String::from_utf8_lossy(&decoded).into_owned();
        setting.alias = false;
    }

    if consumer.driver == Driver::DjangoEnviron && consumer.alternative.is_none() {
        let mut seen: Vec<String> = Vec::new();
        info.settings.retain(|setting| {
            if setting.origin != Origin::UriQuery {
                return true;
            }
            let first = !seen.contains(&setting.written_keyword);
            seen.push(setting.written_keyword.clone());
            first
        });
    }
}
