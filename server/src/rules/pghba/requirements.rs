//! What the server demands of a line's options as a whole, once each option is known to be
//! allowed: the LDAP mode (simple bind or search+bind, never both), the RADIUS lists and
//! their lengths, and the numbers it reads with C's `atoi`.
//!
//! An `ldapurl` counts as the options it carries: its path as `ldapbasedn`, its first
//! attribute as `ldapsearchattribute` and its filter as `ldapsearchfilter`, as the server
//! copies them. The URL itself is read the way OpenLDAP's `ldap_url_parse` reads it, as far
//! as the server's checks depend on it.

use crate::knowledge::hba::AuthMethod;
use crate::span::Span;
use crate::syntax::pghba::Token;

/// One problem with the options of a line: where it goes and what to say.
pub(super) struct Problem {
    pub span: Span,
    pub message: String,
}

/// C's `atoi`: leading blanks, a sign, then digits; anything after them is ignored.
pub(super) fn atoi(text: &str) -> i64 {
    let text = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut value: i64 = 0;
    for byte in digits.bytes().take_while(u8::is_ascii_digit) {
        value = value.saturating_mul(10).saturating_add(i64::from(byte - b'0'));
    }
    if negative {
        -value
    } else {
        value
    }
}

/// The elements of a comma-separated list as the server's `SplitGUCList` reads it
/// (blanks trimmed, double quotes allowed); `None` when the list has an empty element.
pub(super) fn split_list(text: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut rest = text.trim_start();
    if rest.is_empty() {
        return Some(items);
    }
    loop {
        let item;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((at, character)) = chars.next() {
                if character == '"' {
                    if quoted[at + 1..].starts_with('"') {
                        value.push('"');
                        chars.next();
                        continue;
                    }
                    end = Some(at + 1);
                    break;
                }
                value.push(character);
            }
            rest = &quoted[end?..];
            item = value;
        } else {
            let end = rest.find(|c: char| c == ',' || c.is_whitespace()).unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            item = rest[..end].to_string();
            rest = &rest[end..];
        }
        items.push(item);
        rest = rest.trim_start();
        match rest.strip_prefix(',') {
            Some(after) => rest = after.trim_start(),
            None if rest.is_empty() => return Some(items),
            None => return None,
        }
    }
}

/// What an `ldapurl` sets.
#[derive(Default)]
struct LdapUrl {
    basedn: bool,
    attribute: bool,
    filter: bool,
}

/// Reads `url` as OpenLDAP does; the error says what the server would complain about.
fn parse_ldap_url(url: &str) -> Result<LdapUrl, String> {
    let url = url.trim();
    let url = url.strip_prefix('<').and_then(|url| url.strip_suffix('>')).unwrap_or(url);
    let url = match url.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("URL:") => &url[4..],
        _ => url,
    };
    let scheme_end = url.find("://").ok_or("it has no `ldap://` or `ldaps://` scheme")?;
    let scheme = url[..scheme_end].to_ascii_lowercase();
    if !matches!(scheme.as_str(), "ldap" | "ldaps" | "ldapi" | "cldap") {
        return Err(format!("`{scheme}` is not an LDAP URL scheme"));
    }
    if scheme != "ldap" && scheme != "ldaps" {
        return Err(format!("the server supports only `ldap` and `ldaps`, not `{scheme}`"));
    }

    let rest = &url[scheme_end + 3..];
    let (host_port, path) = match rest.find('/') {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest.split('?').next().unwrap_or_default(), None),
    };
    if let Some((_, port)) = host_port.rsplit_once(':').filter(|_| !host_port.ends_with(']')) {
        let valid = !port.is_empty()
            && port.bytes().all(|byte| byte.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|port| (1..=65535).contains(&port));
        if !valid {
            return Err(format!("`{port}` is not a port number"));
        }
    }
    let Some(path) = path else {
        return Ok(LdapUrl::default());
    };

    let mut parts = path.split('?');
    let _dn = parts.next();
    let attributes = parts.next().unwrap_or_default();
    let scope = parts.next().unwrap_or_default();
    let filter = parts.next().unwrap_or_default();
    if !matches!(
        scope.to_ascii_lowercase().as_str(),
        "" | "base"
            | "one"
            | "onelevel"
            | "sub"
            | "subtree"
            | "subord"
            | "subordinate"
            | "children"
    ) {
        return Err(format!("`{scope}` is not a search scope"));
    }
    Ok(LdapUrl { basedn: true, attribute: !attributes.is_empty(), filter: !filter.is_empty() })
}

/// The problems of a line's options taken together; `options` are the allowed ones, in
/// order, each split into name and value.
pub(super) fn check(
    options: &[(&Token, &str, &str)],
    method: AuthMethod,
    method_span: Span,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let anchor = options.last().map_or(method_span, |(token, _, _)| token.span);

    for &(token, name, value) in options {
        let problem = match name {
            "ldapport" if atoi(value) == 0 => {
                Some(format!("`{value}` is not a port number, so the server refuses the file."))
            }
            "ldapurl" => parse_ldap_url(value).err().map(|why| {
                format!("The server cannot read this LDAP URL ({why}), so it refuses the file.")
            }),
            "radiusports" => match split_list(value) {
                Some(ports) if ports.iter().all(|port| atoi(port) != 0) => None,
                _ => Some(format!(
                    "`radiusports` takes port numbers separated by commas, not `{value}`; the \
                    server refuses the file."
                )),
            },
            "radiusservers" | "radiussecrets" | "radiusidentifiers" => {
                split_list(value).is_none().then(|| {
                    format!(
                        "`{name}` is a comma-separated list with an empty or malformed item; \
                        the server refuses the file."
                    )
                })
            }
            _ => None,
        };
        if let Some(message) = problem {
            // A secret's value never goes into a message; the span stays on the option.
            problems.push(Problem { span: token.span, message });
        }
    }
    if !problems.is_empty() {
        return problems;
    }

    match method {
        AuthMethod::Ldap => check_ldap(options, anchor, &mut problems),
        AuthMethod::Radius => check_radius(options, anchor, &mut problems),
        _ => {}
    }
    problems
}

