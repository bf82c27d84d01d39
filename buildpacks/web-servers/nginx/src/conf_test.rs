//! `nginx -t` at build: the templates rendered with what is known at build into a scratch
//! copy of the app, so a mistake in a template (an unknown function, an unclosed `{{`) or one
//! nginx itself finds (an unknown directive, a bad value, a missing include) fails the build
//! naming the file and line, not the start.
//!
//! `{{env "NAME"}}` of a variable unset at build renders empty; if nginx then refuses the
//! configuration, the value may be what is missing, so that refusal is a warning (the start
//! checks again) rather than a failure.

use crate::conf_files::{self, MainDirectives};
use crate::errors;
use crate::process;
use crate::template::{self, Functions};
use libcnb::Env;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use stowage_kit::Error;
use stowage_kit::output::Output;
use tempfile::TempDir;

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
        template::load_module(self.app, Some(self.home), name)
    }
}

/// The templates rendered with the build's values, ready for `nginx -t`.
pub(crate) struct Rendered {
    scratch: TempDir,
    /// By path relative to the app.
    files: BTreeMap<PathBuf, String>,
    /// The variables the templates read that the build does not set.
    unset: Vec<String>,
}

/// Renders `templates` (relative to `app`); the first mistake fails naming its file and line.
pub(crate) fn render(
    home: &Path,
    app: &Path,
    templates: &[PathBuf],
    env: &Env,
) -> Result<Rendered, Error> {
    let scratch = tempfile::tempdir().map_err(|error| errors::conf_not_checked(&error))?;
    let functions = AtBuild {
        env,
        app,
        home,
        temp_dir: scratch.path().join("tmp"),
        unset: RefCell::new(Vec::new()),
    };
    let mut files = BTreeMap::new();
    for file in templates {
        let text = conf_files::read(&app.join(file), app)?;
        let rendered = template::render(&text, &functions)
            .map_err(|mistake| template::mistake_error(file, &mistake))?;
        files.insert(file.clone(), rendered);
    }
    Ok(Rendered {
        scratch,
        files,
        unset: functions.unset.into_inner(),
    })
}

/// Checks the configuration `conf` of `app`, rendered, with the nginx in `home` and the
/// `-g` directives the process adds for `directives`.
pub(crate) fn check(
    rendered: &Rendered,
    home: &Path,
    app: &Path,
    conf: &Path,
    directives: &MainDirectives,
    output: &mut Output,
) -> Result<(), Error> {
    let copy = rendered.scratch.path().join("app");
    mirror(app, app, &copy, &rendered.files)
        .and_then(|()| fs_err::create_dir_all(rendered.scratch.path().join("tmp")))
        .map_err(|error| errors::conf_not_checked(&error))?;
    let relative = conf.strip_prefix(app).unwrap_or(conf);
    let mut command = process::command(&copy, &copy.join(relative), directives);
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
    if rendered.unset.is_empty() {
        return Err(errors::conf_invalid(relative, &said));
    }
    output.warning(&errors::conf_unchecked_values(
        relative,
        &said,
        &rendered.unset,
    ));
    Ok(())
}

/// `to` as `from` (a folder of `app`) seen by nginx: the rendered templates written,
/// everything else linked.
fn mirror(
    app: &Path,
    from: &Path,
    to: &Path,
    rendered: &BTreeMap<PathBuf, String>,
) -> std::io::Result<()> {
    fs_err::create_dir_all(to)?;
    for entry in fs_err::read_dir(from)? {
        let entry = entry?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        let relative = source.strip_prefix(app).unwrap_or(&source);
        if let Some(text) = rendered.get(relative) {
            fs_err::write(&target, text)?;
        } else if entry.file_type()?.is_dir()
            && rendered.keys().any(|file| file.starts_with(relative))
        {
            mirror(app, &source, &target, rendered)?;
        } else {
            std::os::unix::fs::symlink(&source, &target)?;
        }
    }
    Ok(())
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
        let templates = [PathBuf::from("nginx.conf"), PathBuf::from("conf.d/a.conf")];
        let rendered =
            render(Path::new("/layers/nginx"), app.path(), &templates, &env).expect("render");
        let copy = rendered.scratch.path().join("app");
        mirror(app.path(), app.path(), &copy, &rendered.files).expect("mirror");
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
        assert_eq!(rendered.unset, vec!["GREETING".to_string()]);
    }

    #[test]
    fn a_mistake_in_an_include_names_that_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = dir.path();
        write(&app.join("nginx.conf"), "include extra.conf;\n");
        write(&app.join("extra.conf"), "\nlisten {{ prot }};\n");
        let files = conf_files::find(app, &app.join("nginx.conf")).expect("found");
        let error = render(Path::new("/layers/nginx"), app, &files, &Env::new())
            .err()
            .expect("unknown function");
        let rendered = error.render();
        assert!(
            rendered.contains("[nginx/template] extra.conf, line 2:"),
            "{rendered}"
        );
    }
}
