//! Apache httpd artifacts: Debian 12's `apache2-bin`, fetched with apt, unpacked with dpkg-deb
//! and repacked in the layout of Paketo's httpd tarball: one top folder `httpd/` holding
//! `bin/httpd`, `modules/*.so` (every module Debian ships), `conf/mime.types` and `lib/`.
//!
//! The run image (Debian 12 minbase with libssl3) lacks most libraries httpd and its modules
//! link (APR, APR-util, curl, Lua, libxml2, ...). Those are packed into `lib/`, and every
//! binary gets an rpath (`$ORIGIN/../lib`, `$ORIGIN` for the packed libraries themselves, as
//! RUNPATH is not inherited) set with patchelf. An rpath rather than `LD_LIBRARY_PATH` from
//! the layer: the tree works wherever it is unpacked, in build (`httpd -t`) and at launch,
//! and the packed libraries never shadow the system's for other programs of the image.
//!
//! Cache folder: `httpd/<Debian version>/` with the archive and its `.sha256`.

use super::deb::upstream_version;
use super::elf_libs::{self, output_of};
use super::{Cache, deb, debian_distribution, no_arguments, pack_distribution, sidecar};
use crate::Result;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The package of the server and its modules.
const SERVER: &str = "apache2-bin";

/// `httpd-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(debian_version: &str) -> String {
    format!("httpd-{debian_version}-linux-amd64.tar.gz")
}

/// The family's set: the httpd apt offers now. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments("httpd", "it assembles the httpd apt offers", args)?;
    let version = deb::candidate(SERVER)?;
    let archive = distribution(cache, &version)?;
    let sidecar = sidecar(&archive);
    cache.set("httpd", &[archive, sidecar])
}

/// The archive of `debian_version`, assembled once and cached.
pub fn distribution(cache: &Cache, debian_version: &str) -> Result<PathBuf> {
    let name = archive_name(debian_version);
    debian_distribution(cache, "httpd", "httpd", debian_version, &name, |work| {
        build(work, debian_version)
    })
}

fn build(work: &Path, debian_version: &str) -> Result<PathBuf> {
    if Command::new("patchelf").arg("--version").output().is_err() {
        return Err("artifacts httpd needs patchelf (apt-get install patchelf)".into());
    }
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let root = work.join("root");
    let server = deb::download(SERVER, debian_version, &download)?;
    deb::extract(&server, &root)?;
    let mut others = elf_libs::library_packages(SERVER)?;
    others.push("media-types".to_string());
    for file in elf_libs::download_all(&others, &download.join("deps"))? {
        deb::extract(&file, &root)?;
    }
    let stage = work.join("stage");
    lay_out(&root, &stage)?;
    let home = stage.join("httpd");
    let mut elves = vec![home.join("bin/httpd")];
    for entry in fs_err::read_dir(home.join("modules"))? {
        elves.push(entry?.path());
    }
    elf_libs::pack(&root, &elves, &home.join("lib"))?;
    pack_distribution(
        work,
        &stage,
        "httpd",
        &archive_name(debian_version),
        |home| check_runs(home, upstream_version(debian_version), work),
    )
}

/// Moves the binary, the modules, the MIME map and the copyright from `root` (unpacked
/// packages) to `stage/httpd`.
pub fn lay_out(root: &Path, stage: &Path) -> Result<()> {
    let home = stage.join("httpd");
    for dir in ["bin", "modules", "conf", "lib", "logs"] {
        fs_err::create_dir_all(home.join(dir))?;
    }
    let binary = root.join("usr/sbin/apache2");
    if !binary.is_file() {
        return Err("the packages have no usr/sbin/apache2".into());
    }
    fs_err::copy(&binary, home.join("bin/httpd"))?;
    let modules = root.join("usr/lib/apache2/modules");
    for entry in fs_err::read_dir(&modules)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_file() && Path::new(&name).extension().is_some_and(|e| e == "so") {
            fs_err::copy(entry.path(), home.join("modules").join(&name))?;
        }
    }
    let mime = root.join("etc/mime.types");
    if mime.is_file() {
        fs_err::copy(&mime, home.join("conf/mime.types"))?;
    }
    let copyright = root.join("usr/share/doc/apache2-bin/copyright");
    if copyright.is_file() {
        fs_err::copy(&copyright, home.join("COPYRIGHT"))?;
    }
    Ok(())
}

