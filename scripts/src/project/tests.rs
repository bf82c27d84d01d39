use super::group::{Entry, Module, Order, read_order, resolve};
use super::*;

fn write(path: &Path, text: &str) {
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(path, text).expect("write");
}

/// A descriptor written as `name` in a fresh folder, parsed.
fn descriptor(text: &str) -> (tempfile::TempDir, Result<Descriptor, Error>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("project.toml");
    write(&path, text);
    let parsed = read(&path);
    (dir, parsed)
}

fn rendered(dir: &tempfile::TempDir, error: &Error) -> String {
    error
        .render()
        .replace(&dir.path().display().to_string(), "<dir>")
}

const V02: &str = r#"
[_]
schema-version = "0.2"
id = "io.buildpacks.my-app"
name = "My App"

[io.buildpacks]
exclude = ["notes.txt", "public/drafts/"]

[[io.buildpacks.build.env]]
name = "BP_WEB_SERVER"
value = "nginx"

[[io.buildpacks.build.env]]
name = "BP_WEB_SERVER_ROOT"
value = "public"

[[io.buildpacks.group]]
id = "stowage/nginx"

[[io.buildpacks.group]]
uri = "urn:cnb:builder:stowage/procfile@0.1.0"

[_.metadata]
owner = "web team"
"#;

#[test]
fn schema_0_2_reads_io_buildpacks() {
    let (_dir, parsed) = descriptor(V02);
    let descriptor = parsed.expect("valid");
    assert_eq!(descriptor.schema, "0.2");
    assert_eq!(
        descriptor.env,
        [("BP_WEB_SERVER", "nginx"), ("BP_WEB_SERVER_ROOT", "public")]
            .map(|(name, value)| (name.to_string(), value.to_string()))
    );
    assert_eq!(
        descriptor.files,
        Files::Exclude(vec!["notes.txt".into(), "public/drafts/".into()])
    );
    let ids: Vec<(&str, &str)> = descriptor
        .group
        .iter()
        .map(|entry| (entry.id.as_str(), entry.uri.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("stowage/nginx", ""),
            ("", "urn:cnb:builder:stowage/procfile@0.1.0")
        ]
    );
    assert!(descriptor.warnings.is_empty(), "{:?}", descriptor.warnings);
}

#[test]
fn schema_0_2_still_reads_the_old_env_key_pre_and_post() {
    let (_dir, parsed) = descriptor(
        r#"
[_]
schema-version = "0.2"
[[io.buildpacks.env.build]]
name = "BP_NODE_VERSION"
value = "22"
[[io.buildpacks.pre.group]]
id = "stowage/ca-certificates"
[[io.buildpacks.post.group]]
id = "stowage/image-labels"
version = "0.1.0"
"#,
    );
    let descriptor = parsed.expect("valid");
    assert_eq!(
        descriptor.env,
        [("BP_NODE_VERSION".to_string(), "22".to_string())]
    );
    assert_eq!(descriptor.pre[0].id, "stowage/ca-certificates");
    assert_eq!(descriptor.post[0].version, "0.1.0");
    assert!(descriptor.group.is_empty());
}

#[test]
fn schema_0_1_and_no_schema_read_build() {
    for header in ["", "[_]\nschema-version = \"0.1\"\n"] {
        let (_dir, parsed) = descriptor(&format!(
            r#"{header}
[project]
id = "my-app"
version = "1.0.0"

[build]
include = ["public/", "!public/drafts/"]

[[build.env]]
name = "BP_WEB_SERVER"
value = "httpd"

[[build.buildpacks]]
id = "stowage/httpd"
version = "0.1.0"

[[build.buildpacks]]
uri = "urn:cnb:builder"

[metadata]
anything = true
"#
        ));
        let descriptor = parsed.expect("valid");
        assert_eq!(descriptor.schema, "0.1");
        assert_eq!(
            descriptor.files,
            Files::Include(vec!["public/".into(), "!public/drafts/".into()])
        );
        assert_eq!(
            descriptor.env,
            [("BP_WEB_SERVER".to_string(), "httpd".to_string())]
        );
        assert_eq!(descriptor.group.len(), 2);
        assert_eq!(
            descriptor.warnings.len(),
            usize::from(header.is_empty()),
            "{:?}",
            descriptor.warnings
        );
    }
}

