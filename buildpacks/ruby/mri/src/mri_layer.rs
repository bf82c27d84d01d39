//! The `mri` layer: Ruby (checksum-verified, cached, with SBOMs) for the build and the app,
//! with `bin` on `PATH`, `GEM_PATH` (its own gems), `MALLOC_ARENA_MAX=2` (Paketo's default,
//! fewer glibc arenas for threaded servers) and `RUBYLIB` naming its standard library: the
//! Debian build of MRI looks for it under `/usr` otherwise (see `artifacts ruby`).

use crate::MriBuildpack;
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::dependency_layer::{self, DependencyLayer};
use stowage_kit::inventory::Dependency;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<MriBuildpack>,
    dependency: &Dependency,
    config: &Config,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let layer = dependency_layer::install(
        context,
        &DependencyLayer {
            name: layer_name!("mri"),
            dependency,
            build: true,
            launch: true,
        },
        config,
        output,
    )?;
    let home = layer.path();
    let abi = format!(
        "{}.{}.0",
        dependency.version.major, dependency.version.minor
    );
    let rubylib: Vec<String> = rubylib(&home, &abi)
        .iter()
        .map(|dir| dir.display().to_string())
        .collect();
    let mut env = LayerEnv::new()
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Prepend,
            "PATH",
            home.join("bin"),
        )
        .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "PATH", ":")
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "GEM_PATH",
            home.join("lib/ruby/gems").join(&abi),
        )
        .chainable_insert(
            Scope::All,
            ModificationBehavior::Default,
            "MALLOC_ARENA_MAX",
            "2",
        );
    if !rubylib.is_empty() {
        output.step("RUBYLIB names the standard library of this Ruby");
        env = env
            .chainable_insert(
                Scope::All,
                ModificationBehavior::Prepend,
                "RUBYLIB",
                rubylib.join(":"),
            )
            .chainable_insert(Scope::All, ModificationBehavior::Delimiter, "RUBYLIB", ":");
    }
    layer.write_env(env)?;
    Ok(())
}

/// The standard library's folders of the MRI in `home`: `lib/ruby/<abi>` (`rubygems.rb`) and
/// the architecture's `lib/<multiarch triple>/ruby/<abi>` (`rbconfig.rb`), whichever triple
/// this MRI was built for.
fn rubylib(home: &Path, abi: &str) -> Vec<PathBuf> {
    let common = home.join("lib/ruby").join(abi);
    let mut arch: Vec<PathBuf> = fs_err::read_dir(home.join("lib"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("ruby").join(abi))
        .filter(|dir| dir.join("rbconfig.rb").is_file())
        .collect();
    arch.sort();
    let mut dirs: Vec<PathBuf> = Some(common)
        .filter(|dir| dir.join("rubygems.rb").is_file())
        .into_iter()
        .collect();
    dirs.extend(arch);
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubylib_names_the_folders_of_the_architecture_ruby_was_built_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path();
        for file in [
            "lib/ruby/3.1.0/rubygems.rb",
            "lib/aarch64-linux-gnu/ruby/3.1.0/rbconfig.rb",
            "lib/aarch64-linux-gnu/libruby-3.1.so.3.1",
            "lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec",
        ] {
            let path = home.join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, "").expect("write");
        }
        assert_eq!(
            rubylib(home, "3.1.0"),
            [
                home.join("lib/ruby/3.1.0"),
                home.join("lib/aarch64-linux-gnu/ruby/3.1.0")
            ]
        );
        assert!(rubylib(home, "3.2.0").is_empty());
    }
}
