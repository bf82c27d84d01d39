//! PHP artifacts: Debian 12's PHP 8.2 (the CLI, FPM and the common extensions), fetched with
//! apt, unpacked with dpkg-deb and repacked in the layout of Paketo's PHP tarball under one
//! top folder `php/`: `bin/php`, `sbin/php-fpm`, `lib/php/extensions/no-debug-non-zts-<api>/`
//! (every extension a shared module, loaded only by `extension=` lines, as Paketo's are),
//! `etc/php.ini-production`, `etc/php-fpm.conf.default` and `etc/php-fpm.d/www.conf.default`.
//!
//! Libraries the binaries or extensions link that the run image (Debian 12 minbase with
//! libssl3) lacks are packed into `lib/`, and every ELF file gets a RUNPATH relative to itself
//! (`$ORIGIN/../lib`): the distribution runs wherever it is unpacked, for any process that
//! starts PHP, without an `LD_LIBRARY_PATH` that would leak into the app's other programs.
//! Composer is built beside it (`composer.rs`).
//!
//! Cache folder: `php/<Debian version>/` with the archive and its `.sha256`.

mod composer;

use super::deb::upstream_version;
use super::elf_libs::{self, output_of};
use super::{Cache, deb, debian_distribution, no_arguments, pack_distribution, sidecar};
use crate::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use composer::composer_archive_name;

/// Extensions whose loading the assembly checks (`php -m`): together they link most of the
/// packed libraries.
/// `igbinary` and `msgpack` come before `redis` and `memcached`, which need them loaded.
const CHECKED_EXTENSIONS: &[&str] = &[
    "mbstring",
    "intl",
    "gd",
    "curl",
    "zip",
    "xml",
    "pgsql",
    "sqlite3",
    "readline",
    "igbinary",
    "msgpack",
    "redis",
    "memcached",
];

/// The recipe's revision, in the cache folder's name: a change to what the archive holds
/// bumps it, so caches assembled by an older recipe are not reused.
const CACHE_FOLDER: &str = "php-r2";

/// The PHP minor Debian 12 ships, the package name prefix.
const MINOR: &str = "8.2";

/// The Debian packages of the distribution: the SAPIs, the common modules and the extension
/// packages most apps ask for.
const PACKAGES: &[&str] = &[
    "php8.2-cli",
    "php8.2-fpm",
    "php8.2-common",
    "php8.2-opcache",
    "php8.2-readline",
    "php8.2-curl",
    "php8.2-mbstring",
    "php8.2-xml",
    "php8.2-zip",
    "php8.2-intl",
    "php8.2-gd",
    "php8.2-bcmath",
    "php8.2-sqlite3",
    "php8.2-mysql",
    "php8.2-pgsql",
];

/// The session handlers' extensions and what they need, built from their own Debian sources
/// (so at their own versions, apt's candidates).
const SESSION_PACKAGES: &[&str] = &[
    "php8.2-igbinary",
    "php8.2-msgpack",
    "php8.2-redis",
    "php8.2-memcached",
];

/// `php-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(debian_version: &str) -> String {
    format!("php-{debian_version}-linux-amd64.tar.gz")
}

/// The family's set: the PHP apt offers now and a Composer phar run by it. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments("php", "it assembles the PHP apt offers", args)?;
    let version = deb::candidate(&format!("php{MINOR}-cli"))?;
    let archive = distribution(cache, &version)?;
    let phar = composer::distribution(cache, &archive)?;
    let mut files = Vec::new();
    for file in [archive, phar] {
        files.push(sidecar(&file));
        files.push(file);
    }
    cache.set("php", &files)
}

/// The archive of `debian_version`, assembled once and cached.
pub fn distribution(cache: &Cache, debian_version: &str) -> Result<PathBuf> {
    let name = archive_name(debian_version);
    debian_distribution(cache, CACHE_FOLDER, "PHP", debian_version, &name, |work| {
        build(work, debian_version)
    })
}

fn build(work: &Path, debian_version: &str) -> Result<PathBuf> {
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let root = work.join("root");
    for package in PACKAGES {
        deb::extract(&deb::download(package, debian_version, &download)?, &root)?;
    }
    for package in SESSION_PACKAGES {
        let version = deb::candidate(package)?;
        deb::extract(&deb::download(package, &version, &download)?, &root)?;
    }
    // The libraries: the `lib*` packages the PHP packages depend on, but the run image's; what
    // PHP, FPM and the extensions link of them is packed (elf_libs).
    let mut libraries = Vec::new();
    for package in PACKAGES.iter().chain(SESSION_PACKAGES) {
        libraries.extend(elf_libs::library_packages(package)?);
    }
    libraries.sort();
    libraries.dedup();
    for file in elf_libs::download_all(&libraries, &download.join("libraries"))? {
        deb::extract(&file, &root)?;
    }
    let stage = work.join("stage");
    lay_out(&root, &stage)?;
    let home = stage.join("php");
    let mut elves = vec![home.join("bin/php"), home.join("sbin/php-fpm")];
    for entry in fs_err::read_dir(extension_dir(&home)?)? {
        elves.push(entry?.path());
    }
    elf_libs::pack(&root, &elves, &home.join("lib"))?;
    pack_distribution(work, &stage, "php", &archive_name(debian_version), |home| {
        check_runs(home, upstream_version(debian_version), work)
    })
}

