//! Ruby artifacts from Debian 12's packages: MRI, Bundler and a gem source.
//!
//! - `ruby-<Debian version>-linux-amd64.tar.gz`: `ruby3.1`, `libruby3.1` and `ruby3.1-dev`
//!   repacked under one top folder `ruby/` in Debian's (multiarch) prefix layout: `bin/ruby`,
//!   `bin/gem` and the other commands, `lib/ruby/3.1.0` (the standard library, `RubyGems`
//!   3.3), `lib/ruby/gems/3.1.0` (default and bundled gems), `lib/x86_64-linux-gnu/` (libruby,
//!   the libraries the run image lacks, `ruby/3.1.0` with the native extensions and
//!   `rbconfig.rb`) and `include/` (headers, so gems with native extensions compile).
//!   Debian builds MRI for fixed `/usr` paths (no `--enable-load-relative`): its built-in load
//!   path names `/usr/lib/ruby/3.1.0`, so the mri layer sets `RUBYLIB` to the tree's two
//!   library folders ([`RUBYLIB`]). `rbconfig.rb` already finds its prefix from its own path,
//!   so `RbConfig`, `Gem.default_dir` and native builds point into the tree; only its
//!   program name is changed (`ruby3.1` → `ruby`). As RUBYLIB entries come before the
//!   place `RubyGems` inserts activated gems, `rubygems/defaults/operating_system.rb` (the
//!   distributors' hook) inserts them before the standard library, so a lockfile's bundler or
//!   json wins over the default gem. Binaries get `$ORIGIN` rpaths.
//! - `bundler-<Debian version>.tar.gz`: Debian's Bundler rebuilt as a gem and installed
//!   into `bundler/` as a `GEM_HOME` (`bin/bundle`, `gems/`, `specifications/`), the tree
//!   the bundler layer puts on `GEM_PATH`.
//! - `rubygems/`: a static gem source (`gems/*.gem` and the index `gem generate_index`
//!   writes), for Bundler's mirror setting: Debian's `rack`, `webrick` and `rake` rebuilt
//!   with `gem build`; `puma` built from Debian's source package (its binary package ships
//!   the compiled extension without the C sources a `.gem` must carry for `bundle install`
//!   to compile it); `nio4r`, puma's dependency, as an `x86_64-linux` platform gem with
//!   Debian's compiled extension (its source package is not on every mirror).
//!
//! Cache folder: `ruby/<versions>/`, renamed into place when complete; it is the set.

use super::deb::upstream_version;
use super::elf_libs::{self, output_of};
use super::repack::write_checked_tgz;
use super::{Cache, deb, no_arguments, publish};
use crate::Result;
use crate::builder::copy_tree;
use std::path::{Path, PathBuf};
use std::process::Command;

/// MRI: the interpreter, the library and the headers share one Debian version.
const MRI_PACKAGES: &[&str] = &["ruby3.1", "libruby3.1", "ruby3.1-dev"];
const BUNDLER_PACKAGE: &str = "ruby-bundler";
/// The gem source's gems rebuilt from Debian's binary packages: (Debian package, gem name).
/// nio4r's package lacks its extension's C sources, and its source package is not on every
/// mirror, so it becomes a platform gem with Debian's compiled extension (see the script).
const SOURCE_GEMS: &[(&str, &str)] = &[
    ("ruby-rack", "rack"),
    ("ruby-webrick", "webrick"),
    ("rake", "rake"),
    ("ruby-nio4r", "nio4r"),
];
/// The gem source's gems built from Debian's source packages with `gem build`, so that
/// `bundle install` compiles their extensions: (binary package, source package, gem name).
const SOURCE_PACKAGE_GEMS: &[(&str, &str, &str)] = &[("puma", "puma", "puma")];
/// Changes with what the set holds beyond the package versions, for the cache key.
const RECIPE: &str = "r2";
/// The folders the mri layer puts on `RUBYLIB`, relative to the tree.
pub const RUBYLIB: &[&str] = &["lib/ruby/3.1.0", "lib/x86_64-linux-gnu/ruby/3.1.0"];
const BUILD_GEM: &str = include_str!("ruby_build_gem.rb");
/// The `RubyGems` hook for distributors, loaded at every start (see the file).
const OPERATING_SYSTEM: &str = include_str!("ruby_operating_system.rb");
/// Debian's `/usr/bin/gem` comes from `ruby-rubygems`; MRI's own script is this.
const GEM_SCRIPT: &str = "#!/usr/bin/env ruby\n\
    require 'rubygems'\nrequire 'rubygems/gem_runner'\nrequire 'rubygems/exceptions'\n\
    required_version = Gem::Requirement.new '>= 1.8.7'\n\
    abort \"#{Gem::VERSION} requires Ruby version #{required_version}.\" unless \
    required_version.satisfied_by? Gem.ruby_version\n\
    args = ARGV.clone\nbegin\n  Gem::GemRunner.new.run args\nrescue Gem::SystemExitException => e\n  \
    exit e.exit_code\nend\n";

