//! `BP_COMPOSER_INSTALL_GLOBAL`: `composer global require` into the `composer-global` layer
//! (build only, made anew each build), its `vendor/bin` first on `PATH` for the steps after.
//! The layer is the global Composer home; its composer.json gets the app's `repositories`,
//! so global packages come from Packagist or from the sources the app's own install uses.

use crate::composer::Composer;
use crate::settings::Settings;
use crate::{ComposerInstallBuildpack, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use serde_json::{Map, Value};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::output::Output;

pub(crate) fn install(
    context: &BuildContext<ComposerInstallBuildpack>,
    composer: &mut Composer,
    settings: &Settings,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section("Installing global Composer packages (BP_COMPOSER_INSTALL_GLOBAL)");
    let layer = context.uncached_layer(
        layer_name!("composer-global"),
        UncachedLayerDefinition {
            build: true,
            launch: false,
        },
    )?;
    let home = layer.path();
    if let Some(repositories) = app_repositories(&settings.json, &context.app_dir) {
        let file = home.join("composer.json");
        let text = serde_json::json!({ "repositories": repositories }).to_string();
        fs_err::write(&file, text)
            .map_err(|error| errors::global_home_not_written(&file, &error))?;
        output.step("Global packages may also come from the app's composer.json repositories");
    }
    let mut args = vec![
        "global".to_string(),
        "require".to_string(),
        "--no-progress".to_string(),
        "--no-interaction".to_string(),
    ];
    args.extend(settings.global.iter().cloned());
    let mut command = composer.command(&context.app_dir, &args, &[("COMPOSER_HOME", &home)]);
    let ran = Composer::run(&mut command, output)?;
    if ran.code != Some(0) {
        return Err(errors::global_failed(&args.join(" "), ran.code, &ran.text).into());
    }
    let bin = home.join("vendor/bin");
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(Scope::Build, ModificationBehavior::Prepend, "PATH", &bin)
            .chainable_insert(Scope::Build, ModificationBehavior::Delimiter, "PATH", ":"),
    )?;
    composer.put_first_on_path(bin);
    Ok(())
}

/// The app composer.json's `repositories` (a list or a map, as Composer takes them), local
/// `path` and `artifact` URLs made absolute against the app folder, since the global home is
/// elsewhere. `None` when there are none or the file does not read: the app's own install
/// reports a bad composer.json.
fn app_repositories(json: &Path, app: &Path) -> Option<Value> {
    let text = fs_err::read_to_string(json).ok()?;
    let mut parsed: Value = serde_json::from_str(&text).ok()?;
    let repositories = parsed.get_mut("repositories")?;
    match repositories {
        Value::Array(list) => list.iter_mut().for_each(|repo| anchor(repo, app)),
        Value::Object(map) => map.values_mut().for_each(|repo| anchor(repo, app)),
        _ => return None,
    }
    Some(repositories.take())
}

fn anchor(repository: &mut Value, app: &Path) {
    let Some(repo) = repository.as_object_mut() else {
        return;
    };
    let local = matches!(kind(repo), Some("path" | "artifact"));
    if let (true, Some(Value::String(url))) = (local, repo.get_mut("url"))
        && Path::new(url.as_str()).is_relative()
    {
        *url = app.join(url.as_str()).display().to_string();
    }
}

fn kind(repo: &Map<String, Value>) -> Option<&str> {
    repo.get("type").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_repositories_point_into_the_app_and_others_stay() {
        let dir = tempfile::tempdir().expect("temp dir");
        let json = dir.path().join("composer.json");
        fs_err::write(
            &json,
            r#"{"repositories": [
                {"type": "path", "url": "tools/*"},
                {"type": "path", "url": "/abs/pkg"},
                {"type": "artifact", "url": "zips"},
                {"type": "vcs", "url": "https://git.example/acme/tool"},
                {"type": "composer", "url": "https://repo.example"},
                {"packagist.org": false}
            ]}"#,
        )
        .expect("write");
        let app = Path::new("/workspace");
        let repositories = app_repositories(&json, app).expect("repositories");
        let urls: Vec<Option<&str>> = repositories
            .as_array()
            .expect("list")
            .iter()
            .map(|repo| repo.get("url").and_then(Value::as_str))
            .collect();
        assert_eq!(
            urls,
            [
                Some("/workspace/tools/*"),
                Some("/abs/pkg"),
                Some("/workspace/zips"),
                Some("https://git.example/acme/tool"),
                Some("https://repo.example"),
                None
            ]
        );
        assert_eq!(repositories[5]["packagist.org"], Value::Bool(false));

        fs_err::write(
            &json,
            r#"{"repositories": {"own": {"type": "path", "url": "p"}}}"#,
        )
        .expect("write");
        let map = app_repositories(&json, app).expect("map");
        assert_eq!(map["own"]["url"], "/workspace/p");

        fs_err::write(&json, r#"{"require": {}}"#).expect("write");
        assert_eq!(app_repositories(&json, app), None);
        fs_err::write(&json, "{").expect("write");
        assert_eq!(app_repositories(&json, app), None);
    }
}