#[test]
fn keys_of_the_other_schema_are_ignored_with_a_warning() {
    let (_dir, parsed) = descriptor(
        "[_]\nschema-version = \"0.2\"\n[[build.env]]\nname = \"BP_X\"\nvalue = \"1\"\n",
    );
    let descriptor = parsed.expect("valid");
    assert!(descriptor.env.is_empty(), "0.2 does not read [build]");
    let summary = descriptor.summary(None);
    assert!(
        summary.contains("Warning: [build] is not part of schema 0.2 and is ignored"),
        "{summary}"
    );
    let (_dir, parsed) = descriptor_01_with_io();
    let descriptor = parsed.expect("valid");
    assert!(
        descriptor.files == Files::All,
        "0.1 does not read [io.buildpacks]"
    );
    assert!(
        descriptor
            .warnings
            .iter()
            .any(|warning| warning.starts_with("[io] is not part of schema 0.1")),
        "{:?}",
        descriptor.warnings
    );
}

fn descriptor_01_with_io() -> (tempfile::TempDir, Result<Descriptor, Error>) {
    descriptor("[io.buildpacks]\nexclude = [\"x\"]\n")
}

#[test]
fn descriptor_variables_are_lowest() {
    let (_dir, parsed) = descriptor(V02);
    let descriptor = parsed.expect("valid");
    // The caller's environment, env files and --env, already merged in that order.
    let user = BTreeMap::from([
        ("BP_WEB_SERVER".to_string(), "httpd".to_string()),
        ("BP_LOG_LEVEL".to_string(), "DEBUG".to_string()),
    ]);
    let vars = descriptor.with_user_env(&user);
    assert_eq!(vars["BP_WEB_SERVER"], "httpd", "the user's value wins");
    assert_eq!(
        vars["BP_WEB_SERVER_ROOT"], "public",
        "the descriptor's stays"
    );
    assert_eq!(vars["BP_LOG_LEVEL"], "DEBUG");
    assert_eq!(vars.len(), 3);
}

#[test]
fn error_messages() {
    let cases = [
        (
            "malformed",
            "[_]\nschema-version = \"0.2\"\n[io.buildpacks\n",
        ),
        (
            "wrong type",
            "[_]\nschema-version = \"0.2\"\n[io.buildpacks]\nexclude = \"notes.txt\"\n",
        ),
        ("unknown schema", "[_]\nschema-version = \"0.3\"\n"),
        (
            "include and exclude",
            "[_]\nschema-version = \"0.2\"\n[io.buildpacks]\ninclude = [\"a\"]\nexclude = []\n",
        ),
        (
            "include and exclude 0.1",
            "[build]\ninclude = [\"a\"]\nexclude = [\"[z-a]\"]\n",
        ),
        (
            "env name",
            "[[build.env]]\nname = \"MY VAR\"\nvalue = \"1\"\n",
        ),
        (
            "uri and version",
            "[[build.buildpacks]]\nuri = \"./bp\"\nversion = \"1\"\n",
        ),
        (
            "neither id nor uri",
            "[[build.buildpacks]]\nversion = \"1\"\n",
        ),
        (
            "inline",
            "[[build.buildpacks]]\nid = \"me/hello\"\n[build.buildpacks.script]\napi = \"0.10\"\ninline = \"echo hi\"\n",
        ),
        ("bad pattern", "[build]\nexclude = [\"[z-a]\"]\n"),
    ];
    for (name, text) in cases {
        let (dir, parsed) = descriptor(text);
        let error = parsed.expect_err(name);
        insta::assert_snapshot!(name.replace(' ', "_"), rendered(&dir, &error));
    }
}

#[test]
fn a_descriptor_is_found_next_to_the_app_or_where_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = dir.path().join("app");
    fs_err::create_dir_all(&app).expect("mkdir");
    assert_eq!(locate(&app, None).expect("none"), None);
    write(&app.join("project.toml"), "");
    write(&app.join("ci/other.toml"), "");
    assert_eq!(
        locate(&app, None).expect("default"),
        Some(app.join("project.toml"))
    );
    assert_eq!(
        locate(&app, Some(Path::new("ci/other.toml"))).expect("relative to the app"),
        Some(app.join("ci/other.toml"))
    );
    let absolute = app.join("ci/other.toml");
    assert_eq!(
        locate(Path::new("/nonexistent"), Some(&absolute)).expect("absolute"),
        Some(absolute)
    );
    let error = locate(&app, Some(Path::new("missing.toml"))).expect_err("missing");
    insta::assert_snapshot!(rendered(&dir, &error));
}

/// A tree with files include and exclude patterns pick from.
fn app_tree(root: &Path) {
    for file in [
        "project.toml",
        "README.md",
        "notes.txt",
        "debug.log",
        "keep.log",
        "public/index.html",
        "public/drafts/next.html",
        "public/assets/app.js",
        "docs/README.md",
    ] {
        write(&root.join(file), file);
    }
    std::os::unix::fs::symlink("index.html", root.join("public/home.html")).expect("link");
}

