//! The start script: the files `BP_APPLICATION_SCRIPT` (default `*/bin/*`) matches in the app,
//! without Windows `.bat` scripts, as Paketo's dist-zip finds them.

use crate::errors::{self, SCRIPT};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::config::Config;

const DEFAULT: &str = "*/bin/*";

pub(crate) fn pattern(config: &Config) -> String {
    config
        .string(SCRIPT)
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| DEFAULT.to_string())
}

/// Every matching file, sorted.
pub(crate) fn candidates(app: &Path, pattern: &str) -> Vec<PathBuf> {
    stowage_jvm::glob(app, pattern)
        .into_iter()
        .filter(|path| app.join(path).is_file())
        .filter(|path| path.extension().is_none_or(|extension| extension != "bat"))
        .collect()
}

/// The one script, or why there is not exactly one.
pub(crate) fn find(app: &Path, pattern: &str) -> Result<PathBuf, Error> {
    match candidates(app, pattern).as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(errors::no_script(pattern)),
        several => Err(errors::several_scripts(pattern, several)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bat_scripts_and_folders_are_left_out() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("app/bin/sub")).expect("mkdir");
        std::fs::write(dir.path().join("app/bin/app"), "#!/bin/sh\n").expect("write");
        std::fs::write(dir.path().join("app/bin/app.bat"), "@echo off\n").expect("write");
        assert_eq!(
            find(dir.path(), DEFAULT).expect("one"),
            PathBuf::from("app/bin/app")
        );
        std::fs::write(dir.path().join("app/bin/tool"), "#!/bin/sh\n").expect("write");
        assert_eq!(
            find(dir.path(), DEFAULT).expect_err("two").id,
            "dist-zip/several-scripts"
        );
        assert_eq!(
            find(dir.path(), "app/bin/tool").expect("chosen"),
            PathBuf::from("app/bin/tool")
        );
        assert_eq!(
            find(dir.path(), "lib/*").expect_err("none").id,
            "dist-zip/no-script"
        );
    }
}
