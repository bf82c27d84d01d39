//! stowage/php-start: one `web` process running PHP-FPM and the web server together
//! (Paketo's php-start).
//!
//! Detect always passes; it requires `php` (build), `php-fpm` (build, launch), the app's
//! `composer-packages` when it has a composer.json, and either httpd with php-httpd's
//! configuration or nginx with php-nginx's. Build writes the two commands into the
//! `php-start` layer with the launcher (`src/bin/php-start-launch.rs`), which is `web`.

// Unit tests see the dev-dependencies too; the launcher uses only some dependencies.
#![allow(unused_crate_dependencies)]

mod errors;
mod procs;

use libcnb::build::{BuildContext, BuildResult, BuildResultBuilder};
use libcnb::data::build_plan::BuildPlanBuilder;
use libcnb::data::launch::{LaunchBuilder, ProcessBuilder};
use libcnb::data::{layer_name, process_type};
use libcnb::detect::{DetectContext, DetectResult, DetectResultBuilder};
use libcnb::generic::{GenericMetadata, GenericPlatform};
use libcnb::layer::UncachedLayerDefinition;
use libcnb::{Buildpack, Platform, additional_buildpack_binary_path, buildpack_main};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use stowage_kit::config::Config;
use stowage_kit::output::Output;
use stowage_kit::require::require;
use stowage_kit::{Error, error, web_process};
use stowage_php::{PhpSettings, composer_json_path};

pub struct PhpStartBuildpack;

impl Buildpack for PhpStartBuildpack {
    type Platform = GenericPlatform;
    type Metadata = GenericMetadata;
    type Error = Error;

    fn detect(&self, context: DetectContext<Self>) -> libcnb::Result<DetectResult, Error> {
        let config = Config::new(context.platform.env());
        let json = composer_json_path(&context.app_dir, &config);
        let id = context.buildpack_descriptor.buildpack.id.as_str();
        let mut plan = BuildPlanBuilder::new();
        for (index, server) in ["httpd", "nginx"].into_iter().enumerate() {
            if index > 0 {
                plan = plan.or();
            }
            plan = plan
                .requires(require("php", true, false))
                .requires(require("php-fpm", true, true))
                .requires(require(server, false, true))
                .requires(require(&format!("php-{server}-config"), true, true));
            if json.is_file() {
                plan = plan.requires(require("composer-packages", false, true));
            }
            plan = web_process::claim(plan, id)?;
        }
        DetectResultBuilder::pass().build_plan(plan.build()).build()
    }

    fn build(&self, context: BuildContext<Self>) -> libcnb::Result<BuildResult, Error> {
        let mut output = Output::for_build(&context)?;
        let settings = PhpSettings::read(&Config::new(context.platform.env()));
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.is_empty())
                .ok_or_else(|| errors::missing_variable(name))
        };
        let fpm_conf = var("PHP_FPM_PATH")?;
        let phprc = var("PHPRC")?;
        let server = match settings.server.as_deref() {
            Some("nginx") => server_process("nginx", &context.app_dir),
            Some("httpd") => server_process("httpd", &context.app_dir),
            other => return Err(errors::no_server(other).into()),
        };
        let fpm = procs::Proc {
            name: "php-fpm".to_string(),
            command: [
                "php-fpm",
                "--nodaemonize",
                "--force-stderr",
                "-y",
                &fpm_conf,
                "-c",
                &phprc,
            ]
            .map(String::from)
            .to_vec(),
            ready_file: Some(stowage_php::FPM_SOCKET.to_string()),
        };
        output.section("Assigning launch processes");
        for proc in [&fpm, &server] {
            output.step(&format!("{}: {}", proc.name, proc.command.join(" ")));
        }
        let layer = context.uncached_layer(
            layer_name!("php-start"),
            UncachedLayerDefinition {
                build: false,
                launch: true,
            },
        )?;
        let procs_file = layer.path().join("procs.json");
        let text = serde_json::to_string_pretty(&procs::Procs {
            processes: vec![fpm, server],
        })
        .map_err(|error| errors::not_written(&procs_file, &std::io::Error::other(error)))?;
        fs_err::write(&procs_file, text)
            .map_err(|error| errors::not_written(&procs_file, &error))?;
        let launcher = layer.path().join("bin/php-start-launch");
        copy_launcher(&launcher)?;
        let command = vec![
            launcher.display().to_string(),
            procs_file.display().to_string(),
        ];
        output.step(&format!(
            "web (default): {} (both together; when one stops, so does the other)",
            command.join(" ")
        ));
        web_process::settle(&context, &mut output)?;
        BuildResultBuilder::new()
            .launch(
                LaunchBuilder::new()
                    .process(
                        ProcessBuilder::new(process_type!("web"), command)
                            .default(true)
                            .build(),
                    )
                    .build(),
            )
            .build()
    }

    fn on_error(&self, error: libcnb::Error<Error>) {
        error::print_error(&error);
    }
}

/// The web server in the foreground with the configuration php-nginx or php-httpd wrote
/// (it sets `daemon off`, the pid file, the port).
fn server_process(server: &str, app: &Path) -> procs::Proc {
    let app_text = app.display().to_string();
    let command: Vec<String> = if server == "nginx" {
        vec![
            "nginx".into(),
            "-p".into(),
            app_text.clone(),
            "-c".into(),
            format!("{app_text}/nginx.conf"),
            "-e".into(),
            "stderr".into(),
        ]
    } else {
        vec![
            "httpd".into(),
            "-f".into(),
            format!("{app_text}/httpd.conf"),
            "-k".into(),
            "start".into(),
            "-DFOREGROUND".into(),
        ]
    };
    procs::Proc {
        name: server.to_string(),
        command,
        ready_file: None,
    }
}

/// The launcher travels in the layer: the buildpack's own folder is not in the image.
fn copy_launcher(to: &Path) -> Result<(), Error> {
    let write = |error: std::io::Error| errors::not_written(to, &error);
    if let Some(parent) = to.parent() {
        fs_err::create_dir_all(parent).map_err(write)?;
    }
    fs_err::copy(additional_buildpack_binary_path!("php-start-launch"), to).map_err(write)?;
    fs_err::set_permissions(to, std::fs::Permissions::from_mode(0o755)).map_err(write)
}

buildpack_main!(PhpStartBuildpack);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_in_the_foreground() {
        let app = Path::new("/workspace");
        assert_eq!(
            server_process("nginx", app).command.join(" "),
            "nginx -p /workspace -c /workspace/nginx.conf -e stderr"
        );
        assert_eq!(
            server_process("httpd", app).command.join(" "),
            "httpd -f /workspace/httpd.conf -k start -DFOREGROUND"
        );
    }
}
