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
//!   writes), for Bundler's mirror setting, holding:
//!   - rack, webrick and rake, and Rails 6.1 whole (`rails` with railties, actionpack,
//!     actionview, activesupport, activemodel, activerecord, activejob, actionmailer,
//!     actionmailbox, actioncable, activestorage, actiontext, sprockets 3, sprockets-rails
//!     and every gem their gemspecs name): Debian's packages rebuilt with
//!     `Gem::Package.build`, at the versions Debian's gemspecs name (Debian's own
//!     dependency lists, so `actionpack` takes `rack >= 2.0.9`); racc and the other default
//!     gems they need resolve to MRI's;
//!   - net-imap, net-pop and net-smtp, MRI's bundled gems, rebuilt from MRI's tree: Bundler
//!     does not see bundled gems once it installs into a path;
//!   - `x86_64-linux` platform gems carrying Debian's compiled extension where the package
//!     lacks the C sources a `.gem` must carry for `bundle install` to compile it: nokogiri
//!     (without its `mini_portile2` dependency, as rubygems.org's precompiled gems; with the
//!     libxml2, libxslt and ICU libraries the run image lacks, packed beside it), thin,
//!     eventmachine, unicorn, kgio, raindrops, websocket-driver and nio4r. Some gemspecs
//!     name other versions than their package: eventmachine's 1.3 snapshot is the
//!     prerelease 1.3.0.dev.1, kgio 2.11.2's gemspec says 2.11.0;
//!   - puma built from Debian's source package, so `bundle install` compiles its extension
//!     (nio4r's source package is not on every mirror, so it is a platform gem).
//!
//! Passenger is not in it: Debian's package is a system install (its C++ agent at fixed
//! `/usr/lib/passenger` paths named by `locations.ini`, no gemspec).
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
/// A package with a compiled extension but not its C sources becomes an `x86_64-linux`
/// platform gem carrying Debian's extension (see the script). The gems `rails` needs come
/// first, then thin's and unicorn's, then puma's nio4r.
const SOURCE_GEMS: &[(&str, &str)] = &[
    ("ruby-rack", "rack"),
    ("ruby-webrick", "webrick"),
    ("rake", "rake"),
    ("ruby-rails", "rails"),
    ("ruby-railties", "railties"),
    ("ruby-actionpack", "actionpack"),
    ("ruby-actionview", "actionview"),
    ("ruby-activesupport", "activesupport"),
    ("ruby-activemodel", "activemodel"),
    ("ruby-activerecord", "activerecord"),
    ("ruby-activejob", "activejob"),
    ("ruby-actionmailer", "actionmailer"),
    ("ruby-actionmailbox", "actionmailbox"),
    ("ruby-actioncable", "actioncable"),
    ("ruby-activestorage", "activestorage"),
    ("ruby-actiontext", "actiontext"),
    ("ruby-sprockets", "sprockets"),
    ("ruby-sprockets-rails", "sprockets-rails"),
    ("ruby-rack-test", "rack-test"),
    ("ruby-rails-dom-testing", "rails-dom-testing"),
    ("ruby-rails-html-sanitizer", "rails-html-sanitizer"),
    ("ruby-loofah", "loofah"),
    ("ruby-crass", "crass"),
    ("ruby-nokogiri", "nokogiri"),
    ("ruby-builder", "builder"),
    ("ruby-erubi", "erubi"),
    ("ruby-concurrent", "concurrent-ruby"),
    ("ruby-i18n", "i18n"),
    ("ruby-minitest", "minitest"),
    ("ruby-tzinfo", "tzinfo"),
    ("ruby-zeitwerk", "zeitwerk"),
    ("ruby-method-source", "method_source"),
    ("ruby-thor", "thor"),
    ("ruby-globalid", "globalid"),
    ("ruby-mail", "mail"),
    ("ruby-mini-mime", "mini_mime"),
    ("ruby-marcel", "marcel"),
    ("ruby-websocket-driver", "websocket-driver"),
    ("ruby-websocket-extensions", "websocket-extensions"),
    ("thin", "thin"),
    ("ruby-eventmachine", "eventmachine"),
    ("ruby-daemons", "daemons"),
    ("unicorn", "unicorn"),
    ("ruby-raindrops", "raindrops"),
    ("ruby-kgio", "kgio"),
    ("ruby-nio4r", "nio4r"),
];
/// Ruby 3.1's bundled gems (installed with MRI, not default gems, so invisible to Bundler
/// once it installs into a path) that actionmailer and actionmailbox declare: rebuilt from
/// MRI's tree, at the versions MRI carries.
const BUNDLED_GEMS: &[&str] = &["net-imap", "net-pop", "net-smtp"];
/// The gem source's gems built from Debian's source packages with `gem build`, so that
/// `bundle install` compiles their extensions: (binary package, source package, gem name).
const SOURCE_PACKAGE_GEMS: &[(&str, &str, &str)] = &[("puma", "puma", "puma")];
/// Changes with what the set holds beyond the package versions, for the cache key.
const RECIPE: &str = "r3";
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
    let mut versions = gems.clone();
    for (binary, _, _) in SOURCE_PACKAGE_GEMS {
        versions.push(deb::candidate(binary)?);
    }
    let key = cache_key(&mri, &bundler, &versions);
    let dir = cache.folder("ruby")?.join(&key);
    if !dir.is_dir() {
        eprintln!("stowage-dev: assembling Ruby {mri}, Bundler {bundler} and a gem source");
        let work = Cache::work_in(&cache.folder("ruby")?)?;
        let out = build(work.path(), &mri, &bundler, &gems)?;
        publish(&out, &dir)?;
    }
    Ok(dir)
}

