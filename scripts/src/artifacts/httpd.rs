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

use super::repack::{unpack_tgz, write_sha256, write_tgz};
use super::{Cache, deb, publish};
use crate::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The package of the server and its modules.
const SERVER: &str = "apache2-bin";

/// Packages of the run image (Debian 12 minbase, ca-certificates, libssl3, tzdata, netbase)
/// whose libraries are there at launch, so they are neither fetched nor packed.
const RUN_IMAGE_PACKAGES: &[&str] = &[
    "libacl1",
    "libattr1",
    "libaudit1",
    "libblkid1",
    "libbz2-1.0",
    "libc6",
    "libcap-ng0",
    "libcap2",
    "libcom-err2",
    "libcrypt1",
    "libdb5.3",
    "libffi8",
    "libgcc-s1",
    "libgcrypt20",
    "libgmp10",
    "libgnutls30",
    "libgpg-error0",
    "libhogweed6",
    "libidn2-0",
    "liblz4-1",
    "liblzma5",
    "libmd0",
    "libmount1",
    "libnettle8",
    "libp11-kit0",
    "libpcre2-8-0",
    "libseccomp2",
    "libselinux1",
    "libsmartcols1",
    "libssl3",
    "libstdc++6",
    "libsystemd0",
    "libtasn1-6",
    "libtinfo6",
    "libudev1",
    "libunistring2",
    "libuuid1",
    "libxxhash0",
    "libzstd1",
];

/// `httpd-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(debian_version: &str) -> String {
    format!("httpd-{debian_version}-linux-amd64.tar.gz")
}

/// httpd's own version of a Debian version (`2.4.71-1~deb12u1` → `2.4.71`).
#[must_use]
pub fn httpd_version(debian_version: &str) -> &str {
    let upstream = debian_version
        .split_once(':')
        .map_or(debian_version, |(_, rest)| rest);
    upstream.rsplit_once('-').map_or(upstream, |(up, _)| up)
}

/// The family's set: the httpd apt offers now. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    if !args.is_empty() {
        return Err(format!(
            "artifacts httpd takes no arguments (it assembles the httpd apt offers), got {args:?}"
        )
        .into());
    }
    let version = deb::candidate(SERVER)?;
    let archive = distribution(cache, &version)?;
    let sidecar = PathBuf::from(format!("{}.sha256", archive.display()));
    cache.set("httpd", &[archive, sidecar])
}

/// The archive of `debian_version`, assembled once and cached.
pub fn distribution(cache: &Cache, debian_version: &str) -> Result<PathBuf> {
    let dir = cache.folder("httpd")?.join(debian_version);
    let archive = dir.join(archive_name(debian_version));
    // The `.sha256` sidecar is written last, so it marks a finished archive.
    if !Path::new(&format!("{}.sha256", archive.display())).is_file() {
        eprintln!("stowage-dev: assembling httpd {debian_version} from Debian's packages");
        let work = Cache::work_in(&cache.folder("httpd")?)?;
        let out = build(work.path(), debian_version)?;
        publish(&out, &dir)?;
    }
    Ok(archive)
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
    let mut others = library_packages()?;
    others.push("media-types".to_string());
    for file in download_all(&others, &download.join("deps"))? {
        deb::extract(&file, &root)?;
    }
    let stage = work.join("stage");
    lay_out(&root, &stage)?;
    pack_libraries(&root, &stage.join("httpd"))?;
    let out = work.join("out");
    fs_err::create_dir_all(&out)?;
    let archive = out.join(archive_name(debian_version));
    write_tgz(&stage, "httpd", &archive)?;
    let verify = work.join("verify");
    unpack_tgz(&archive, &verify)?;
    check_runs(&verify.join("httpd"), httpd_version(debian_version), work)?;
    write_sha256(&archive)?;
    eprintln!(
        "stowage-dev: {} ok ({} MB)",
        archive_name(debian_version),
        fs_err::metadata(&archive)?.len() / 1_000_000
    );
    Ok(out)
}

