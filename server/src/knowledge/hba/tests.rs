//! The method and option tables against what a real PostgreSQL 15 said about each
//! combination (`server/data/hba/pg15-*.tsv`, made by `tests/hba/gen_pg_matrix.py`).

use super::*;

const METHODS_15: &str = include_str!("../../../data/hba/pg15-methods.tsv");
const OPTIONS_15: &str = include_str!("../../../data/hba/pg15-options.tsv");

fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table.lines().filter(|line| !line.starts_with('#')).map(|line| line.split('\t').collect())
}

#[test]
fn methods_and_connection_types_agree_with_postgres_15() {
    let mut checked = 0;
    for row in rows(METHODS_15) {
        let (method_name, conn_name, error) = (row[0], row[1], row[2]);
        if error.contains("not supported by this build") {
            continue;
        }
        let method = AuthMethod::from_name(method_name).unwrap();
        let conn_type = ConnType::from_name(conn_name).unwrap();
        let server_knows = !error.starts_with("invalid authentication method");
        assert_eq!(method.exists_in(15), server_knows, "{method_name}");
        if !server_knows {
            continue;
        }
        let server_refuses =
            error.contains("only supported on") || error.contains("not supported on");
        assert_eq!(
            method.refused_on(conn_type).is_some(),
            server_refuses,
            "{method_name} on {conn_name}: {error}"
        );
        checked += 1;
    }
    assert_eq!(checked, 72);
}

#[test]
fn options_agree_with_postgres_15() {
    let mut checked = 0;
    for row in rows(OPTIONS_15) {
        let (method_name, option_name, refused, error) = (row[0], row[1], row[2], row[3]);
        if error.contains("not supported by this build") {
            continue;
        }
        let method = AuthMethod::from_name(method_name).unwrap();
        let ours =
            AuthOption::find(option_name, 15).is_some_and(|option| option.allowed_with(method, 15));
        assert_eq!(ours, refused == "no", "{option_name} with {method_name}: {error}");
        checked += 1;
    }
    assert_eq!(checked, 29 * 13);
}

#[test]
fn newer_majors_add_oauth_and_its_options() {
    assert!(AuthMethod::OAuth.exists_in(18) && !AuthMethod::OAuth.exists_in(17));
    let map = AuthOption::find("map", 18).unwrap();
    assert!(map.allowed_with(AuthMethod::OAuth, 18) && !map.allowed_with(AuthMethod::OAuth, 17));
    assert!(AuthOption::find("issuer", 17).is_none() && AuthOption::find("issuer", 18).is_some());
    assert!(AuthOption::find("clientname", 13).is_none());
    assert_eq!(ConnType::HostGssEnc.since(), 12);
    let secrets: Vec<&str> = OPTIONS.iter().filter(|o| o.secret).map(|o| o.name).collect();
    assert_eq!(secrets, ["ldapbindpasswd", "radiussecrets"]);
}
