//! `BP_NODE_PROJECT_PATH`: the folder of the Node.js project inside the app.

use libcnb::Env;
use std::path::{Component, Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

pub const PROJECT_PATH: &str = "BP_NODE_PROJECT_PATH";

/// The project folder: the app dir, or the subfolder `BP_NODE_PROJECT_PATH` names.
pub fn resolve_project_dir(app_dir: &Path, config: &Config) -> Result<PathBuf, Error> {
    let Some(relative) = config.string(PROJECT_PATH) else {
        return Ok(app_dir.to_path_buf());
    };
    let relative_path = Path::new(&relative);
    let stays_inside = relative_path
        .components()
        .all(|component| matches!(component, Component::Normal(_) | Component::CurDir));
    let dir = app_dir.join(relative_path);
    if stays_inside && dir.is_dir() {
        Ok(dir)
    } else {
        Err(Error::new(
            "nodejs/project-path-not-found",
            format!("{PROJECT_PATH} names a folder that is not in the app"),
            format!(
                "{PROJECT_PATH} is `{relative}`, but there is no such folder inside the app.\nSet it to the app-relative path of the folder that holds package.json, such as `frontend`, or unset it."
            ),
        )
        .variable(PROJECT_PATH))
    }
}

/// The platform's settings and the project folder in them: where every Node.js buildpack
/// starts its detect and build.
pub fn config_and_project_dir<'a>(
    app_dir: &Path,
    env: &'a Env,
) -> Result<(Config<'a>, PathBuf), Error> {
    let config = Config::new(env);
    let project = resolve_project_dir(app_dir, &config)?;
    Ok((config, project))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_the_app_and_follows_a_subfolder() {
        let app = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir(app.path().join("web")).expect("mkdir");
        let mut env = Env::new();
        assert_eq!(
            resolve_project_dir(app.path(), &Config::new(&env)),
            Ok(app.path().to_path_buf())
        );
        env.insert(PROJECT_PATH, "web");
        assert_eq!(
            resolve_project_dir(app.path(), &Config::new(&env)),
            Ok(app.path().join("web"))
        );
    }

    #[test]
    fn rejects_missing_and_escaping_folders() {
        let app = tempfile::tempdir().expect("temp dir");
        let mut env = Env::new();
        env.insert(PROJECT_PATH, "../elsewhere");
        assert!(resolve_project_dir(app.path(), &Config::new(&env)).is_err());
        env.insert(PROJECT_PATH, "missing");
        let error = resolve_project_dir(app.path(), &Config::new(&env)).expect_err("missing");
        insta::assert_snapshot!(error.render());
    }
}
