//! nginx artifacts: Debian 12's `nginx` (and its `libnginx-mod-stream` dynamic module),
//! fetched with apt, unpacked with dpkg-deb and repacked in the layout of Paketo's nginx
//! tarball: one top folder `nginx/` holding `sbin/nginx`, `modules/*.so` and `conf/` (the
//! MIME map and the `*_params` files). The run image (Debian 12 minbase with libssl3) has
//! every library the binary links (libc, libcrypt, libpcre2-8, libssl, zlib), so nothing else
//! is packed.
//!
//! Cache folder: `nginx/<Debian version>/` with the archive and its `.sha256`.

use super::deb::upstream_version;
use super::elf_libs::output_of;
use super::{Cache, deb, debian_distribution, no_arguments, pack_distribution, sidecar};
use crate::Result;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Debian packages unpacked together, as apt installs them.
const PACKAGES: &[&str] = &["nginx", "nginx-common", "libnginx-mod-stream"];

/// The configuration files kept from `/etc/nginx` (not Debian's site layout).
const CONF_FILES: &[&str] = &[
    "mime.types",
    "fastcgi.conf",
    "fastcgi_params",
    "proxy_params",
    "scgi_params",
    "uwsgi_params",
];

/// `nginx-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn archive_name(debian_version: &str) -> String {
    format!("nginx-{debian_version}-linux-amd64.tar.gz")
}

/// The family's set: the nginx apt offers now. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments("nginx", "it assembles the nginx apt offers", args)?;
    let version = deb::candidate("nginx")?;
    let archive = distribution(cache, &version)?;
    let sidecar = sidecar(&archive);
    cache.set("nginx", &[archive, sidecar])
}

/// The archive of `debian_version`, assembled once and cached.
pub fn distribution(cache: &Cache, debian_version: &str) -> Result<PathBuf> {
    let name = archive_name(debian_version);
    debian_distribution(cache, "nginx", "nginx", debian_version, &name, |work| {
        build(work, debian_version)
    })
}

fn build(work: &Path, debian_version: &str) -> Result<PathBuf> {
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let root = work.join("root");
    for package in PACKAGES {
        let file = deb::download(package, debian_version, &download)?;
        deb::extract(&file, &root)?;
    }
    let stage = work.join("stage");
    lay_out(&root, &stage)?;
    pack_distribution(
        work,
        &stage,
        "nginx",
        &archive_name(debian_version),
        |home| check_runs(home, upstream_version(debian_version), work),
    )
}

/// Moves the binary, the modules, the kept configuration and the copyright from `root`
/// (unpacked packages) to `stage/nginx`.
pub fn lay_out(root: &Path, stage: &Path) -> Result<()> {
    let home = stage.join("nginx");
    for dir in ["sbin", "modules", "conf"] {
        fs_err::create_dir_all(home.join(dir))?;
    }
    let binary = root.join("usr/sbin/nginx");
    if !binary.is_file() {
        return Err("the packages have no usr/sbin/nginx".into());
    }
    fs_err::copy(&binary, home.join("sbin/nginx"))?;
    let modules = root.join("usr/lib/nginx/modules");
    if modules.is_dir() {
        for entry in fs_err::read_dir(&modules)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                fs_err::copy(entry.path(), home.join("modules").join(entry.file_name()))?;
            }
        }
    }
    for file in CONF_FILES {
        let from = root.join("etc/nginx").join(file);
        if from.is_file() {
            fs_err::copy(&from, home.join("conf").join(file))?;
        }
    }
    let copyright = root.join("usr/share/doc/nginx-common/copyright");
    if copyright.is_file() {
        fs_err::copy(&copyright, home.join("COPYRIGHT"))?;
    }
    Ok(())
}

/// `nginx -V` names the version, and `nginx -t` accepts a configuration that loads every
/// packed module, as an unprivileged server would run it (temporary paths under `work`).
fn check_runs(home: &Path, version: &str, work: &Path) -> Result<()> {
    let nginx = home.join("sbin/nginx");
    let said = output_of(Command::new(&nginx).arg("-V"), "nginx -V")?;
    if !said.contains(&format!("nginx/{version}")) {
        return Err(format!("nginx -V said '{said}', not nginx/{version}").into());
    }
    let temp = work.join("check");
    fs_err::create_dir_all(&temp)?;
    let mut conf = String::new();
    for entry in fs_err::read_dir(home.join("modules"))? {
        let _ = writeln!(conf, "load_module {};", entry?.path().display());
    }
    let t = temp.display();
    let _ = write!(
        conf,
        "pid {t}/nginx.pid;\nevents {{}}\nhttp {{\n  client_body_temp_path {t}/body;\n  \
         proxy_temp_path {t}/proxy;\n  fastcgi_temp_path {t}/fastcgi;\n  uwsgi_temp_path {t}/uwsgi;\n  \
         scgi_temp_path {t}/scgi;\n  access_log {t}/access.log;\n  include {}/conf/mime.types;\n  \
         server {{ listen 127.0.0.1:8080; }}\n}}\nstream {{}}\n",
        home.display()
    );
    let conf_file = temp.join("nginx.conf");
    fs_err::write(&conf_file, conf)?;
    output_of(
        Command::new(&nginx)
            .arg("-p")
            .arg(&temp)
            .arg("-e")
            .arg("stderr")
            .arg("-c")
            .arg(&conf_file)
            .arg("-t"),
        "nginx -t",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::test_support::write_tree;

    #[test]
    fn versions_and_names() {
        assert_eq!(
            archive_name("1.22.1-9+deb12u11"),
            "nginx-1.22.1-9+deb12u11-linux-amd64.tar.gz"
        );
    }

    /// Unpacked packages in miniature become `nginx/sbin/nginx`, `nginx/modules/*.so` and
    /// `nginx/conf/mime.types`, without Debian's site layout.
    #[test]
    fn the_stage_has_the_upstream_layout() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        write_tree(
            &root,
            &[
                ("usr/sbin/nginx", "elf"),
                ("usr/lib/nginx/modules/ngx_stream_module.so", "so"),
                ("etc/nginx/mime.types", "types {}"),
                ("etc/nginx/sites-available/default", "server {}"),
            ],
        );
        let stage = dir.path().join("stage");
        lay_out(&root, &stage).expect("lays out");
        for wanted in [
            "nginx/sbin/nginx",
            "nginx/modules/ngx_stream_module.so",
            "nginx/conf/mime.types",
        ] {
            assert!(stage.join(wanted).is_file(), "{wanted}");
        }
        assert!(!stage.join("nginx/conf/sites-available").exists());
    }

    #[test]
    fn packages_without_the_binary_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir_all(dir.path().join("root/usr")).expect("mkdir");
        let error =
            lay_out(&dir.path().join("root"), &dir.path().join("stage")).expect_err("no binary");
        assert!(error.to_string().contains("usr/sbin/nginx"), "{error}");
    }
}