/// `ruby-<Debian version>-linux-amd64.tar.gz`.
#[must_use]
pub fn ruby_archive_name(debian_version: &str) -> String {
    format!("ruby-{debian_version}-linux-amd64.tar.gz")
}

/// `bundler-<Debian version>.tar.gz`.
#[must_use]
pub fn bundler_archive_name(debian_version: &str) -> String {
    format!("bundler-{debian_version}.tar.gz")
}

/// The family's set: the MRI, Bundler and gems apt offers now. No arguments.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    no_arguments("ruby", "it assembles the Ruby apt offers", args)?;
    let mri = deb::candidate(MRI_PACKAGES[0])?;
    let bundler = deb::candidate(BUNDLER_PACKAGE)?;
    let mut gems = Vec::new();
    for (package, _) in SOURCE_GEMS {
        gems.push(deb::candidate(package)?);
    }
    let mut key = format!("{mri}_{bundler}_{}", gems.join("_"));
    for (binary, _, _) in SOURCE_PACKAGE_GEMS {
        key = format!("{key}_{}", deb::candidate(binary)?);
    }
    let key = format!("{key}_{RECIPE}");
    let dir = cache.folder("ruby")?.join(&key);
    if !dir.is_dir() {
        eprintln!("stowage-dev: assembling Ruby {mri}, Bundler {bundler} and a gem source");
        let work = Cache::work_in(&cache.folder("ruby")?)?;
        let out = build(work.path(), &mri, &bundler, &gems)?;
        publish(&out, &dir)?;
    }
    Ok(dir)
}

fn build(work: &Path, mri: &str, bundler: &str, gems: &[String]) -> Result<PathBuf> {
    let download = work.join("download");
    fs_err::create_dir_all(&download)?;
    let root = work.join("root");
    for package in MRI_PACKAGES {
        deb::extract(&deb::download(package, mri, &download)?, &root)?;
    }
    let libraries = elf_libs::library_packages("libruby3.1")?;
    for file in elf_libs::download_all(&libraries, &download.join("deps"))? {
        deb::extract(&file, &root)?;
    }
    let stage = work.join("stage");
    let home = stage.join("ruby");
    lay_out(&root, &home)?;
    let mut elves = vec![home.join("bin/ruby")];
    shared_objects(&home.join(RUBYLIB[1]), &mut elves)?;
    elf_libs::pack(&root, &elves, &home.join("lib/x86_64-linux-gnu"))?;
    // The link-time name native extensions link against (`-lruby-3.1`).
    std::os::unix::fs::symlink(
        "libruby-3.1.so.3.1",
        home.join("lib/x86_64-linux-gnu/libruby-3.1.so"),
    )?;

    let out = work.join("out");
    fs_err::create_dir_all(&out)?;
    let archive = out.join(ruby_archive_name(mri));
    let verify = work.join("verify");
    write_checked_tgz(&stage, "ruby", &archive, &verify, |ruby| {
        check_ruby(ruby, upstream_version(mri), work)
    })?;
    let ruby = verify.join("ruby");

    let gem_tree = work.join("gem-tree");
    let built = work.join("built");
    fs_err::create_dir_all(&built)?;
    let script = work.join("build_gem.rb");
    fs_err::write(&script, BUILD_GEM)?;
    deb::extract(
        &deb::download(BUNDLER_PACKAGE, bundler, &download)?,
        &gem_tree,
    )?;
    for ((package, _), version) in SOURCE_GEMS.iter().zip(gems) {
        deb::extract(&deb::download(package, version, &download)?, &gem_tree)?;
    }
    let gem_builder = GemBuilder {
        ruby: &ruby,
        work,
        script: &script,
        gem_tree: &gem_tree,
        built: &built,
    };
    gem_source(&gem_builder, &out.join("rubygems"), gems)?;

    let bundler_gem = gem_builder.binary_gem("bundler", bundler)?;
    let bundler_stage = work.join("bundler-stage");
    let bundler_home = bundler_stage.join("bundler");
    output_of(
        ruby_command(&ruby, work, &ruby.join("bin/gem"))?
            .args(["install", "--local", "--no-document", "--env-shebang"])
            .arg("--install-dir")
            .arg(&bundler_home)
            .arg("--bindir")
            .arg(bundler_home.join("bin"))
            .arg(&bundler_gem),
        "gem install bundler",
    )?;
    // The `.gem` copy RubyGems keeps is not needed to run Bundler.
    let _ = fs_err::remove_dir_all(bundler_home.join("cache"));
    let bundler_archive = out.join(bundler_archive_name(bundler));
    let verify_bundler = work.join("verify-bundler");
    write_checked_tgz(
        &bundler_stage,
        "bundler",
        &bundler_archive,
        &verify_bundler,
        |unpacked| check_bundler(&ruby, unpacked, bundler, work),
    )?;
    eprintln!("stowage-dev: Ruby {mri}, Bundler {bundler} and the gem source ok");
    Ok(out)
}