fn check_ldap(options: &[(&Token, &str, &str)], anchor: Span, problems: &mut Vec<Problem>) {
    let has = |wanted: &str| options.iter().any(|&(_, name, _)| name == wanted);
    let urls: Vec<LdapUrl> = options
        .iter()
        .filter(|&&(_, name, _)| name == "ldapurl")
        .filter_map(|&(_, _, value)| parse_ldap_url(value).ok())
        .collect();
    let from_url = |pick: fn(&LdapUrl) -> bool| urls.iter().any(pick);

    let simple_bind = has("ldapprefix") || has("ldapsuffix");
    let basedn = has("ldapbasedn") || from_url(|url| url.basedn);
    let attribute = has("ldapsearchattribute") || from_url(|url| url.attribute);
    let filter = has("ldapsearchfilter") || from_url(|url| url.filter);
    let search_bind = basedn || has("ldapbinddn") || has("ldapbindpasswd") || attribute || filter;

    let message = if simple_bind && search_bind {
        "This line mixes simple-bind options (`ldapprefix`, `ldapsuffix`) with search+bind \
        ones (`ldapbasedn`, `ldapbinddn`, `ldapsearchattribute`, …); the server refuses the \
        file. Keep one mode."
    } else if !simple_bind && !basedn {
        "`ldap` needs `ldapbasedn` (search+bind) or `ldapprefix`/`ldapsuffix` (simple bind); \
        the server refuses the file."
    } else if attribute && filter {
        "`ldapsearchattribute` and `ldapsearchfilter` cannot be used together (an `ldapurl` \
        can set either); the server refuses the file. Keep one."
    } else {
        return;
    };
    problems.push(Problem { span: anchor, message: message.to_string() });
}

fn check_radius(options: &[(&Token, &str, &str)], anchor: Span, problems: &mut Vec<Problem>) {
    // A repeated option replaces the earlier one.
    let list = |wanted: &str| {
        options
            .iter()
            .rev()
            .find(|&&(_, name, _)| name == wanted)
            .and_then(|&(_, _, value)| split_list(value))
    };
    let servers = list("radiusservers");
    let secrets = list("radiussecrets");

    let message = match (&servers, &secrets) {
        (None, _) => "`radius` needs `radiusservers`".to_string(),
        (_, None) => "`radius` needs `radiussecrets`".to_string(),
        (Some(servers), _) if servers.is_empty() => "`radiusservers` is empty".to_string(),
        (_, Some(secrets)) if secrets.is_empty() => "`radiussecrets` is empty".to_string(),
        (Some(servers), Some(secrets)) => {
            let count = servers.len();
            let fits = |length: usize, may_be_empty: bool| {
                length == 1 || length == count || may_be_empty && length == 0
            };
            let ports = list("radiusports").map_or(0, |ports| ports.len());
            let identifiers = list("radiusidentifiers").map_or(0, |ids| ids.len());
            if !fits(secrets.len(), false) {
                format!("{} RADIUS secrets for {count} servers: give one, or one per server", {
                    secrets.len()
                })
            } else if !fits(ports, true) {
                format!("{ports} RADIUS ports for {count} servers: give one, or one per server")
            } else if !fits(identifiers, true) {
                format!(
                    "{identifiers} RADIUS identifiers for {count} servers: give one, or one \
                    per server"
                )
            } else {
                return;
            }
        }
    };
    problems.push(Problem {
        span: anchor,
        message: format!("{message}; the server refuses the file."),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_lists_as_the_server_does() {
        assert_eq!((atoi("389"), atoi("3:89"), atoi(" -5x"), atoi("abc")), (389, 3, -5, 0));
        assert_eq!(split_list("a, \"b,c\" ,d"), Some(vec!["a".into(), "b,c".into(), "d".into()]));
        assert_eq!(split_list(""), Some(vec![]));
        assert_eq!(split_list("a,,b"), None);
        assert_eq!(split_list("a,"), None);
    }

    #[test]
    fn reads_ldap_urls_as_openldap_does() {
        let read = |url| parse_ldap_url(url).map(|url| (url.basedn, url.attribute, url.filter));
        assert_eq!(read("ldap://h/dc=x?uid?sub?(o=x)"), Ok((true, true, true)));
        assert_eq!(read("ldaps://h:636/dc=x"), Ok((true, false, false)));
        assert_eq!(read("ldap://h"), Ok((false, false, false)));
        assert!(read("not-a-url").is_err());
        assert!(read("ldapi://%2fsocket/dc=x").is_err());
        assert!(read("ldap://h:x/dc=x").is_err());
        assert!(read("ldap://h/dc=x??nowhere").is_err());
    }
}
