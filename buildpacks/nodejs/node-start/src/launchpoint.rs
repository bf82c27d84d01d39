//! The file `node` starts: `BP_LAUNCHPOINT`, else the first of `server`, `app`, `main`,
//! `index` with `.js`, `.cjs` or `.mjs`, in the project folder.

use crate::errors;
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const LAUNCHPOINT: &str = "BP_LAUNCHPOINT";
const NAMES: [&str; 4] = ["server", "app", "main", "index"];
const EXTENSIONS: [&str; 3] = ["js", "cjs", "mjs"];

/// The launchpoint relative to the project folder, or `None` when the app has none.
pub(crate) fn find(project_dir: &Path, config: &Config) -> Result<Option<PathBuf>, Error> {
    if let Some(chosen) = config.string(LAUNCHPOINT) {
        let relative = PathBuf::from(&chosen);
        return if project_dir.join(&relative).is_file() {
            Ok(Some(relative))
        } else {
            Err(errors::launchpoint_not_found(&chosen))
        };
    }
    Ok(NAMES
        .iter()
        .flat_map(|name| {
            EXTENSIONS
                .iter()
                .map(move |extension| PathBuf::from(format!("{name}.{extension}")))
        })
        .find(|candidate| project_dir.join(candidate).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    fn app(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in files {
            let path = dir.path().join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, "").expect("write");
        }
        dir
    }

    #[test]
    fn finds_the_first_conventional_name() {
        let dir = app(&["index.js", "app.mjs", "main.cjs"]);
        let found = find(dir.path(), &Config::new(&Env::new())).expect("valid");
        assert_eq!(found, Some(PathBuf::from("app.mjs")));
    }

    #[test]
    fn prefers_server_and_js_first() {
        let dir = app(&["server.cjs", "server.js", "app.js"]);
        let found = find(dir.path(), &Config::new(&Env::new())).expect("valid");
        assert_eq!(found, Some(PathBuf::from("server.js")));
    }

    #[test]
    fn none_without_a_launchpoint() {
        let dir = app(&["lib/server.js", "README.md"]);
        assert_eq!(find(dir.path(), &Config::new(&Env::new())), Ok(None));
    }

    #[test]
    fn bp_launchpoint_wins_and_must_exist() {
        let dir = app(&["server.js", "src/start.js"]);
        let mut env = Env::new();
        env.insert(LAUNCHPOINT, "src/start.js");
        let found = find(dir.path(), &Config::new(&env)).expect("valid");
        assert_eq!(found, Some(PathBuf::from("src/start.js")));
        env.insert(LAUNCHPOINT, "src/missing.js");
        let error = find(dir.path(), &Config::new(&env)).expect_err("missing");
        assert_eq!(error, errors::launchpoint_not_found("src/missing.js"));
    }
}