/// Builds `.gem` files from Debian's unpacked binary packages with the unpacked Ruby.
struct GemBuilder<'a> {
    ruby: &'a Path,
    work: &'a Path,
    /// [`BUILD_GEM`], written out.
    script: &'a Path,
    /// The unpacked packages.
    gem_tree: &'a Path,
    /// Where the `.gem` files go.
    built: &'a Path,
}

impl GemBuilder<'_> {
    /// The `.gem` of `name` at Debian `version`, from its installed files.
    fn binary_gem(&self, name: &str, version: &str) -> Result<PathBuf> {
        let full = format!("{name}-{}", upstream_version(version));
        // Architecture-independent gems, and those with a compiled extension.
        let integration = [
            "usr/share/rubygems-integration/all",
            "usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0",
        ]
        .iter()
        .map(|dir| self.gem_tree.join(dir))
        .find(|tree| {
            tree.join("specifications")
                .join(format!("{full}.gemspec"))
                .is_file()
        })
        .ok_or_else(|| format!("the packages have no gemspec of {full}"))?;
        output_of(
            ruby_command(self.ruby, self.work, &self.ruby.join("bin/ruby"))?
                .arg(self.script)
                .arg(&integration)
                .arg(&full)
                .arg(self.built),
            &format!("gem build {full}"),
        )?;
        // `<full>.gem`, or `<full>-<platform>.gem` for a gem with a compiled extension.
        fs_err::read_dir(self.built)?
            .filter_map(std::result::Result::ok)
            .map(|entry| entry.path())
            .find(|path| {
                path.extension().is_some_and(|e| e == "gem")
                    && path
                        .file_name()
                        .and_then(|file| file.to_str())
                        .is_some_and(|file| file.starts_with(&full))
            })
            .ok_or_else(|| format!("gem build {full} wrote no .gem").into())
    }
}

/// The static gem source in `repository`: the binary packages' gems (at Debian `versions`),
/// the source packages' gems, and the index `gem generate_index` writes.
fn gem_source(builder: &GemBuilder, repository: &Path, versions: &[String]) -> Result<()> {
    fs_err::create_dir_all(repository.join("gems"))?;
    let mut files = Vec::new();
    for ((_, name), version) in SOURCE_GEMS.iter().zip(versions) {
        files.push(builder.binary_gem(name, version)?);
    }
    let apt = deb::SourceApt::new(&builder.work.join("apt-sources"))?;
    for (_, source_package, name) in SOURCE_PACKAGE_GEMS {
        files.push(source_gem(
            builder.ruby,
            builder.work,
            &apt,
            source_package,
            name,
        )?);
    }
    for file in files {
        let name = file.file_name().ok_or("a gem has no file name")?;
        fs_err::rename(&file, repository.join("gems").join(name))?;
    }
    output_of(
        ruby_command(builder.ruby, builder.work, &builder.ruby.join("bin/gem"))?
            .args(["generate_index", "--directory"])
            .arg(repository),
        "gem generate_index",
    )?;
    Ok(())
}

