//! Yarn and pnpm for the tests of the yarn, pnpm, yarn-install, pnpm-install and yarn-start
//! buildpacks: the package manager tarballs from the npm registry (in the Node.js family's
//! artifacts, `stowage-dev artifacts nodejs`, beside the Node.js distributions), test
//! inventories serving them from file://, and node and the package managers unpacked once so
//! a test can put them on PATH, as node-engine and yarn/pnpm do for a real build.

use crate::artifact::sha256_hex;
use crate::direct::{PhaseOutput, Workspace};
use crate::node_artifacts::{self, newest_node};
use crate::support::{self, unpacked_once};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The Yarn release the yarn-berry fixture commits (`.yarnrc.yml` yarnPath).
pub const COMMITTED_BERRY: &str = "4.5.0";

/// The folder of `yarn-1.22.22.tgz`, `yarnpkg-cli-dist-4.18.1.tgz`, `pnpm-10.34.9.tgz`, ….
pub fn manager_artifacts() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(node_artifacts::artifacts_dir)
}

/// The tarball of `yarn` (classic for 1.x, `@yarnpkg/cli-dist` after) or `pnpm` `version`.
#[must_use]
pub fn tarball(id: &str, version: &str) -> PathBuf {
    let name = match (id, version.starts_with("1.")) {
        ("yarn", true) => format!("yarn-{version}.tgz"),
        ("yarn", false) => format!("yarnpkg-cli-dist-{version}.tgz"),
        _ => format!("{id}-{version}.tgz"),
    };
    manager_artifacts().join(name)
}

/// A test inventory for `id` with `versions`, from file://, in the field names of
/// dependency-metadata/yarn.toml and pnpm.toml.
#[must_use]
pub fn inventory(id: &str, versions: &[&str], default: &str) -> toml::Table {
    inventory_at(
        id,
        versions,
        default,
        &format!("file://{}", manager_artifacts().display()),
    )
}

/// The inventories of the `id` buildpack's test: only its own, from [`inventory`].
#[must_use]
pub fn inventories(id: &str, versions: &[&str], default: &str) -> BTreeMap<String, toml::Table> {
    BTreeMap::from([(id.to_string(), inventory(id, versions, default))])
}

/// Builds the `id` buildpack asked for `id` while building, and asserts that it passed.
#[allow(clippy::must_use_candidate)] // a test may only want the assertion
pub fn build_manager(workspace: &Workspace, id: &str) -> PhaseOutput {
    workspace.build_ok(&plan(&[(id, &[("build", true)])]))
}

/// Builds the installer with a `postinstall` script that fails, and asserts that the build
/// failed showing the script's own output; the caller checks the rest.
#[allow(clippy::must_use_candidate)] // a test may only want the assertions
pub fn build_with_failing_postinstall(workspace: &Workspace) -> PhaseOutput {
    let package = support::read(&workspace.app_dir.join("package.json")).replace(
        "\"prestart\"",
        "\"postinstall\": \"echo the postinstall step failed on purpose >&2 && exit 3\",\n    \"prestart\"",
    );
    workspace.app_file("package.json", &package);
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    assert!(
        output
            .stdout
            .contains("the postinstall step failed on purpose"),
        "{}",
        output.stdout
    );
    output
}

/// The packages in the installer's launch layer.
#[must_use]
pub fn launch_packages(workspace: &Workspace) -> Vec<String> {
    packages(
        &workspace
            .buildpack_layers()
            .join("launch-modules/node_modules"),
    )
}

/// The app runs with its launch packages, through its `node_modules` symlink: node in the app
/// folder can `require('ms')`.
pub fn assert_app_requires_ms(workspace: &Workspace) {
    let run = Command::new(node_bin(None).join("node"))
        .args(["-e", "console.log(require('ms')(60000))"])
        .current_dir(&workspace.app_dir)
        .output()
        .expect("node");
    assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), "1m");
}

/// The package manager's cache layer `cache` holds its downloads, and the launch layer's SBOM
/// lists `ms` and none of the devDependencies.
pub fn assert_cache_filled_and_launch_sbom(workspace: &Workspace, cache: &str) {
    let layers = workspace.buildpack_layers();
    assert!(
        fs_err::read_dir(layers.join(cache))
            .expect("cache layer")
            .next()
            .is_some(),
        "the {cache} layer holds the downloads"
    );
    let sbom = support::read(&layers.join("launch-modules.sbom.cdx.json"));
    assert!(sbom.contains("pkg:npm/ms@2.1.3"), "{sbom}");
    assert!(!sbom.contains("is-number"), "{sbom}");
}