/// The extension API folder of the unpacked packages (`usr/lib/php/20220829`).
fn api_dir(root: &Path) -> Result<PathBuf> {
    let mut apis = Vec::new();
    for entry in fs_err::read_dir(root.join("usr/lib/php"))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.len() == 8 && name.bytes().all(|byte| byte.is_ascii_digit()) {
            apis.push(entry.path());
        }
    }
    match apis.as_slice() {
        [one] => Ok(one.clone()),
        _ => {
            Err(format!("expected one extension API folder in usr/lib/php, found {apis:?}").into())
        }
    }
}

/// Moves the binaries, the extensions and the configuration from `root` (unpacked packages)
/// to `stage/php`, in the upstream layout.
pub fn lay_out(root: &Path, stage: &Path) -> Result<()> {
    let home = stage.join("php");
    let api = api_dir(root)?;
    let api_name = api
        .file_name()
        .ok_or("no API folder name")?
        .to_string_lossy();
    let extensions = home.join(format!("lib/php/extensions/no-debug-non-zts-{api_name}"));
    for dir in ["bin", "sbin", "etc/php-fpm.d"] {
        fs_err::create_dir_all(home.join(dir))?;
    }
    fs_err::create_dir_all(&extensions)?;
    for (from, to) in [
        (format!("usr/bin/php{MINOR}"), "bin/php"),
        (format!("usr/sbin/php-fpm{MINOR}"), "sbin/php-fpm"),
        (
            format!("usr/lib/php/{MINOR}/php.ini-production"),
            "etc/php.ini-production",
        ),
        (
            format!("usr/lib/php/{MINOR}/php.ini-development"),
            "etc/php.ini-development",
        ),
    ] {
        let from = root.join(&from);
        if !from.is_file() {
            return Err(format!("the packages have no {}", from.display()).into());
        }
        fs_err::copy(&from, home.join(to))?;
    }
    for entry in fs_err::read_dir(&api)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs_err::copy(entry.path(), extensions.join(entry.file_name()))?;
        }
    }
    let fpm = root.join(format!("etc/php/{MINOR}/fpm"));
    let conf = fs_err::read_to_string(fpm.join("php-fpm.conf"))?;
    fs_err::write(
        home.join("etc/php-fpm.conf.default"),
        upstream_fpm_conf(&conf),
    )?;
    let pool = fs_err::read_to_string(fpm.join("pool.d/www.conf"))?;
    fs_err::write(
        home.join("etc/php-fpm.d/www.conf.default"),
        upstream_pool(&pool),
    )?;
    let copyright = root.join(format!("usr/share/doc/php{MINOR}-common/copyright"));
    if copyright.is_file() {
        fs_err::copy(&copyright, home.join("LICENSE"))?;
    }
    Ok(())
}

/// Debian's `php-fpm.conf` with upstream's paths: relative to FPM's prefix, not `/run` and
/// `/etc/php/8.2`.
fn upstream_fpm_conf(debian: &str) -> String {
    rewrite(debian, |key| match key {
        "pid" => Some(";pid = run/php-fpm.pid"),
        "error_log" => Some(";error_log = log/php-fpm.log"),
        "include" => Some("include=etc/php-fpm.d/*.conf"),
        _ => None,
    })
}

/// Debian's `www.conf` pool with upstream's defaults: user nobody, TCP port 9000.
fn upstream_pool(debian: &str) -> String {
    rewrite(debian, |key| match key {
        "user" => Some("user = nobody"),
        // Debian has no group `nobody`; FPM then takes the user's group.
        "group" => Some(";group = nobody"),
        "listen" => Some("listen = 127.0.0.1:9000"),
        "listen.owner" => Some(";listen.owner = nobody"),
        "listen.group" => Some(";listen.group = nobody"),
        _ => None,
    })
}