/// The library packages `apache2-bin` needs, recursively, without the run image's.
fn library_packages() -> Result<Vec<String>> {
    let output = Command::new("apt-cache")
        .args([
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            SERVER,
        ])
        .output()
        .map_err(|error| format!("run apt-cache depends: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "apt-cache depends {SERVER} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(libraries_of(&String::from_utf8_lossy(&output.stdout)))
}

/// The `lib*` package names of `apt-cache depends --recurse` output, the run image's left out.
fn libraries_of(depends: &str) -> Vec<String> {
    let names: BTreeSet<&str> = depends
        .lines()
        .filter(|line| !line.starts_with(' ') && line.starts_with("lib"))
        .map(str::trim)
        .filter(|name| !RUN_IMAGE_PACKAGES.contains(name))
        .collect();
    names.into_iter().map(String::from).collect()
}

/// `apt-get download` of every package (apt's candidates) into `dir`.
fn download_all(packages: &[String], dir: &Path) -> Result<Vec<PathBuf>> {
    fs_err::create_dir_all(dir)?;
    let output = Command::new("apt-get")
        .args(["-q", "-o", "APT::Sandbox::User=root", "download"])
        .args(packages)
        .current_dir(dir)
        .output()
        .map_err(|error| format!("run apt-get download: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "apt-get download {} failed:\n{}",
            packages.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let mut debs: Vec<PathBuf> = fs_err::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "deb"))
        .collect();
    debs.sort();
    Ok(debs)
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

/// Copies into `home/lib` every library the binary and the modules need (recursively) that
/// the unpacked packages in `root` hold, then sets the rpaths.
fn pack_libraries(root: &Path, home: &Path) -> Result<()> {
    let available = shared_libraries(root);
    let mut elves: Vec<PathBuf> = vec![home.join("bin/httpd")];
    for entry in fs_err::read_dir(home.join("modules"))? {
        elves.push(entry?.path());
    }
    let mut packed: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<PathBuf> = elves.clone();
    while let Some(file) = pending.pop() {
        for soname in needed(&file)? {
            if let Some(source) = available.get(&soname)
                && packed.insert(soname.clone())
            {
                let to = home.join("lib").join(&soname);
                fs_err::copy(source, &to)?;
                pending.push(to);
            }
        }
    }
    for file in &elves {
        set_rpath(file, "$ORIGIN/../lib")?;
    }
    for soname in &packed {
        set_rpath(&home.join("lib").join(soname), "$ORIGIN")?;
    }
    Ok(())
}

/// The shared libraries of the unpacked packages, by file name (`libapr-1.so.0`), each
/// resolved to the file a symlink names.
fn shared_libraries(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    for dir in ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"] {
        let Ok(entries) = fs_err::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains(".so") {
                let real = fs_err::canonicalize(entry.path()).unwrap_or_else(|_| entry.path());
                if real.is_file() {
                    found.insert(name, real);
                }
            }
        }
    }
    found
}

fn needed(file: &Path) -> Result<Vec<String>> {
    let said = output_of(
        Command::new("patchelf").arg("--print-needed").arg(file),
        "patchelf --print-needed",
    )?;
    Ok(said.lines().map(str::trim).map(String::from).collect())
}

fn set_rpath(file: &Path, rpath: &str) -> Result<()> {
    output_of(
        Command::new("patchelf")
            .arg("--set-rpath")
            .arg(rpath)
            .arg(file),
        "patchelf --set-rpath",
    )?;
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

fn output_of(command: &mut Command, what: &str) -> Result<String> {
    let output = command
        .output()
        .map_err(|error| format!("run {what}: {error}"))?;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if !output.status.success() {
        return Err(format!("{what} failed: {said}").into());
    }
    Ok(said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_names() {
        assert_eq!(httpd_version("2.4.71-1~deb12u1"), "2.4.71");
        assert_eq!(httpd_version("1:2.4.62-1"), "2.4.62");
        assert_eq!(
            archive_name("2.4.71-1~deb12u1"),
            "httpd-2.4.71-1~deb12u1-linux-amd64.tar.gz"
        );
    }

    #[test]
    fn arguments_are_refused_before_apt_runs() {
        let root = tempfile::tempdir().expect("temp dir");
        let error = assemble(&Cache::at(root.path().to_path_buf()), &["2.4".to_string()])
            .expect_err("no arguments");
        assert!(error.to_string().contains("takes no arguments"), "{error}");
    }

    #[test]
    fn the_run_images_libraries_are_not_fetched() {
        let depends = "apache2-bin\n  Depends: libapr1\nlibapr1\n  Depends: libc6\nlibc6\n\
                       libcurl4\nperl\nlibssl3\n";
        assert_eq!(libraries_of(depends), ["libapr1", "libcurl4"]);
    }

    /// Unpacked packages in miniature become `httpd/bin/httpd`, `httpd/modules/*.so` and
    /// `httpd/conf/mime.types`, without Debian's site layout.
    #[test]
    fn the_stage_has_the_upstream_layout() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        for (path, text) in [
            ("usr/sbin/apache2", "elf"),
            ("usr/lib/apache2/modules/mod_rewrite.so", "so"),
            ("usr/lib/apache2/modules/httpd.exp", "exports"),
            ("etc/mime.types", "text/html html"),
            ("etc/apache2/apache2.conf", "Include x"),
        ] {
            let path = root.join(path);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, text).expect("write");
        }
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
