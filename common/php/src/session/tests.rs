use super::*;
use std::path::Path;

/// A binding: its name, its type and its keys with their values.
type Spec<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn bindings(root: &Path, list: &[Spec<'_>]) -> Bindings {
    for (name, kind, entries) in list {
        let dir = root.join(name);
        fs_err::create_dir_all(&dir).expect("mkdir");
        fs_err::write(dir.join("type"), kind).expect("type");
        for (key, value) in *entries {
            fs_err::write(dir.join(key), value).expect("key");
        }
    }
    Bindings::read(root).expect("bindings")
}

fn ini(store: SessionStore, entries: &[(&str, &str)]) -> Result<String, Error> {
    let root = tempfile::tempdir().expect("temp dir");
    let bindings = bindings(root.path(), &[("sessions", store.binding_type(), entries)]);
    let binding = store.binding(&bindings)?.expect("one binding");
    store.ini(binding)
}

fn error(store: SessionStore, entries: &[(&str, &str)]) -> String {
    let rendered = ini(store, entries).expect_err("a bad binding").render();
    // The binding's folder is a temporary one.
    rendered
        .lines()
        .filter(|line| !line.contains("/tmp"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn redis_settings_from_the_binding() {
    insta::assert_snapshot!(
        ini(
            SessionStore::Redis,
            &[("host", "redis.internal\n"), ("port", "6380"), ("password", "p&ss w?rd")]
        )
        .expect("ini"),
        @r"
    ; Made by stowage/php-redis-session-handler from the binding `sessions`.
    extension=igbinary
    extension=redis
    session.name = 'PHPSESSID'
    session.save_handler = 'redis'
    session.save_path = 'tcp://redis.internal:6380?auth=p%26ss%20w%3Frd'
    "
    );
    let text = ini(SessionStore::Redis, &[("hostname", "10.0.0.5")]).expect("ini");
    assert!(
        text.contains("session.save_path = 'tcp://10.0.0.5:6379'\n"),
        "{text}"
    );
}

#[test]
fn memcached_settings_from_the_binding() {
    insta::assert_snapshot!(
        ini(
            SessionStore::Memcached,
            &[("servers", "m1:11211,m2:11211"), ("username", "app"), ("password", "s3cr$t")]
        )
        .expect("ini"),
        @r"
    ; Made by stowage/php-memcached-session-handler from the binding `sessions`.
    extension=igbinary
    extension=msgpack
    extension=memcached
    session.name = 'PHPSESSID'
    session.save_handler = 'memcached'
    session.save_path = 'm1:11211,m2:11211'
    memcached.sess_binary_protocol = '1'
    memcached.sess_sasl_username = 'app'
    memcached.sess_sasl_password = 's3cr$t'
    "
    );
    let text = ini(SessionStore::Memcached, &[("servers", "m1:11211")]).expect("ini");
    assert!(!text.contains("sasl"), "{text}");
}

#[test]
fn a_binding_without_its_server_fails() {
    insta::assert_snapshot!(
        "redis_without_host",
        error(SessionStore::Redis, &[("port", "6379")])
    );
    insta::assert_snapshot!(
        "memcached_without_servers",
        error(SessionStore::Memcached, &[("servers", "  \n")])
    );
}

#[test]
fn values_php_ini_cannot_hold_fail() {
    insta::assert_snapshot!(
        "redis_bad_port",
        error(SessionStore::Redis, &[("host", "redis"), ("port", "six")])
    );
    insta::assert_snapshot!(
        "redis_bad_host",
        error(SessionStore::Redis, &[("host", "redis'; evil")])
    );
    insta::assert_snapshot!(
        "memcached_quote_in_password",
        error(
            SessionStore::Memcached,
            &[("servers", "m1"), ("username", "app"), ("password", "it's")]
        )
    );
    insta::assert_snapshot!(
        "memcached_half_credentials",
        error(
            SessionStore::Memcached,
            &[("servers", "m1"), ("password", "x")]
        )
    );
}

#[test]
fn one_binding_per_store() {
    let root = tempfile::tempdir().expect("temp dir");
    let bindings = bindings(
        root.path(),
        &[
            ("a", "php-redis-session", &[("host", "a")]),
            ("b", "PHP-Redis-Session", &[("host", "b")]),
            ("c", "php-memcached-session", &[("servers", "c")]),
        ],
    );
    assert_eq!(
        SessionStore::Memcached
            .binding(&bindings)
            .expect("one")
            .map(|b| b.name.as_str()),
        Some("c")
    );
    insta::assert_snapshot!(
        SessionStore::Redis
            .binding(&bindings)
            .expect_err("two")
            .render()
    );
}