/// Replaces each active `key = value` line whose key `with` knows.
fn rewrite(text: &str, with: impl Fn(&str) -> Option<&'static str>) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let key = line.split_once('=').map(|(key, _)| key.trim());
        match key.filter(|_| !line.starts_with(';')).and_then(&with) {
            Some(replacement) => out.push_str(replacement),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `php -v` names the version; `php -m` lists mbstring, intl and gd when enabled by ini
/// lines (their libraries found through the RUNPATH alone); `php-fpm -t` accepts a pool.
fn check_runs(home: &Path, version: &str, work: &Path) -> Result<()> {
    let php = home.join("bin/php");
    let said = output_of(Command::new(&php).args(["-n", "-v"]), "php -v")?;
    if !said.contains(&format!("PHP {version}")) {
        return Err(format!("php -v said '{said}', not PHP {version}").into());
    }
    let extension_dir = extension_dir(home)?;
    let mut modules = Command::new(&php);
    modules
        .arg("-n")
        .arg("-d")
        .arg(format!("extension_dir={}", extension_dir.display()));
    for extension in CHECKED_EXTENSIONS {
        modules.arg("-d").arg(format!("extension={extension}"));
    }
    let said = output_of(modules.env_clear().arg("-m"), "php -m")?;
    for extension in CHECKED_EXTENSIONS {
        if !said
            .lines()
            .any(|line| line.eq_ignore_ascii_case(extension))
            || said.contains("Warning")
        {
            return Err(format!("php -m did not load {extension}: {said}").into());
        }
    }
    let check = work.join("fpm-check");
    fs_err::create_dir_all(&check)?;
    let conf = check.join("php-fpm.conf");
    fs_err::write(
        &conf,
        format!(
            "[global]\npid = {0}/php-fpm.pid\nerror_log = {0}/php-fpm.log\n\
             include={1}/etc/php-fpm.d/www.conf.default\n",
            check.display(),
            home.display()
        ),
    )?;
    output_of(
        Command::new(home.join("sbin/php-fpm"))
            .arg("-n")
            .arg("-t")
            .arg("-R")
            .arg("-y")
            .arg(&conf)
            .arg("-p")
            .arg(&check)
            .env_clear(),
        "php-fpm -t",
    )?;
    Ok(())
}

/// `<home>/lib/php/extensions/no-debug-non-zts-<api>`.
pub(crate) fn extension_dir(home: &Path) -> Result<PathBuf> {
    let base = home.join("lib/php/extensions");
    fs_err::read_dir(&base)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("no-debug-non-zts-"))
        })
        .ok_or_else(|| format!("no no-debug-non-zts-* folder in {}", base.display()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::test_support::write_tree;

    #[test]
    fn versions_and_names() {
        assert_eq!(
            archive_name("8.2.36-1~deb12u1"),
            "php-8.2.36-1~deb12u1-linux-amd64.tar.gz"
        );
    }

    #[test]
    fn fpm_configuration_gets_upstream_paths() {
        let conf = upstream_fpm_conf(
            "[global]\npid = /run/php/php8.2-fpm.pid\n;pid = x\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n",
        );
        assert_eq!(
            conf,
            "[global]\n;pid = run/php-fpm.pid\n;pid = x\ninclude=etc/php-fpm.d/*.conf\n"
        );
        let pool = upstream_pool(
            "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\n",
        );
        // Debian has no group `nobody`: FPM would refuse the pool.
        assert_eq!(
            pool,
            "[www]\nuser = nobody\n;group = nobody\nlisten = 127.0.0.1:9000\n"
        );
    }

    /// Unpacked packages in miniature become the upstream layout.
    #[test]
    fn the_stage_has_the_upstream_layout() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        write_tree(
            &root,
            &[
                ("usr/bin/php8.2", "elf"),
                ("usr/sbin/php-fpm8.2", "elf"),
                ("usr/lib/php/20220829/mbstring.so", "so"),
                ("usr/lib/php/8.2/php.ini-production", "[PHP]"),
                ("usr/lib/php/8.2/php.ini-development", "[PHP]"),
                ("etc/php/8.2/fpm/php-fpm.conf", "[global]"),
                ("etc/php/8.2/fpm/pool.d/www.conf", "[www]"),
            ],
        );
        let stage = dir.path().join("stage");
        lay_out(&root, &stage).expect("lays out");
        for wanted in [
            "php/bin/php",
            "php/sbin/php-fpm",
            "php/lib/php/extensions/no-debug-non-zts-20220829/mbstring.so",
            "php/etc/php.ini-production",
            "php/etc/php-fpm.conf.default",
            "php/etc/php-fpm.d/www.conf.default",
        ] {
            assert!(stage.join(wanted).is_file(), "{wanted}");
        }
        fs_err::remove_file(root.join("usr/sbin/php-fpm8.2")).expect("rm");
        let error = lay_out(&root, &dir.path().join("again")).expect_err("no fpm");
        assert!(error.to_string().contains("php-fpm8.2"), "{error}");
    }
}