/// `gem build <name>.gemspec` in Debian's source package of the gem, patches applied.
fn source_gem(
    ruby: &Path,
    work: &Path,
    apt: &deb::SourceApt,
    source_package: &str,
    name: &str,
) -> Result<PathBuf> {
    let (source, version) = apt.unpack(source_package, &work.join("sources"))?;
    eprintln!(
        "stowage-dev: building the {name} gem from Debian's source {source_package} {version}"
    );
    output_of(
        ruby_command(ruby, work, &ruby.join("bin/gem"))?
            .args(["build", &format!("{name}.gemspec")])
            .current_dir(&source),
        &format!("gem build {name}.gemspec"),
    )?;
    let full = format!("{name}-{}.gem", upstream_version(&version));
    let file = source.join(&full);
    if !file.is_file() {
        return Err(format!("gem build {name}.gemspec wrote no {full}").into());
    }
    Ok(file)
}

/// Copies MRI's files from the unpacked packages in `root` into `home`, without Debian's
/// site folders, and makes the commands and `rbconfig.rb` name `ruby`.
pub fn lay_out(root: &Path, home: &Path) -> Result<()> {
    let usr = root.join("usr");
    let binary = usr.join("bin/ruby3.1");
    if !binary.is_file() {
        return Err("the packages have no usr/bin/ruby3.1".into());
    }
    fs_err::create_dir_all(home.join("bin"))?;
    fs_err::copy(&binary, home.join("bin/ruby"))?;
    for entry in fs_err::read_dir(usr.join("bin"))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(command) = name.strip_suffix("3.1") else {
            continue;
        };
        // Bundler is its own dependency (the bundler buildpack).
        if ["ruby", "bundle", "bundler"].contains(&command) {
            continue;
        }
        let text = fs_err::read_to_string(entry.path())?;
        let body = text.split_once('\n').map_or("", |(_, rest)| rest);
        fs_err::write(
            home.join("bin").join(command),
            format!("#!/usr/bin/env ruby\n{body}"),
        )?;
    }
    fs_err::write(home.join("bin/gem"), GEM_SCRIPT)?;
    for dir in [
        "lib/ruby/3.1.0",
        "lib/ruby/gems/3.1.0",
        "lib/x86_64-linux-gnu/ruby/3.1.0",
        "lib/x86_64-linux-gnu/pkgconfig",
        "include",
    ] {
        let from = usr.join(dir);
        if from.is_dir() {
            copy_tree(&from, &home.join(dir))?;
        }
    }
    let defaults = home.join("lib/ruby/3.1.0/rubygems/defaults");
    fs_err::create_dir_all(&defaults)?;
    fs_err::write(defaults.join("operating_system.rb"), OPERATING_SYSTEM)?;
    let rbconfig = home.join("lib/x86_64-linux-gnu/ruby/3.1.0/rbconfig.rb");
    let text = fs_err::read_to_string(&rbconfig)
        .map_err(|error| format!("the packages have no rbconfig.rb: {error}"))?;
    fs_err::write(
        &rbconfig,
        text.replace("\"$(RUBY_BASE_NAME)3.1\"", "\"$(RUBY_BASE_NAME)\""),
    )?;
    let copyright = usr.join("share/doc/ruby3.1/copyright");
    if copyright.is_file() {
        fs_err::copy(&copyright, home.join("COPYRIGHT"))?;
    }
    set_executable(&home.join("bin"))
}

fn set_executable(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in fs_err::read_dir(dir)? {
        let path = entry?.path();
        fs_err::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// Every `.so` under `dir`.
fn shared_objects(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs_err::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            shared_objects(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "so") {
            found.push(path);
        }
    }
    Ok(())
}

/// A command of the unpacked tree `ruby` with only the environment the mri layer gives.
fn ruby_command(ruby: &Path, work: &Path, program: &Path) -> Result<Command> {
    let rubylib: Vec<String> = RUBYLIB
        .iter()
        .map(|dir| ruby.join(dir).display().to_string())
        .collect();
    let home = work.join("home");
    fs_err::create_dir_all(&home)?;
    let mut command = Command::new(program);
    command
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", ruby.join("bin").display()),
        )
        .env("RUBYLIB", rubylib.join(":"))
        .env("HOME", &home)
        .current_dir(work);
    Ok(command)
}

