//! The commands of an unpacked npm package: its `package.json` `bin` entries, linked into
//! the package's `bin` folder under their command names, as `npm install --global` would.

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};
use stowage_kit::Error;

/// Links `<package>/bin/<command>` to each `bin` entry and makes the targets executable.
/// Returns the command names, sorted. Running it again changes nothing.
pub(crate) fn link(package: &Path) -> Result<Vec<String>, Error> {
    let manifest = package.join("package.json");
    let text = fs_err::read_to_string(&manifest).map_err(|error| broken(&manifest, error))?;
    let json: Value = serde_json::from_str(&text).map_err(|error| broken(&manifest, error))?;
    let name = json.get("name").and_then(Value::as_str).unwrap_or_default();
    let entries: Vec<(String, String)> = match json.get("bin") {
        Some(Value::String(path)) => vec![(command_name(name), path.clone())],
        Some(Value::Object(map)) => map
            .iter()
            .filter_map(|(command, path)| Some((command.clone(), path.as_str()?.to_string())))
            .collect(),
        _ => Vec::new(),
    };
    let bin = package.join("bin");
    fs_err::create_dir_all(&bin).map_err(|error| broken(&bin, error))?;
    let mut commands = Vec::new();
    for (command, target) in entries {
        let Some(relative) = inside(&target).filter(|_| is_plain_name(&command)) else {
            return Err(broken(
                &manifest,
                format!("bin entry `{command}` -> `{target}` leaves the package"),
            ));
        };
        let target_path = package.join(&relative);
        make_executable(&target_path)?;
        let link = bin.join(&command);
        let link_target = Path::new("..").join(&relative);
        if fs_err::read_link(&link).ok().as_deref() != Some(link_target.as_path()) {
            if fs_err::symlink_metadata(&link).is_ok() {
                fs_err::remove_file(&link).map_err(|error| broken(&link, error))?;
            }
            fs_err::os::unix::fs::symlink(&link_target, &link)
                .map_err(|error| broken(&link, error))?;
        }
        commands.push(command);
    }
    commands.sort();
    Ok(commands)
}

/// `@yarnpkg/cli-dist` → `cli-dist`, as npm names a single `bin` after the package.
fn command_name(package_name: &str) -> String {
    package_name
        .rsplit('/')
        .next()
        .unwrap_or(package_name)
        .to_string()
}

fn is_plain_name(command: &str) -> bool {
    !command.is_empty() && !command.contains('/') && command != "." && command != ".."
}

/// The path relative to the package, when it stays inside it.
fn inside(target: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for component in Path::new(target).components() {
        match component {
            Component::Normal(part) => relative.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!relative.as_os_str().is_empty()).then_some(relative)
}

fn make_executable(path: &Path) -> Result<(), Error> {
    let metadata = fs_err::metadata(path).map_err(|error| broken(path, error))?;
    let mode = metadata.permissions().mode();
    if mode & 0o111 != 0o111 {
        fs_err::set_permissions(path, std::fs::Permissions::from_mode(mode | 0o111))
            .map_err(|error| broken(path, error))?;
    }
    Ok(())
}

fn broken(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::new(
        "nodejs/package-commands",
        "The package manager's commands could not be set up",
        "The downloaded package does not have the layout this buildpack expects. This is a bug \
         in the buildpack or its dependency metadata; please report it with the build log.",
    )
    .file(path)
    .debug(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(manifest: &str, files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::write(dir.path().join("package.json"), manifest).expect("write");
        for file in files {
            let path = dir.path().join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(&path, "#!/usr/bin/env node\n").expect("write");
        }
        dir
    }

    #[test]
    fn links_each_command_and_replaces_a_same_named_script() {
        let dir = package(
            r#"{"name":"@yarnpkg/cli-dist","bin":{"yarn":"bin/yarn.js","yarnpkg":"./bin/yarn.js"}}"#,
            &["bin/yarn.js", "bin/yarn"],
        );
        assert_eq!(link(dir.path()), Ok(vec!["yarn".into(), "yarnpkg".into()]));
        assert_eq!(link(dir.path()), Ok(vec!["yarn".into(), "yarnpkg".into()]));
        let yarn = dir.path().join("bin/yarn");
        assert_eq!(
            fs_err::read_link(&yarn).expect("a symlink"),
            Path::new("../bin/yarn.js")
        );
        let mode = fs_err::metadata(&yarn)
            .expect("target")
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111);
    }

    #[test]
    fn a_single_bin_is_named_after_the_package() {
        let dir = package(r#"{"name":"pnpm","bin":"bin/pnpm.cjs"}"#, &["bin/pnpm.cjs"]);
        assert_eq!(link(dir.path()), Ok(vec!["pnpm".into()]));
    }

    #[test]
    fn a_bin_outside_the_package_is_refused() {
        let dir = package(r#"{"name":"x","bin":{"x":"../../etc/passwd"}}"#, &[]);
        let error = link(dir.path()).expect_err("escapes");
        assert_eq!(error.id, "nodejs/package-commands");
        insta::assert_snapshot!(
            error
                .render()
                .replace(&dir.path().display().to_string(), "<package>")
        );
    }
}