fn files_in(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs_err::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("under root");
                found.push(relative.display().to_string());
            }
        }
    }
    found.sort();
    found
}

fn copy_with(files: Files) -> (Vec<String>, usize, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = dir.path().join("app");
    app_tree(&app);
    let descriptor = Descriptor {
        path: app.join("project.toml"),
        schema: "0.2",
        env: Vec::new(),
        files,
        group: Vec::new(),
        pre: Vec::new(),
        post: Vec::new(),
        warnings: Vec::new(),
    };
    let dest = dir.path().join("workspace");
    write(&dest.join("stale"), "from the last build");
    let left_out = copy_app(&app, &dest, Some(&descriptor)).expect("copied");
    (files_in(&dest), left_out, dir)
}

#[test]
fn exclude_patterns_leave_files_out_as_gitignore_does() {
    let patterns = [
        "notes.txt",
        "*.log",
        "!keep.log",
        "public/drafts/",
        "/README.md",
    ];
    let (files, left_out, dir) = copy_with(Files::Exclude(patterns.map(String::from).to_vec()));
    assert_eq!(
        files,
        [
            "docs/README.md",
            "keep.log",
            "project.toml",
            "public/assets/app.js",
            "public/home.html",
            "public/index.html"
        ]
    );
    assert_eq!(
        left_out, 4,
        "notes.txt, debug.log, public/drafts, README.md"
    );
    let link = dir.path().join("workspace/public/home.html");
    assert_eq!(
        fs_err::read_link(link).expect("a link stays a link"),
        Path::new("index.html")
    );
}

#[test]
fn include_patterns_keep_only_the_files_they_match() {
    let patterns = ["public/", "!public/drafts/", "/README.md"];
    let (files, _, _dir) = copy_with(Files::Include(patterns.map(String::from).to_vec()));
    assert_eq!(
        files,
        [
            "README.md",
            "public/assets/app.js",
            "public/home.html",
            "public/index.html"
        ]
    );
}

#[test]
fn without_a_descriptor_every_file_is_copied_with_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let app = dir.path().join("app");
    app_tree(&app);
    fs_err::set_permissions(
        app.join("notes.txt"),
        std::fs::Permissions::from_mode(0o750),
    )
    .expect("chmod");
    let dest = dir.path().join("workspace");
    assert_eq!(copy_app(&app, &dest, None).expect("copied"), 0);
    assert_eq!(files_in(&dest), files_in(&app));
    let mode = fs_err::metadata(dest.join("notes.txt"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o750);
}

fn module(id: &str) -> Module {
    Module {
        id: id.to_string(),
        version: "0.1.0".to_string(),
    }
}

fn builder() -> (Vec<Module>, Order) {
    let modules = [
        "stowage/web-servers",
        "stowage/nodejs",
        "stowage/nginx",
        "stowage/procfile",
    ]
    .map(module)
    .to_vec();
    let group = |ids: &[&str]| -> Vec<Entry> {
        ids.iter()
            .map(|id| Entry {
                module: module(id),
                optional: false,
            })
            .collect()
    };
    let order = vec![group(&["stowage/web-servers"]), group(&["stowage/nodejs"])];
    (modules, order)
}

fn ids(order: &Order) -> Vec<Vec<String>> {
    order
        .iter()
        .map(|group| group.iter().map(|entry| entry.module.id.clone()).collect())
        .collect()
}

fn resolved(text: &str) -> (tempfile::TempDir, Result<Option<group::Resolved>, Error>) {
    let (dir, parsed) = descriptor(text);
    let (modules, order) = builder();
    let result = resolve(&parsed.expect("valid"), &modules, &order);
    (dir, result)
}

#[test]
fn a_group_replaces_the_builders_order() {
    let (_dir, result) = resolved(V02);
    let resolved = result.expect("resolves").expect("a group");
    assert_eq!(
        ids(&resolved.order),
        [["stowage/nginx", "stowage/procfile"]]
    );
    assert_eq!(
        resolved.describe(),
        "stowage/nginx@0.1.0, stowage/procfile@0.1.0 (instead of the builder's order)"
    );
}

#[test]
fn urn_cnb_builder_stands_for_the_builders_order_groups() {
    let (_dir, result) = resolved(
        "[[build.buildpacks]]\nid = \"stowage/procfile\"\n[[build.buildpacks]]\nuri = \"urn:cnb:builder\"\n[[build.buildpacks]]\nuri = \"stowage/nginx\"\n",
    );
    let order = result.expect("resolves").expect("a group").order;
    assert_eq!(
        ids(&order),
        [
            ["stowage/procfile", "stowage/web-servers", "stowage/nginx"],
            ["stowage/procfile", "stowage/nodejs", "stowage/nginx"]
        ]
    );
}

