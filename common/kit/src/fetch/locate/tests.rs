use super::*;
use crate::bindings::Binding;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const HEX: &str = "5a4dcb3b1fdec5a4b3bd68ab0c4e4e6c2df1b8e1e7e5dd3b8a4b6c7d8e9f0a1b";

fn node() -> Dependency {
    toml::from_str(&format!(
        r#"
        id = "node"
        version = "24.18.1"
        uri = "https://nodejs.org/dist/v24.18.1/node-v24.18.1-linux-x64.tar.xz?x=1"
        checksum = "sha256:{HEX}"
        "#
    ))
    .expect("dependency")
}

/// A binding on disk, since keys are read from files.
fn binding(root: &Path, name: &str, kind: &str, keys: &[(&str, &str)]) -> Binding {
    let path = root.join(name);
    fs::create_dir_all(&path).expect("binding dir");
    let mut entries = BTreeMap::new();
    for (key, value) in keys {
        let file = path.join(key.replace(':', "-colon-"));
        fs::write(&file, value).expect("key");
        entries.insert((*key).to_string(), file);
    }
    Binding {
        name: name.to_string(),
        kind: kind.to_string(),
        provider: None,
        path,
        entries,
    }
}

fn env(pairs: &[(&str, &str)]) -> libcnb::Env {
    let mut env = libcnb::Env::new();
    for (key, value) in pairs {
        env.insert(key, value);
    }
    env
}

#[test]
fn mapping_beats_mirror_beats_uri() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror_env = env(&[("BP_DEPENDENCY_MIRROR", "https://mirror.corp/all")]);
    let mapping = binding(
        dir.path(),
        "offline",
        "dependency-mapping",
        &[(
            &format!("sha256:{}", HEX.to_uppercase()),
            "file:///deps/node.tar.xz\n",
        )],
    );
    let with_mapping: Bindings = [mapping].into_iter().collect();

    let mapped = locate(&node(), &mirror_env, &with_mapping).expect("mapped");
    assert_eq!(mapped.uri, "file:///deps/node.tar.xz");
    assert_eq!(mapped.source, Source::Mapping);
    assert_eq!(mapped.reason, r#"dependency-mapping binding "offline""#);

    let mirrored = locate(&node(), &mirror_env, &Bindings::default()).expect("mirrored");
    assert_eq!(
        mirrored.uri,
        "https://mirror.corp/all/dist/v24.18.1/node-v24.18.1-linux-x64.tar.xz?x=1"
    );
    assert_eq!(mirrored.reason, "mirror from BP_DEPENDENCY_MIRROR");

    let upstream = locate(&node(), &env(&[]), &Bindings::default()).expect("upstream");
    assert_eq!(upstream, Location::upstream(&node()));
    assert_eq!(upstream.reason, "upstream");
}

#[test]
fn mapping_keys_take_three_spellings_and_must_match_the_checksum() {
    let dir = tempfile::tempdir().expect("tempdir");
    for key in [
        HEX.to_string(),
        format!("sha256:{HEX}"),
        format!("sha256_{HEX}"),
    ] {
        let mapping = binding(
            dir.path(),
            "m",
            "dependency-mapping",
            &[(&key, "https://copy/n.tgz")],
        );
        let bindings: Bindings = [mapping].into_iter().collect();
        let location = locate(&node(), &env(&[]), &bindings).expect("located");
        assert_eq!(location.uri, "https://copy/n.tgz", "key {key}");
    }
    let other = binding(
        dir.path(),
        "o",
        "dependency-mapping",
        &[(&format!("sha512_{HEX}"), "https://x/y")],
    );
    let bindings: Bindings = [other].into_iter().collect();
    assert_eq!(
        locate(&node(), &env(&[]), &bindings)
            .expect("upstream")
            .source,
        Source::Upstream
    );
}

