//! The compiled assets: a launch layer (`assets`) holding each output folder, linked from the
//! app, kept while the asset sources, Gemfile.lock and `RAILS_ENV` are unchanged; and a cache
//! layer (`sprockets-cache`) for Sprockets' cache, so a changed source recompiles only what
//! it touches and the cache stays out of the image.

use crate::paths::{AssetPaths, SPROCKETS_CACHE, layer_folder};
use crate::{RailsAssetsBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use std::path::Path;
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::cached_layer::CachedLayer;
use stowage_kit::command::run_streamed;
use stowage_kit::install_inputs::InstallInputs;
use stowage_kit::output::Output;
use stowage_ruby::gemfile_lock::GEMFILE_LOCK;

pub(crate) const PRECOMPILE: [&str; 5] = [
    "bundle",
    "exec",
    "rails",
    "assets:precompile",
    "assets:clean",
];

/// What the compile is run with beyond the app's own environment: `RAILS_ENV` and, unless
/// set, a placeholder `SECRET_KEY_BASE` (Rails refuses to boot in production without one).
pub(crate) struct Compile {
    pub(crate) rails_env: String,
    pub(crate) extra_env: Vec<(&'static str, String)>,
}

/// Links each output folder of the app to its folder in the `assets` layer, compiling into
/// them unless the layer kept from the last build still fits.
pub(crate) fn contribute(
    context: &BuildContext<RailsAssetsBuildpack>,
    paths: &AssetPaths,
    compile: &Compile,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    let app = &context.app_dir;
    for folder in paths
        .outputs
        .iter()
        .map(String::as_str)
        .chain([SPROCKETS_CACHE])
    {
        remove(&app.join(folder))?;
    }
    let sources: Vec<&str> = paths.sources.iter().map(String::as_str).collect();
    let inputs = InstallInputs::collect(
        app,
        &PRECOMPILE.join(" "),
        &[GEMFILE_LOCK],
        &[("RAILS_ENV", &compile.rails_env)],
    )?
    .with_folders(app, &sources)?;
    let assets = CachedLayer {
        name: layer_name!("assets"),
        build: false,
        launch: true,
        key: inputs,
    }
    .open(context)?;
    if assets.is_kept() {
        output.step(&format!("Reusing the compiled assets: {}", assets.reason()));
    } else {
        output.step(&format!("Compiling the assets: {}", assets.reason()));
    }
    assets.debug_compared_keys(output);
    for folder in &paths.outputs {
        let target = assets.path().join(layer_folder(folder));
        fs_err::create_dir_all(&target).map_err(|error| errors::app_files(&target, &error))?;
        link(&target, &app.join(folder))?;
    }
    if !assets.is_kept() {
        let cache = CachedLayer {
            name: layer_name!("sprockets-cache"),
            build: false,
            launch: false,
            key: InstallInputs::collect(app, "sprockets cache", &[], &[])?,
        }
        .open(context)?;
        cache.record()?;
        link(&cache.path(), &app.join(SPROCKETS_CACHE))?;
    }
    assets.fill_if_empty(|_| precompile(app, compile, output))?;
    assets.write_env(launch_defaults())?;
    Ok(())
}

/// Runs the compile, then drops the link to Sprockets' cache (the cache is not part of the
/// image).
fn precompile(app: &Path, compile: &Compile, output: &mut Output) -> Result<(), Error> {
    let mut command = Command::new(PRECOMPILE[0]);
    command
        .args(&PRECOMPILE[1..])
        .current_dir(app)
        .env("RAILS_ENV", &compile.rails_env)
        .envs(compile.extra_env.iter().map(|(name, value)| (name, value)));
    output.timed("Precompiling", |output| {
        run_streamed(
            &mut command,
            output,
            errors::PRECOMPILE_FAILED,
            errors::PRECOMPILE_ADVICE,
        )
    })?;
    remove(&app.join(SPROCKETS_CACHE))
}

/// What Paketo's rails-assets sets for the app, each unless the user sets it.
fn launch_defaults() -> LayerEnv {
    [
        ("RAILS_ENV", "production"),
        ("RAILS_SERVE_STATIC_FILES", "true"),
        ("RAILS_LOG_TO_STDOUT", "true"),
    ]
    .into_iter()
    .fold(LayerEnv::new(), |env, (name, value)| {
        env.chainable_insert(Scope::Launch, ModificationBehavior::Default, name, value)
    })
}

/// Removes a file, a link or a folder the app has at `path`; nothing there is fine.
fn remove(path: &Path) -> Result<(), Error> {
    let removed = match fs_err::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => Err(error),
        Ok(metadata) if metadata.is_dir() => fs_err::remove_dir_all(path),
        Ok(_) => fs_err::remove_file(path),
    };
    removed.map_err(|error| errors::app_files(path, &error))
}

/// `link` becomes a symlink to `target`, its parent folders created.
fn link(target: &Path, link: &Path) -> Result<(), Error> {
    let made = link
        .parent()
        .map_or(Ok(()), fs_err::create_dir_all)
        .and_then(|()| fs_err::os::unix::fs::symlink(target, link));
    made.map_err(|error| errors::app_files(link, &error))
}
