//! `nginx -t` at build: the templates rendered with what is known at build into a scratch
//! copy of the app, so a mistake nginx itself finds (an unknown directive, a bad value, a
//! missing include) fails the build with nginx's own message and line, not the start.
//!
//! `{{env "NAME"}}` of a variable unset at build renders empty; if nginx then refuses the
//! configuration, the value may be what is missing, so that refusal is a warning (the start
//! checks again) rather than a failure.

use crate::errors;
use crate::process;
use crate::template::{self, Functions};
use libcnb::Env;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::output::Output;

/// What a template sees at build: the build's variables, with the launch defaults of
/// `PORT` and `APP_ROOT`; the names read but unset are remembered.
struct AtBuild<'a> {
    env: &'a Env,
    app: &'a Path,
    home: &'a Path,
    temp_dir: PathBuf,
    unset: RefCell<Vec<String>>,
}

impl Functions for AtBuild<'_> {
    fn port(&self) -> String {
        self.env("PORT")
    }
    fn env(&self, name: &str) -> String {
        if let Some(value) = self.env.get(name) {
            return value.to_string_lossy().into_owned();
        }
        match name {
            "PORT" => "8080".to_string(),
            "APP_ROOT" => self.app.display().to_string(),
            _ => {
                self.unset.borrow_mut().push(name.to_string());
                String::new()
            }
        }
    }
    fn temp_dir(&self) -> String {
        self.temp_dir.display().to_string()
    }
    fn module(&self, name: &str) -> String {
        let file = format!("{name}.so");
        let own = self.app.join("modules").join(&file);
        let path = if own.is_file() {
            own
        } else {
            self.home.join("modules").join(&file)
        };
        format!("load_module {};", path.display())
    }
}

/// Checks the configuration `conf` (with `templates`, relative to `app`) with the nginx in
/// `home`; `globals` are the `-g` directives the process adds.
pub(crate) fn check(
    home: &Path,
    app: &Path,
    conf: &Path,
    templates: &[PathBuf],
    env: &Env,
    output: &mut Output,
) -> Result<(), Error> {
    let scratch = tempfile::tempdir().map_err(|error| errors::conf_not_checked(&error))?;
    let copy = scratch.path().join("app");
    let functions = AtBuild {
        env,
        app,
        home,
        temp_dir: scratch.path().join("tmp"),
        unset: RefCell::new(Vec::new()),
    };
    mirror(app, &copy, templates, &functions).map_err(|error| errors::conf_not_checked(&error))?;
    let relative = conf.strip_prefix(app).unwrap_or(conf);
    let main_text = fs_err::read_to_string(copy.join(relative))
        .map_err(|error| errors::conf_not_checked(&error))?;
    let mut command = process::command(
        &copy,
        &copy.join(relative),
        &crate::conf_files::main_directives(&main_text),
    );
    command[0] = home.join("sbin/nginx").display().to_string();
    let ran = Command::new(&command[0])
        .args(&command[1..])
        .arg("-t")
        .current_dir(&copy)
        .output();
    let result = match ran {
        Ok(result) => result,
        Err(error) => {
            output.warning(&errors::conf_not_checked(&error));
            return Ok(());
        }
    };
    // nginx names the scratch copy; the user knows the files by their place in the app.
    let said = String::from_utf8_lossy(&result.stderr)
        .replace(&copy.display().to_string(), &app.display().to_string());
    if result.status.success() {
        output.step("nginx -t: the configuration is valid");
        return Ok(());
    }
    let unset = functions.unset.into_inner();
    if unset.is_empty() {
        return Err(errors::conf_invalid(relative, &said));
    }
    output.warning(&errors::conf_unchecked_values(relative, &said, &unset));
    Ok(())
}

/// `to` as `from` seen by nginx: the templates rendered, everything else linked.
fn mirror(
    from: &Path,
    to: &Path,
    templates: &[PathBuf],
    functions: &AtBuild<'_>,
) -> std::io::Result<()> {
    fs_err::create_dir_all(to)?;
    for entry in fs_err::read_dir(from)? {
        let entry = entry?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        let relative = source.strip_prefix(functions.app).unwrap_or(&source);
        if templates.iter().any(|file| file == relative) {
            let text = fs_err::read_to_string(&source)?;
            // Template mistakes were reported before this check runs.
            let rendered = template::render(&text, functions).unwrap_or(text);
            fs_err::write(&target, rendered)?;
        } else if entry.file_type()?.is_dir()
            && templates.iter().any(|file| file.starts_with(relative))
        {
            mirror(&source, &target, templates, functions)?;
        } else {
            std::os::unix::fs::symlink(&source, &target)?;
        }
    }
    fs_err::create_dir_all(&functions.temp_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, text).expect("write");
    }

    #[test]
    fn the_copy_renders_templates_and_links_the_rest() {
        let app = tempfile::tempdir().expect("app");
        write(
            &app.path().join("nginx.conf"),
            "listen {{port}}; root {{env \"APP_ROOT\"}}/public;",
        );
        write(
            &app.path().join("conf.d/a.conf"),
            "return 200 \"{{env \"GREETING\"}}\";",
        );
        write(&app.path().join("conf.d/plain.txt"), "kept");
        write(&app.path().join("public/index.html"), "hi");
        let env = Env::new();
        let home = Path::new("/layers/nginx");
        let scratch = tempfile::tempdir().expect("scratch");
        let functions = AtBuild {
            env: &env,
            app: app.path(),
            home,
            temp_dir: scratch.path().join("tmp"),
            unset: RefCell::new(Vec::new()),
        };
        let copy = scratch.path().join("app");
        let templates = [PathBuf::from("nginx.conf"), PathBuf::from("conf.d/a.conf")];
        mirror(app.path(), &copy, &templates, &functions).expect("mirror");
        assert_eq!(
            fs_err::read_to_string(copy.join("nginx.conf")).expect("main"),
            format!("listen 8080; root {}/public;", app.path().display())
        );
        assert_eq!(
            fs_err::read_to_string(copy.join("conf.d/a.conf")).expect("include"),
            "return 200 \"\";"
        );
        assert!(copy.join("public").is_symlink());
        assert!(copy.join("conf.d/plain.txt").is_symlink());
        assert!(!copy.join("conf.d").is_symlink());
        assert_eq!(functions.unset.into_inner(), vec!["GREETING".to_string()]);
    }
}
