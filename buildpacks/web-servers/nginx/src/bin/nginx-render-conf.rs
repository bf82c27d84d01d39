//! exec.d program of the nginx buildpack: renders the app's nginx.conf and the files it
//! includes from the templates build kept (`$STOWAGE_NGINX_TEMPLATES`, mirroring the app's
//! paths) into the app (`$STOWAGE_NGINX_APP`), before each process starts. A file is written
//! only when its rendering changed. A template mistake stops the start, naming file and line.

// The buildpack's binaries share their dependencies; this one uses only some of them.
#![allow(unused_crate_dependencies)]

#[path = "../template.rs"]
mod template;

use std::path::{Path, PathBuf};
use stowage_kit::Error;
use template::{Functions, load_module, mistake_error, render};

/// The values of the launch environment.
struct Launch {
    port: String,
    temp_dir: String,
    /// Where the app's own `modules/<name>.so` are looked for first.
    app: PathBuf,
    nginx_home: Option<PathBuf>,
}

impl Functions for Launch {
    fn port(&self) -> String {
        self.port.clone()
    }
    fn env(&self, name: &str) -> String {
        std::env::var(name).unwrap_or_default()
    }
    fn temp_dir(&self) -> String {
        self.temp_dir.clone()
    }
    fn module(&self, name: &str) -> String {
        load_module(&self.app, self.nginx_home.as_deref(), name)
    }
}

fn main() {
    let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    let Some(templates) = var("STOWAGE_NGINX_TEMPLATES").map(PathBuf::from) else {
        return;
    };
    let app = var("STOWAGE_NGINX_APP").map_or_else(|| PathBuf::from("/workspace"), PathBuf::from);
    let launch = Launch {
        port: std::env::var("PORT").unwrap_or_else(|_| "8080".to_string()),
        temp_dir: std::env::var("TMPDIR").unwrap_or_else(|_| "/tmp".to_string()),
        app: std::env::current_dir().unwrap_or_else(|_| app.clone()),
        nginx_home: var("STOWAGE_NGINX_HOME").map(PathBuf::from),
    };
    match render_all(&templates, &app, &launch) {
        Ok(()) => libcnb::exec_d::write_exec_d_program_output(std::collections::HashMap::<
            libcnb::data::exec_d::ExecDProgramOutputKey,
            String,
        >::new()),
        Err(error) => {
            eprint!("{}", error.render());
            std::process::exit(1);
        }
    }
}

/// A template that could not be read or its rendering not written, at launch.
fn render_failed(file: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "nginx/render-failed",
        format!("{} could not be rendered: {error}", file.display()),
        "The nginx configuration is rendered into the app before each start, so the app's \
         folder must be writable by the app's user. Check the image's file permissions.",
    )
    .file(file)
}

fn render_all(templates: &Path, app: &Path, launch: &Launch) -> Result<(), Error> {
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let dir = templates.join(&relative);
        let entries = fs_err::read_dir(&dir).map_err(|error| render_failed(&dir, &error))?;
        for entry in entries {
            let entry = entry.map_err(|error| render_failed(&dir, &error))?;
            let path = relative.join(entry.file_name());
            if entry.path().is_dir() {
                pending.push(path);
                continue;
            }
            let text = fs_err::read_to_string(entry.path())
                .map_err(|error| render_failed(&path, &error))?;
            let rendered =
                render(&text, launch).map_err(|mistake| mistake_error(&path, &mistake))?;
            let target = app.join(&path);
            if fs_err::read_to_string(&target).ok().as_deref() != Some(rendered.as_str()) {
                fs_err::write(&target, rendered).map_err(|error| render_failed(&target, &error))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_into_the_app_and_looks_for_the_apps_modules_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let templates = dir.path().join("templates");
        let app = dir.path().join("app");
        fs_err::create_dir_all(templates.join("conf.d")).expect("mkdir");
        fs_err::create_dir_all(app.join("conf.d")).expect("mkdir");
        fs_err::create_dir_all(app.join("modules")).expect("mkdir");
        fs_err::write(app.join("modules/own.so"), "").expect("write");
        fs_err::write(
            templates.join("nginx.conf"),
            "{{module \"own\"}}\n{{module \"ngx_stream_module\"}}\ninclude conf.d/*.conf;\n",
        )
        .expect("write");
        fs_err::write(
            templates.join("conf.d/site.conf"),
            "listen {{port}}; # {{tempDir}}\n",
        )
        .expect("write");
        let launch = Launch {
            port: "9999".to_string(),
            temp_dir: "/scratch".to_string(),
            app: app.clone(),
            nginx_home: Some(PathBuf::from("/layers/stowage_nginx/nginx")),
        };
        render_all(&templates, &app, &launch).expect("renders");
        assert_eq!(
            fs_err::read_to_string(app.join("nginx.conf")).expect("read"),
            format!(
                "load_module {}/modules/own.so;\nload_module /layers/stowage_nginx/nginx/modules/ngx_stream_module.so;\ninclude conf.d/*.conf;\n",
                app.display()
            )
        );
        assert_eq!(
            fs_err::read_to_string(app.join("conf.d/site.conf")).expect("read"),
            "listen 9999; # /scratch\n"
        );

        fs_err::write(templates.join("conf.d/site.conf"), "{{ listen }}").expect("write");
        let error = render_all(&templates, &app, &launch).expect_err("a mistake");
        assert!(
            error.render().contains("conf.d/site.conf, line 1"),
            "{}",
            error.render()
        );
    }

    #[test]
    fn a_failed_write_reads_well() {
        insta::assert_snapshot!(
            render_failed(
                Path::new("/workspace/nginx.conf"),
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            )
            .render()
        );
    }
}
