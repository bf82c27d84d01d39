//! `BP_COMPOSER_INSTALL_GLOBAL` with the test environment's Debian PHP and Composer: a tool
//! from a path repository of the app lands in the `composer-global` layer, on `PATH` for the
//! app's own install and the later buildpacks; an unknown package fails with Composer's words.

// Each test binary is linked against all of the package's dependencies and dev-dependencies,
// most of which only the buildpack or other test files use.
#![allow(unused_crate_dependencies)]

use integration_tests::direct::Workspace;
use integration_tests::lifecycle::test_env;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const PLAN: &str = "[[entries]]\nname = \"composer-packages\"\n";

/// The first file under `dir` (two levels deep) whose name starts with `prefix` and ends
/// with `suffix`.
fn find(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    for entry in fs_err::read_dir(dir).expect("artifacts").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if let Some(found) = fs_err::read_dir(&path)
                .expect("dir")
                .flatten()
                .map(|inner| inner.path())
                .find(|inner| {
                    let name = inner.file_name().unwrap_or_default().to_string_lossy();
                    name.starts_with(prefix) && name.ends_with(suffix)
                })
            {
                return found;
            }
        } else if name.starts_with(prefix) && name.ends_with(suffix) {
            return path;
        }
    }
    panic!("no {prefix}*{suffix} in {}", dir.display());
}

/// PHP and Composer as php-dist and composer would leave them: both on `PATH`, the
/// extension folder and an ini loading what Composer needs to start.
fn workspace(tools: &Path, app_json: &str) -> Workspace {
    let artifacts = PathBuf::from(test_env("STOWAGE_TEST_PHP_ARTIFACTS"));
    let tarball = find(&artifacts, "php-", ".tar.gz");
    let phar = find(&artifacts.join(".."), "composer-", ".phar");
    let unpacked = Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(tools)
        .status()
        .expect("tar");
    assert!(unpacked.success());
    let php = tools.join("php");
    let extensions = fs_err::read_dir(php.join("lib/php/extensions"))
        .expect("extensions")
        .flatten()
        .next()
        .expect("one extension folder")
        .path();
    let ini = tools.join("ini");
    fs_err::create_dir_all(&ini).expect("ini dir");
    fs_err::write(
        ini.join("php.ini"),
        format!(
            "extension_dir = \"{}\"\nextension = phar.so\nextension = iconv.so\n\
             extension = ctype.so\nextension = tokenizer.so\n",
            extensions.display()
        ),
    )
    .expect("ini");
    let bin = tools.join("composer-bin");
    fs_err::create_dir_all(&bin).expect("bin");
    fs_err::copy(&phar, bin.join("composer")).expect("phar");
    fs_err::set_permissions(bin.join("composer"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");

    let workspace = integration_tests::workspace!("composer-install");
    workspace.prepend_path(&php.join("bin"));
    workspace.prepend_path(&bin);
    workspace.build_env("PHP_EXTENSION_DIR", &extensions.display().to_string());
    workspace.build_env("PHP_INI_SCAN_DIR", &ini.display().to_string());
    workspace.app_file("composer.json", app_json);
    workspace.app_file(
        "composer.lock",
        r#"{"content-hash": "", "packages": [], "packages-dev": [], "aliases": [],
            "minimum-stability": "stable", "stability-flags": [], "prefer-stable": false,
            "prefer-lowest": false, "platform": [], "platform-dev": [],
            "plugin-api-version": "2.3.0"}"#,
    );
    workspace
}

#[test]
fn a_tool_from_the_apps_path_repository_is_installed_globally_and_on_path() {
    let tools = tempfile::tempdir().expect("temp dir");
    let workspace = workspace(
        tools.path(),
        r#"{
            "repositories": [{"type": "path", "url": "tools/acme-tool"}, {"packagist.org": false}],
            "scripts": {"post-install-cmd": "acme-tool"}
        }"#,
    );
    workspace.app_file(
        "tools/acme-tool/composer.json",
        r#"{"name": "acme/tool", "version": "1.2.0", "bin": ["bin/acme-tool"]}"#,
    );
    workspace.app_file(
        "tools/acme-tool/bin/acme-tool",
        "#!/bin/sh\necho \"acme-tool ran from $0\"\n",
    );
    let script = workspace.app_dir.join("tools/acme-tool/bin/acme-tool");
    fs_err::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    workspace.platform_env("BP_COMPOSER_INSTALL_GLOBAL", "acme/tool");

    let output = workspace.build_ok(PLAN);
    let layer = workspace.buildpack_layers().join("composer-global");
    let bin = layer.join("vendor/bin");
    assert!(bin.join("acme-tool").is_file(), "{}", output.log());
    assert!(
        output.stdout.contains("Locking acme/tool (1.2.0)"),
        "{}",
        output.stdout
    );
    // The app's own install ran the tool by name: found through the global layer's
    // vendor/bin (Composer's proxy there runs the package's script).
    let ran = layer.join("vendor/acme/tool/bin/acme-tool");
    assert!(
        output
            .stdout
            .contains(&format!("acme-tool ran from {}", ran.display())),
        "{}",
        output.stdout
    );
    let path = fs_err::read_to_string(layer.join("env.build/PATH.prepend")).expect("PATH");
    assert_eq!(path, bin.display().to_string());
    assert!(!layer.join("env.launch").exists());
    let toml = fs_err::read_to_string(workspace.buildpack_layers().join("composer-global.toml"))
        .expect("layer toml");
    assert!(
        toml.contains("build = true") && toml.contains("launch = false"),
        "{toml}"
    );
}

#[test]
fn an_unknown_global_package_fails_with_composers_own_words() {
    let tools = tempfile::tempdir().expect("temp dir");
    let workspace = workspace(
        tools.path(),
        r#"{"repositories": [{"packagist.org": false}]}"#,
    );
    workspace.platform_env("BP_COMPOSER_INSTALL_GLOBAL", "acme/nowhere");
    let output = workspace.build(PLAN);
    assert_eq!(output.code, Some(1), "{}", output.log());
    let error = format!("{}{}", output.error_head(), output.error_detail());
    assert!(error.contains("composer-install/global-failed"), "{error}");
    assert!(
        error.contains("Could not find a matching version of package acme/nowhere")
            || error.contains("could not find package acme/nowhere"),
        "{error}"
    );
    assert!(error.contains("BP_COMPOSER_INSTALL_GLOBAL"), "{error}");
}