/// The unpacked Bundler archive's `bundle --version`, run by the unpacked `ruby`, names
/// `bundler`'s version.
fn check_bundler(ruby: &Path, unpacked: &Path, bundler: &str, work: &Path) -> Result<()> {
    let said = output_of(
        ruby_command(ruby, work, &unpacked.join("bin/bundle"))?
            .arg("--version")
            .env("GEM_PATH", unpacked),
        "bundle --version",
    )?;
    if !said.contains(upstream_version(bundler)) {
        return Err(format!("bundle --version said '{said}', not {bundler}").into());
    }
    Ok(())
}

/// `ruby -v` names the version, the load path starts in the tree, extensions needing the
/// packed libraries load, and `gem` runs.
fn check_ruby(ruby: &Path, version: &str, work: &Path) -> Result<()> {
    let binary = ruby.join("bin/ruby");
    let said = output_of(ruby_command(ruby, work, &binary)?.arg("-v"), "ruby -v")?;
    if !said.starts_with(&format!("ruby {version}")) {
        return Err(format!("ruby -v said '{said}', not ruby {version}").into());
    }
    let said = output_of(
        ruby_command(ruby, work, &binary)?.args([
            "-ropenssl",
            "-rpsych",
            "-rzlib",
            "-rreadline",
            "-e",
            "puts $LOAD_PATH.first, RbConfig.ruby, Gem.default_dir",
        ]),
        "ruby -ropenssl -rpsych -rzlib -rreadline",
    )?;
    let tree = ruby.display().to_string();
    if !said.lines().all(|line| line.starts_with(&tree)) {
        return Err(format!("ruby looks outside its tree {tree}: {said}").into());
    }
    output_of(
        ruby_command(ruby, work, &ruby.join("bin/gem"))?.arg("--version"),
        "gem --version",
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
            ruby_archive_name("3.1.2-1"),
            "ruby-3.1.2-1-linux-amd64.tar.gz"
        );
    }

    /// Unpacked packages in miniature become `ruby/bin/ruby`, commands without the `3.1`
    /// suffix and starting `#!/usr/bin/env ruby`, no Bundler, and an rbconfig naming `ruby`.
    #[test]
    fn the_tree_has_the_prefix_layout_and_plain_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        write_tree(
            &root,
            &[
                ("usr/bin/ruby3.1", "elf"),
                ("usr/bin/erb3.1", "#!/usr/bin/ruby3.1\nload 'erb'\n"),
                ("usr/bin/bundle3.1", "#!/usr/bin/ruby3.1\n"),
                ("usr/lib/ruby/3.1.0/set.rb", "class Set; end"),
                ("usr/lib/ruby/vendor_ruby/x.rb", ""),
                (
                    "usr/lib/x86_64-linux-gnu/ruby/3.1.0/rbconfig.rb",
                    "CONFIG[\"ruby_install_name\"] = \"$(RUBY_BASE_NAME)3.1\"\n",
                ),
                ("usr/include/ruby-3.1.0/ruby.h", ""),
            ],
        );
        let home = dir.path().join("ruby");
        lay_out(&root, &home).expect("lays out");
        for wanted in [
            "bin/ruby",
            "bin/gem",
            "lib/ruby/3.1.0/set.rb",
            "include/ruby-3.1.0/ruby.h",
        ] {
            assert!(home.join(wanted).is_file(), "{wanted}");
        }
        assert_eq!(
            fs_err::read_to_string(home.join("bin/erb")).expect("erb"),
            "#!/usr/bin/env ruby\nload 'erb'\n"
        );
        assert!(!home.join("bin/bundle").exists());
        assert!(!home.join("lib/ruby/vendor_ruby").exists());
        let rbconfig =
            fs_err::read_to_string(home.join(RUBYLIB[1]).join("rbconfig.rb")).expect("rbconfig");
        assert!(rbconfig.contains("= \"$(RUBY_BASE_NAME)\""), "{rbconfig}");
    }
}