/// `<MRI>_<Bundler>_<gems>_<RECIPE>`: the gems' package versions (too many for a file name)
/// as the first 16 hex digits of their SHA-256.
fn cache_key(mri: &str, bundler: &str, gem_versions: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let digest = hex::encode(Sha256::digest(gem_versions.join("\n").as_bytes()));
    format!("{mri}_{bundler}_{}_{RECIPE}", &digest[..16])
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
    // Each package in its own folder: the older layout's files are told apart by package.
    deb::extract(
        &deb::download(BUNDLER_PACKAGE, bundler, &download)?,
        &gem_tree.join(BUNDLER_PACKAGE),
    )?;
    for ((package, _), version) in SOURCE_GEMS.iter().zip(gems) {
        deb::extract(
            &deb::download(package, version, &download)?,
            &gem_tree.join(package),
        )?;
    }
    pack_extension_libraries(&gem_tree, &download.join("extension-libraries"), work)?;
    let gem_builder = GemBuilder {
        ruby: &ruby,
        work,
        script: &script,
        gem_tree: &gem_tree,
        built: &built,
    };
    gem_source(&gem_builder, &out.join("rubygems"))?;

    let bundler_gem = gem_builder.binary_gem(&gem_tree.join(BUNDLER_PACKAGE), "bundler")?;
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
    /// The `.gem` of `name` from the unpacked package (or gem folder) `root`, at the version
    /// its gemspec names.
    fn binary_gem(&self, root: &Path, name: &str) -> Result<PathBuf> {
        output_of(
            ruby_command(self.ruby, self.work, &self.ruby.join("bin/ruby"))?
                .arg(self.script)
                .arg(root)
                .arg(name)
                .arg(self.built),
            &format!("gem build {name}"),
        )?;
        // `<name>-<version>.gem`, or `<name>-<version>-<platform>.gem` for a gem with a
        // compiled extension.
        fs_err::read_dir(self.built)?
            .filter_map(std::result::Result::ok)
            .map(|entry| entry.path())
            .find(|path| {
                path.extension().is_some_and(|e| e == "gem")
                    && path
                        .file_name()
                        .and_then(|file| file.to_str())
                        .and_then(|file| file.strip_prefix(name))
                        .and_then(|rest| rest.strip_prefix('-'))
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            })
            .ok_or_else(|| format!("gem build {name} wrote no .gem").into())
    }
}

/// Debian's compiled extensions in the unpacked packages under `gem_tree` get the libraries
/// the run image lacks (nokogiri's libxml2, libxslt and ICU) packed beside them, with
/// `$ORIGIN` rpaths, so that their platform gems load on the run image. Never libruby: the
/// extension uses the one the running `ruby` loaded.
fn pack_extension_libraries(gem_tree: &Path, download: &Path, work: &Path) -> Result<()> {
    let mut compiled = Vec::new();
    let mut libraries = std::collections::BTreeSet::new();
    for (package, _) in SOURCE_GEMS {
        let mut elves = Vec::new();
        shared_objects(&gem_tree.join(package), &mut elves)?;
        if elves.is_empty() {
            continue;
        }
        for library in elf_libs::library_packages(package)? {
            if !library.starts_with("libruby") {
                libraries.insert(library);
            }
        }
        compiled.push(elves);
    }
    let libraries: Vec<String> = libraries.into_iter().collect();
    let root = work.join("extension-libraries");
    for file in elf_libs::download_all(&libraries, download)? {
        deb::extract(&file, &root)?;
    }
    for elves in compiled {
        let folder = elves[0].parent().ok_or("an extension has no folder")?;
        elf_libs::pack(&root, &elves, folder)?;
    }
    Ok(())
}

/// The static gem source in `repository`: the binary packages' gems, MRI's bundled gems,
/// the source packages' gems, and the index `gem generate_index` writes.
fn gem_source(builder: &GemBuilder, repository: &Path) -> Result<()> {
    fs_err::create_dir_all(repository.join("gems"))?;
    let mut files = Vec::new();
    for (package, name) in SOURCE_GEMS {
        files.push(builder.binary_gem(&builder.gem_tree.join(package), name)?);
    }
    for name in BUNDLED_GEMS {
        files.push(builder.binary_gem(&builder.ruby.join("lib/ruby/gems/3.1.0"), name)?);
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

    /// Every gem's package version is in the key, which stays a short file name.
    #[test]
    fn the_cache_key_follows_every_gem_version() {
        let versions = vec!["2.2.22-0+deb12u2".to_string(); SOURCE_GEMS.len()];
        let key = cache_key("3.1.2-1", "2.3.15-2", &versions);
        assert!(key.starts_with("3.1.2-1_2.3.15-2_"), "{key}");
        assert!(key.ends_with(&format!("_{RECIPE}")), "{key}");
        assert!(key.len() < 80, "{key}");
        let mut changed = versions.clone();
        changed[7] = "2.2.23-0".to_string();
        assert_ne!(key, cache_key("3.1.2-1", "2.3.15-2", &changed));
    }

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
