//! stowage/rake: runs the app's Rakefile task at launch (Paketo's rake).
//!
//! Detect passes with a `Rakefile` (`Rakefile.rb`, `rakefile`, `rakefile.rb`) and requires
//! `mri` at launch, and `gems` and `bundler` too when the Gemfile names rake. Build sets the
//! `web` process `bundle exec rake` (rake in the Gemfile) or `rake` (MRI's), running
//! `BP_RAKE_TASK` when set and the Rakefile's default task otherwise, as Paketo's does.
//! Without a Rakefile but with a Gemfile, its detect says what the app lacks (`ruby/no-server`):
//! the lifecycle shows it when no group passes.

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

use libcnb::build::{BuildContext, BuildResult};
use libcnb::detect::{DetectContext, DetectResult};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::{Buildpack, Platform, buildpack_main};
use std::path::Path;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::{Error, error};
use stowage_ruby::{errors, gemfile, server};

const RAKEFILES: &[&str] = &["Rakefile", "Rakefile.rb", "rakefile", "rakefile.rb"];
const TASK: &str = "BP_RAKE_TASK";

pub struct RakeBuildpack;

impl Buildpack for RakeBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let has_rakefile = RAKEFILES
            .iter()
            .any(|name| context.app_dir.join(name).is_file());
        // Rake's is the last Ruby group: with a Gemfile, no Ruby group could start the app.
        if !has_rakefile && context.app_dir.join(gemfile::GEMFILE).is_file() {
            print!("{}", errors::no_server().render());
        }
        let needs: &[&str] = if bundled(&context.app_dir) {
            &["mri", "gems", "bundler"]
        } else {
            &["mri"]
        };
        server::detect(&context, has_rakefile, needs)
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        output.section("Assigning launch processes");
        let mut script = if bundled(&context.app_dir) {
            output.step("The Gemfile names rake: it runs through Bundler");
            "bundle exec rake".to_string()
        } else {
            "rake".to_string()
        };
        match Config::new(context.platform.env()).string(TASK) {
            Some(task) => {
                output.step(&format!("Task {task}, from {TASK}"));
                script.push(' ');
                script.push_str(&task);
            }
            None => output.step("The Rakefile's default task"),
        }
        server::web(&context, &mut output, &script)
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// Whether rake comes from the app's gems (the Gemfile names it).
fn bundled(app: &Path) -> bool {
    gemfile::app_has_gem(app, "rake", false)
}

buildpack_main!(RakeBuildpack);
