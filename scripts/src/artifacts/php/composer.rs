//! Composer as Paketo installs it, one `composer.phar`: built from Debian 12's `composer`
//! package and the PHP libraries it uses (`/usr/share/php`), packed with PHP's own Phar class
//! by the PHP just assembled, with a stub that runs Composer's `bin/composer`. Checked by
//! `php composer.phar --version`.
//!
//! Cache folder: `composer/<Debian version>/composer-<Debian version>.phar` and its `.sha256`.

use super::{extension_dir, output_of, upstream_version};
use crate::Result;
use crate::artifacts::repack::{unpack_tgz, write_sha256};
use crate::artifacts::{Cache, deb, publish};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The extensions Composer needs that Debian builds as shared modules.
pub(super) const COMPOSER_EXTENSIONS: &[&str] = &["phar", "iconv", "ctype", "tokenizer"];

/// Builds the phar from the folder given first into the file given second.
const BUILD_PHAR: &str = r##"<?php
$phar = new Phar($argv[2], 0, 'composer.phar');
$phar->buildFromDirectory($argv[1]);
$phar->setStub("#!/usr/bin/env php\n<?php\nPhar::mapPhar('composer.phar');\nrequire 'phar://composer.phar/bin/composer';\n__HALT_COMPILER();\n");
"##;

/// `composer-<Debian version>.phar`.
#[must_use]
pub fn composer_archive_name(debian_version: &str) -> String {
    format!("composer-{debian_version}.phar")
}

/// The phar of the Composer apt offers, built once with the PHP of `php_archive`.
pub(super) fn distribution(cache: &Cache, php_archive: &Path) -> Result<PathBuf> {
    let debian_version = deb::candidate("composer")?;
    let dir = cache.folder("composer")?.join(&debian_version);
    let phar = dir.join(composer_archive_name(&debian_version));
    if !Path::new(&format!("{}.sha256", phar.display())).is_file() {
        eprintln!("stowage-dev: building composer.phar {debian_version} from Debian's packages");
        let work = Cache::work_in(&cache.folder("composer")?)?;
        let out = build(work.path(), &debian_version, php_archive)?;
        publish(&out, &dir)?;
    }
    Ok(phar)
}

fn build(work: &Path, debian_version: &str, php_archive: &Path) -> Result<PathBuf> {
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let root = work.join("root");
    deb::extract(
        &deb::download("composer", debian_version, &download)?,
        &root,
    )?;
    for package in library_packages()? {
        let version = deb::candidate(&package)?;
        deb::extract(&deb::download(&package, &version, &download)?, &root)?;
    }
    let source = work.join("source");
    lay_out(&root, &source)?;
    unpack_tgz(php_archive, &work.join("php"))?;
    let php = work.join("php/php");
    let script = work.join("build-phar.php");
    fs_err::write(&script, BUILD_PHAR)?;
    // Phar names must end in `.phar`; the versioned name is given after.
    let built = work.join("composer.phar");
    output_of(
        php_command(&php)
            .arg("-d")
            .arg("phar.readonly=0")
            .arg(&script)
            .arg(&source)
            .arg(&built),
        "php build-phar.php",
    )?;
    let said = output_of(
        php_command(&php).arg(&built).arg("--version"),
        "php composer.phar --version",
    )?;
    let version = upstream_version(debian_version);
    if !said.contains(&format!("Composer version {version}")) {
        return Err(format!("composer.phar --version said '{said}', not {version}").into());
    }
    let out = work.join("out");
    fs_err::create_dir_all(&out)?;
    let phar = out.join(composer_archive_name(debian_version));
    fs_err::rename(&built, &phar)?;
    write_sha256(&phar)?;
    eprintln!("stowage-dev: {} ok", composer_archive_name(debian_version));
    Ok(out)
}

/// The unpacked PHP with no ini file but the extensions Composer needs.
fn php_command(home: &Path) -> Command {
    let mut command = Command::new(home.join("bin/php"));
    command.env_clear().arg("-n");
    if let Ok(dir) = extension_dir(home) {
        command
            .arg("-d")
            .arg(format!("extension_dir={}", dir.display()));
    }
    for extension in COMPOSER_EXTENSIONS {
        command.arg("-d").arg(format!("extension={extension}"));
    }
    command
}

/// The PHP library packages Composer depends on (apt's closure, `php-*` and `jsonlint`;
/// the metapackages among them bring no files).
fn library_packages() -> Result<Vec<String>> {
    let said = output_of(
        Command::new("apt-cache").args([
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            "composer",
        ]),
        "apt-cache depends composer",
    )?;
    let mut names: Vec<String> = said
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.starts_with('<'))
        .map(str::trim)
        .filter(|name| name.starts_with("php-") || *name == "jsonlint")
        .map(String::from)
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// `source/bin/composer` (Debian's script without its `#!` line, which `require` would print)
/// and `source/share/php` (Composer and its libraries).
fn lay_out(root: &Path, source: &Path) -> Result<()> {
    let script = fs_err::read_to_string(root.join("usr/bin/composer"))?;
    let body = match script.split_once('\n') {
        Some((first, rest)) if first.starts_with("#!") => rest,
        _ => script.as_str(),
    };
    fs_err::create_dir_all(source.join("bin"))?;
    fs_err::write(source.join("bin/composer"), body)?;
    copy_tree(&root.join("usr/share/php"), &source.join("share/php"))
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs_err::create_dir_all(to)?;
    for entry in fs_err::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs_err::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::test_support::write_tree;

    #[test]
    fn the_phar_source_has_the_script_without_its_shebang() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        write_tree(
            &root,
            &[
                ("usr/bin/composer", "#!/usr/bin/php\n<?php\nrequire 'x';\n"),
                ("usr/share/php/Composer/autoload.php", "<?php\n"),
            ],
        );
        let source = dir.path().join("source");
        lay_out(&root, &source).expect("lays out");
        assert_eq!(
            fs_err::read_to_string(source.join("bin/composer")).expect("script"),
            "<?php\nrequire 'x';\n"
        );
        assert!(source.join("share/php/Composer/autoload.php").is_file());
        assert_eq!(
            composer_archive_name("2.5.5-1+deb12u5"),
            "composer-2.5.5-1+deb12u5.phar"
        );
    }
}