/// The build layer holds every package and the launch layer only the dependencies (`ms`, not
/// the devDependency `is-number`); returns both `node_modules` folders.
pub fn assert_dev_dependencies_only_at_build(workspace: &Workspace) -> (PathBuf, PathBuf) {
    let layers = workspace.buildpack_layers();
    let build_modules = layers.join("build-modules/node_modules");
    let launch_modules = layers.join("launch-modules/node_modules");
    assert_eq!(packages(&build_modules), ["is-number", "ms"]);
    assert_eq!(
        packages(&launch_modules),
        ["ms"],
        "no devDependencies at launch"
    );
    (build_modules, launch_modules)
}

/// Builds the app `fixture` with node but no package manager on PATH: the build fails, and
/// the head of its error is returned with the paths made stable.
#[must_use]
pub fn error_without_manager_on_path(workspace: &Workspace, fixture: &str) -> String {
    copy_fixture(workspace, fixture);
    add_node(workspace, None);
    let output = workspace.build(&launch_only());
    assert_ne!(output.code, Some(0));
    stable_log(&output.error_head(), workspace)
}

/// What `<command> --version` prints from the `id` layer's `bin`, with node on PATH as
/// node-engine leaves it.
#[must_use]
pub fn installed_version(workspace: &Workspace, id: &str, command: &str) -> String {
    let bin = workspace.buildpack_layers().join(id).join("bin");
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        bin.display(),
        node_bin(None).display()
    );
    let output = Command::new(command)
        .arg("--version")
        .env_clear()
        .env("PATH", path)
        .env("HOME", workspace.root.path())
        .current_dir(workspace.root.path())
        .output()
        .unwrap_or_else(|error| panic!("run {command}: {error}"));
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// The same, with the tarballs served from `base_url` (e.g. a mirror of [`manager_artifacts`]).
#[must_use]
pub fn inventory_at(id: &str, versions: &[&str], default: &str, base_url: &str) -> toml::Table {
    let mut text = format!("[default-versions]\n{id} = \"{default}\"\n");
    for version in versions {
        let path = tarball(id, version);
        let sha256 = sha256_hex(&path);
        let file = path.file_name().expect("file name").to_string_lossy();
        let _ = write!(
            text,
            "\n[[dependencies]]\nid = \"{id}\"\nname = \"{name}\"\nversion = \"{version}\"\n\
             uri = \"{base_url}/{file}\"\nchecksum = \"sha256:{sha256}\"\nos = \"linux\"\n\
             stacks = [\"*\"]\nstrip-components = 1\npurl = \"pkg:npm/{id}@{version}\"\n\
             licenses = [\"MIT\"]\n",
            name = if id == "yarn" { "Yarn" } else { "pnpm" },
        );
    }
    text.parse().expect("inventory TOML")
}

/// Unpacks `archive` (a .tgz with one top folder) into a shared temp folder once.
fn unpacked(label: &str, archive: &Path) -> PathBuf {
    let name = format!("stowage-test-{label}-{}", &sha256_hex(archive)[..12]);
    unpacked_once(&name, archive)
}

/// The `bin` of Node.js `version` from the test artifacts (the newest when `None`).
pub fn node_bin(version: Option<&str>) -> PathBuf {
    node_artifacts::node_bin(&version.map_or_else(newest_node, String::from))
}

/// Node.js as node-engine leaves it for later buildpacks: its `bin` first on PATH,
/// `NODE_ENV=production` and `NODE_OPTIONS=--use-openssl-ca`, so downloads trust the system
/// CA store.
pub fn add_node(workspace: &Workspace, version: Option<&str>) {
    workspace.prepend_path(&node_bin(version));
    // node-engine's default: the image's packages leave devDependencies out.
    workspace.build_env("NODE_ENV", "production");
    workspace.build_env("NODE_OPTIONS", "--use-openssl-ca");
}