#[test]
fn host_mirror_beats_default_and_env_beats_binding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror = binding(
        dir.path(),
        "mirrors",
        "dependency-mirror",
        &[
            ("default", "https://binding-default"),
            ("nodejs.org", "https://binding-host"),
        ],
    );
    let bindings: Bindings = [mirror].into_iter().collect();
    let reason = |pairs: &[(&str, &str)], bindings: &Bindings| {
        let location = locate(&node(), &env(pairs), bindings).expect("located");
        (
            location
                .uri
                .split("/dist")
                .next()
                .unwrap_or_default()
                .to_string(),
            location.reason,
        )
    };

    assert_eq!(
        reason(
            &[("BP_DEPENDENCY_MIRROR", "https://env-default")],
            &bindings
        ),
        (
            "https://binding-host".to_string(),
            r#"mirror from dependency-mirror binding "mirrors" (key nodejs.org)"#.to_string()
        ),
        "a host-specific mirror wins over a default one"
    );
    assert_eq!(
        reason(
            &[("BP_DEPENDENCY_MIRROR_NODEJS_ORG", "https://env-host")],
            &bindings
        ),
        (
            "https://env-host".to_string(),
            "mirror from BP_DEPENDENCY_MIRROR_NODEJS_ORG".to_string()
        )
    );
    let defaults_only: Bindings = [binding(
        dir.path(),
        "d",
        "dependency-mirror",
        &[("default", "https://binding-default")],
    )]
    .into_iter()
    .collect();
    assert_eq!(
        reason(
            &[("BP_DEPENDENCY_MIRROR", "https://env-default")],
            &defaults_only
        )
        .0,
        "https://env-default"
    );
    assert_eq!(reason(&[], &defaults_only).0, "https://binding-default");
}

#[test]
fn host_names_are_escaped_for_variables() {
    assert_eq!(
        mirror::variable_for_host("download.my-host.example.com"),
        "BP_DEPENDENCY_MIRROR_DOWNLOAD_MY__HOST_EXAMPLE_COM"
    );
    let mut dependency = node();
    dependency.uri = "https://get.my-repo.io/a/b.zip".to_string();
    let location = locate(
        &dependency,
        &env(&[(
            "BP_DEPENDENCY_MIRROR_GET_MY__REPO_IO",
            "https://m.corp/repo/",
        )]),
        &Bindings::default(),
    )
    .expect("mirrored");
    assert_eq!(location.uri, "https://m.corp/repo/a/b.zip");
}

#[test]
fn original_host_is_substituted() {
    let location = locate(
        &node(),
        &env(&[("BP_DEPENDENCY_MIRROR", "https://mirror.corp/{originalHost}")]),
        &Bindings::default(),
    )
    .expect("mirrored");
    assert_eq!(
        location.uri,
        "https://mirror.corp/nodejs.org/dist/v24.18.1/node-v24.18.1-linux-x64.tar.xz?x=1"
    );
    let local = locate(
        &node(),
        &env(&[("BP_DEPENDENCY_MIRROR", "file:///deps/{originalHost}")]),
        &Bindings::default(),
    )
    .expect("mirrored");
    assert_eq!(
        local.uri,
        "file:///deps/nodejs.org/dist/v24.18.1/node-v24.18.1-linux-x64.tar.xz?x=1"
    );
}

#[test]
fn offline_file_uris_are_not_mirrored() {
    let mut dependency = node();
    dependency.uri = "file:///buildpack/deps/node.tar.xz".to_string();
    let location = locate(
        &dependency,
        &env(&[("BP_DEPENDENCY_MIRROR", "https://mirror.corp")]),
        &Bindings::default(),
    )
    .expect("upstream");
    assert_eq!(location.source, Source::Upstream);
    assert_eq!(location.reason, "local file", "not labelled upstream");
}

#[test]
fn invalid_mirror_names_the_variable() {
    let error = locate(
        &node(),
        &env(&[("BP_DEPENDENCY_MIRROR", "mirror.corp/node")]),
        &Bindings::default(),
    )
    .expect_err("no scheme");
    insta::assert_snapshot!(error.render());
}

#[test]
fn invalid_mirror_names_the_binding_and_hides_credentials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror = binding(
        dir.path(),
        "corp-mirror",
        "dependency-mirror",
        &[("nodejs.org", "ftp://user:pw@m.corp/x")],
    );
    let bindings: Bindings = [mirror].into_iter().collect();
    let error = locate(&node(), &env(&[]), &bindings).expect_err("ftp");
    insta::assert_snapshot!(error.render());
}

#[test]
fn two_mirror_bindings_are_ambiguous() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bindings: Bindings = [
        binding(
            dir.path(),
            "one",
            "dependency-mirror",
            &[("default", "https://a")],
        ),
        binding(
            dir.path(),
            "two",
            "dependency-mirror",
            &[("default", "https://b")],
        ),
    ]
    .into_iter()
    .collect();
    let error = locate(&node(), &env(&[]), &bindings).expect_err("ambiguous");
    insta::assert_snapshot!(error.render());
}

#[test]
fn invalid_mapping_names_the_binding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mapping = binding(
        dir.path(),
        "offline",
        "dependency-mapping",
        &[(HEX, "  \n")],
    );
    let bindings: Bindings = [mapping].into_iter().collect();
    let error = locate(&node(), &env(&[]), &bindings).expect_err("empty");
    insta::assert_snapshot!(error.render());
}