#[test]
fn pre_and_post_groups_go_around_each_builder_group() {
    let (_dir, result) = resolved(
        "[_]\nschema-version = \"0.2\"\n[[io.buildpacks.pre.group]]\nid = \"stowage/nginx\"\n[[io.buildpacks.post.group]]\nid = \"stowage/procfile\"\n",
    );
    let order = result.expect("resolves").expect("an order");
    assert_eq!(
        ids(&order.order),
        [
            ["stowage/nginx", "stowage/web-servers", "stowage/procfile"],
            ["stowage/nginx", "stowage/nodejs", "stowage/procfile"]
        ]
    );
    let (_dir, result) = resolved("[_]\nschema-version = \"0.2\"\n");
    assert_eq!(result.expect("resolves"), None, "the builder's order stays");
}

#[test]
fn buildpacks_the_builder_lacks_and_uris_it_cannot_take_are_refused() {
    let cases = [
        (
            "unknown id",
            "[[build.buildpacks]]\nid = \"paketo-buildpacks/nginx\"\n",
        ),
        (
            "wrong version",
            "[[build.buildpacks]]\nid = \"stowage/nginx\"\nversion = \"9.9.9\"\n",
        ),
        (
            "docker",
            "[[build.buildpacks]]\nuri = \"docker://gcr.io/paketo-buildpacks/nginx\"\n",
        ),
        (
            "registry",
            "[[build.buildpacks]]\nuri = \"urn:cnb:registry:paketo-buildpacks/nginx\"\n",
        ),
        (
            "https",
            "[[build.buildpacks]]\nuri = \"https://example.com/nginx.tgz\"\n",
        ),
    ];
    for (name, text) in cases {
        let (dir, result) = resolved(text);
        let error = result.expect_err(name);
        insta::assert_snapshot!(
            format!("refused_{}", name.replace(' ', "_")),
            rendered(&dir, &error)
        );
    }
}

#[test]
fn a_local_buildpack_folder_joins_the_group_and_the_builder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cnb = dir.path().join("cnb");
    let (modules, order) = builder();
    for module in &modules {
        write(
            &cnb.join("buildpacks")
                .join(module.id.replace('/', "_"))
                .join(&module.version)
                .join("buildpack.toml"),
            &format!(
                "api = \"0.10\"\n[buildpack]\nid = \"{}\"\nversion = \"{}\"\n",
                module.id, module.version
            ),
        );
    }
    write(&cnb.join("order.toml"), &group::order_toml(&order));
    let app = dir.path().join("app");
    write(
        &app.join("buildpacks/hello/buildpack.toml"),
        "api = \"0.10\"\n[buildpack]\nid = \"me/hello\"\nversion = \"1.2.3\"\n",
    );
    write(&app.join("buildpacks/hello/bin/build"), "#!/bin/sh\n");
    write(
        &app.join("project.toml"),
        "[[build.buildpacks]]\nuri = \"urn:cnb:builder:stowage/nginx\"\n[[build.buildpacks]]\nuri = \"buildpacks/hello\"\n",
    );
    let descriptor = read(&app.join("project.toml")).expect("valid");
    let described = apply_to_cnb(&descriptor, &cnb).expect("applied");
    assert_eq!(
        described.as_deref(),
        Some("stowage/nginx@0.1.0, me/hello@1.2.3 (instead of the builder's order)")
    );
    assert!(cnb.join("buildpacks/me_hello/1.2.3/bin/build").is_file());
    let written: toml::Table = fs_err::read_to_string(cnb.join("order.toml"))
        .expect("order")
        .parse()
        .expect("toml");
    assert_eq!(ids(&read_order(&written)), [["stowage/nginx", "me/hello"]]);

    // A group that does not resolve leaves the builder as it was.
    let before = fs_err::read_to_string(cnb.join("order.toml")).expect("order");
    write(
        &app.join("bad.toml"),
        "[[build.buildpacks]]\nid = \"me/missing\"\n",
    );
    let bad = read(&app.join("bad.toml")).expect("valid");
    assert!(apply_to_cnb(&bad, &cnb).is_err());
    assert_eq!(
        fs_err::read_to_string(cnb.join("order.toml")).expect("order"),
        before
    );

    // Without a group the builder's order stays.
    write(&app.join("empty.toml"), "");
    let empty = read(&app.join("empty.toml")).expect("valid");
    assert_eq!(apply_to_cnb(&empty, &cnb).expect("applied"), None);
}