/// A `bin` holding the package manager's command (`yarn` or `pnpm`), as the yarn and pnpm
/// buildpacks lay it out.
#[must_use]
pub fn manager_bin(id: &str, version: &str) -> PathBuf {
    let package = unpacked(&format!("{id}-{version}"), &tarball(id, version));
    let target = if id == "yarn" { "yarn.js" } else { "pnpm.cjs" };
    let bin = package.join("bin");
    let script = bin.join(target);
    let mode = fs_err::metadata(&script)
        .expect("script")
        .permissions()
        .mode();
    fs_err::set_permissions(&script, std::fs::Permissions::from_mode(mode | 0o111)).expect("chmod");
    let link = bin.join(id);
    if fs_err::read_link(&link).ok().as_deref() != Some(Path::new(target)) {
        let _ = fs_err::remove_file(&link);
        let _ = std::os::unix::fs::symlink(target, &link);
    }
    bin
}

/// Copies `integration-tests/fixtures/<name>` into the workspace's app.
pub fn copy_fixture(workspace: &Workspace, name: &str) {
    support::copy_fixture(name, &workspace.app_dir);
}

/// Puts Yarn `version`'s single-file release at `.yarn/releases/yarn-<version>.cjs`, as
/// `yarn set version` does.
pub fn commit_yarn_release(app_dir: &Path, version: &str) {
    let package = unpacked(&format!("yarn-{version}"), &tarball("yarn", version));
    let releases = app_dir.join(".yarn/releases");
    fs_err::create_dir_all(&releases).expect("mkdir");
    fs_err::copy(
        package.join("bin/yarn.js"),
        releases.join(format!("yarn-{version}.cjs")),
    )
    .expect("copy release");
}

/// The detect rules yarn-install and pnpm-install share: it fails without package.json or
/// `lockfile`, and looks in the folder `BP_NODE_PROJECT_PATH` names. `workspace` makes a new
/// workspace of the installer.
pub fn check_installer_detect(workspace: fn() -> Workspace, lockfile: &str) {
    let only_package = workspace();
    only_package.app_file("package.json", "{}");
    assert_eq!(only_package.detect().0.code, Some(100), "no {lockfile}");
    let only_lockfile = workspace();
    only_lockfile.app_file(lockfile, "");
    assert_eq!(only_lockfile.detect().0.code, Some(100), "no package.json");

    let nested = workspace();
    nested.app_file("web/package.json", "{}");
    nested.app_file(&format!("web/{lockfile}"), "");
    assert_eq!(nested.detect().0.code, Some(100), "not at the top");
    nested.platform_env("BP_NODE_PROJECT_PATH", "web");
    let (output, _) = nested.detect();
    assert_eq!(output.code, Some(0), "{}", output.log());
}

/// The plan of an installer asked for `node_modules` while building and at launch.
#[must_use]
pub fn both() -> String {
    plan(&[
        ("node_modules", &[("build", true)]),
        ("node_modules", &[("launch", true)]),
    ])
}

/// The plan of an installer asked for `node_modules` at launch only.
#[must_use]
pub fn launch_only() -> String {
    plan(&[("node_modules", &[("launch", true)])])
}

/// The package names in a `node_modules`, sorted, without dot entries.
#[must_use]
pub fn packages(modules: &Path) -> Vec<String> {
    let mut names = support::names_in(modules);
    names.retain(|name| !name.starts_with('.'));
    names
}

/// A buildpack plan with one entry per `(name, [(flag, value)])`.
#[must_use]
pub fn plan(entries: &[(&str, &[(&str, bool)])]) -> String {
    let mut plan = String::new();
    for (name, flags) in entries {
        let _ = write!(plan, "[[entries]]\nname = \"{name}\"\n[entries.metadata]\n");
        for (flag, value) in *flags {
            let _ = writeln!(plan, "{flag} = {value}");
        }
        plan.push('\n');
    }
    plan
}

/// The log without temp paths, timings and the machine's versions, for snapshots.
pub fn stable_log(log: &str, workspace: &Workspace) -> String {
    let log = log
        .replace(&workspace.root.path().display().to_string(), "<workspace>")
        .replace(&manager_artifacts().display().to_string(), "<artifacts>");
    without_timings(&log)
}

/// `12ms`, `1.5s`, `0s` → `<time>`: durations differ from run to run.
fn without_timings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.');
        if starts_word && chars[i].is_ascii_digit() {
            let mut end = i;
            while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
                end += 1;
            }
            let unit = if chars.get(end..end + 2) == Some(&['m', 's']) {
                2
            } else {
                usize::from(chars.get(end) == Some(&'s'))
            };
            let ends_word = chars.get(end + unit).is_none_or(|c| !c.is_alphanumeric());
            if unit > 0 && ends_word {
                out.push_str("<time>");
                i = end + unit;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}