/// `httpd -v` names the version, and `httpd -t` accepts a configuration that loads every
/// packed module (one MPM), as an unprivileged server would run it (paths under `work`).
fn check_runs(home: &Path, version: &str, work: &Path) -> Result<()> {
    let httpd = home.join("bin/httpd");
    let said = output_of(Command::new(&httpd).arg("-v"), "httpd -v")?;
    if !said.contains(&format!("Apache/{version}")) {
        return Err(format!("httpd -v said '{said}', not Apache/{version}").into());
    }
    let temp = work.join("check");
    fs_err::create_dir_all(&temp)?;
    let conf = check_conf(&module_names(&home.join("modules"))?, home, &temp);
    let conf_file = temp.join("httpd.conf");
    fs_err::write(&conf_file, conf)?;
    output_of(
        Command::new(&httpd).arg("-f").arg(&conf_file).arg("-t"),
        "httpd -t",
    )?;
    Ok(())
}

fn module_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs_err::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".so") {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// A configuration loading every module: modules others build on first, and one MPM.
fn check_conf(modules: &[String], home: &Path, temp: &Path) -> String {
    let first = [
        "mod_mpm_event",
        "mod_proxy",
        "mod_ldap",
        "mod_authn_socache",
    ];
    let mut conf = format!(
        "ServerRoot {}\nDefaultRuntimeDir {t}\nPidFile {t}/httpd.pid\nErrorLog {t}/error.log\n\
         Listen 127.0.0.1:8080\nServerName localhost\nTypesConfig conf/mime.types\n",
        home.display(),
        t = temp.display()
    );
    let ordered = first
        .iter()
        .map(|name| (*name).to_string())
        .filter(|name| modules.contains(name))
        .chain(
            modules
                .iter()
                .filter(|name| !first.contains(&name.as_str()) && !name.starts_with("mod_mpm_"))
                .cloned(),
        );
    for module in ordered {
        let id = module.trim_start_matches("mod_");
        let _ = writeln!(conf, "LoadModule {id}_module modules/{module}.so");
    }
    conf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::test_support::write_tree;

    #[test]
    fn versions_and_names() {
        assert_eq!(
            archive_name("2.4.71-1~deb12u1"),
            "httpd-2.4.71-1~deb12u1-linux-amd64.tar.gz"
        );
    }

    /// Unpacked packages in miniature become `httpd/bin/httpd`, `httpd/modules/*.so` and
    /// `httpd/conf/mime.types`, without Debian's site layout.
    #[test]
    fn the_stage_has_the_upstream_layout() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        write_tree(
            &root,
            &[
                ("usr/sbin/apache2", "elf"),
                ("usr/lib/apache2/modules/mod_rewrite.so", "so"),
                ("usr/lib/apache2/modules/httpd.exp", "exports"),
                ("etc/mime.types", "text/html html"),
                ("etc/apache2/apache2.conf", "Include x"),
            ],
        );
        let stage = dir.path().join("stage");
        lay_out(&root, &stage).expect("lays out");
        for wanted in [
            "httpd/bin/httpd",
            "httpd/modules/mod_rewrite.so",
            "httpd/conf/mime.types",
        ] {
            assert!(stage.join(wanted).is_file(), "{wanted}");
        }
        assert!(!stage.join("httpd/modules/httpd.exp").exists());
        assert!(!stage.join("httpd/conf/apache2.conf").exists());
    }

    #[test]
    fn packages_without_the_binary_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir_all(dir.path().join("root/usr")).expect("mkdir");
        let error =
            lay_out(&dir.path().join("root"), &dir.path().join("stage")).expect_err("no binary");
        assert!(error.to_string().contains("usr/sbin/apache2"), "{error}");
    }

    #[test]
    fn the_check_loads_one_mpm_and_the_base_modules_first() {
        let modules: Vec<String> = [
            "mod_lbmethod_byrequests",
            "mod_mpm_event",
            "mod_mpm_prefork",
            "mod_proxy",
            "mod_proxy_http",
        ]
        .map(String::from)
        .to_vec();
        let conf = check_conf(&modules, Path::new("/h"), Path::new("/t"));
        let loads: Vec<&str> = conf
            .lines()
            .filter_map(|line| line.strip_prefix("LoadModule "))
            .collect();
        assert_eq!(
            loads,
            [
                "mpm_event_module modules/mod_mpm_event.so",
                "proxy_module modules/mod_proxy.so",
                "lbmethod_byrequests_module modules/mod_lbmethod_byrequests.so",
                "proxy_http_module modules/mod_proxy_http.so",
            ]
        );
    }
}
