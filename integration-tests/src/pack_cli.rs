//! The real `pack` CLI, with podman serving the Docker API it talks to: our stack images loaded
//! into podman from their OCI layouts, a builder made with `pack builder create` from
//! `builders/bookworm/builder.toml`, and the images pack builds, run and asked over HTTP.
//! `scripts/lib/tools.sh` builds pack (`STOWAGE_PACK`) and starts podman's service, which stops
//! by itself once idle.

use crate::lifecycle::component_dir;
use crate::lifecycle::tools::ensure_built;
use crate::lifecycle::{repo_root, test_env, tools};
use std::collections::BTreeMap;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use stowage_dev::package::Packager;
use toml::Table;

/// `stdout` of a command that must succeed; its whole output otherwise.
fn checked(command: &mut Command) -> String {
    let output = command.output().expect("start command");
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// podman's service on its unix socket (`DOCKER_HOST`).
pub struct Podman {
    pub docker_host: String,
}

impl Podman {
    /// Starts the service, or joins the one serving.
    #[must_use]
    pub fn start() -> Self {
        let docker_host = checked(
            Command::new("bash")
                .arg("-c")
                .arg(r#"source "$0" && stowage_start_podman"#)
                .arg(&tools().shell_library),
        );
        Self {
            docker_host: docker_host.trim().to_string(),
        }
    }

    /// `podman --remote <args>`, which must succeed; its stdout.
    #[must_use]
    pub fn run(&self, args: &[&str]) -> String {
        checked(self.command().args(args))
    }

    fn command(&self) -> Command {
        let mut command = Command::new("podman");
        command.args(["--remote", "--url", &self.docker_host]);
        command
    }

    /// Copies the image tagged `tag` in the OCI layout `layout` into podman's storage as
    /// `reference`: no registry, no archive.
    pub fn load(&self, layout: &Path, tag: &str, reference: &str) {
        checked(Command::new("skopeo").args([
            "copy",
            "--quiet",
            &format!("oci:{}:{tag}", layout.display()),
            &format!("containers-storage:{reference}"),
        ]));
    }

    /// The diff IDs of an image's layers, base first.
    #[must_use]
    pub fn layers(&self, image: &str) -> Vec<String> {
        serde_json::from_str(&self.run(&[
            "image",
            "inspect",
            "--format",
            "{{json .RootFS.Layers}}",
            image,
        ]))
        .expect("layers are JSON")
    }

    /// A label of an image.
    #[must_use]
    pub fn label(&self, image: &str, name: &str) -> String {
        self.run(&[
            "image",
            "inspect",
            "--format",
            &format!("{{{{index .Config.Labels \"{name}\"}}}}"),
            image,
        ])
        .trim()
        .to_string()
    }

    /// Runs `image`'s default process in a container with `PORT=8080` published on
    /// 127.0.0.1, until the returned value is dropped.
    #[must_use]
    pub fn serve(&self, image: &str) -> Container<'_> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("find a free port")
            .port();
        let id = self
            .run(&[
                "run",
                "--detach",
                "--env",
                "PORT=8080",
                "--publish",
                &format!("127.0.0.1:{port}:8080"),
                image,
            ])
            .trim()
            .to_string();
        Container {
            podman: self,
            id,
            port,
        }
    }

    /// Removes images by name, ignoring those that are not there.
    pub fn remove_images(&self, images: &[&str]) {
        let _ = self
            .command()
            .args(["rmi", "--force", "--ignore"])
            .args(images)
            .output();
    }
}

impl Podman {
    /// Removes the volumes whose names start with `prefix` (pack's build caches).
    pub fn remove_volumes(&self, prefix: &str) {
        let Ok(output) = self
            .command()
            .args([
                "volume",
                "ls",
                "--quiet",
                "--filter",
                &format!("name={prefix}"),
            ])
            .output()
        else {
            return;
        };
        let names = String::from_utf8_lossy(&output.stdout).into_owned();
        let names: Vec<&str> = names
            .lines()
            .filter(|name| name.starts_with(prefix))
            .collect();
        if !names.is_empty() {
            let _ = self
                .command()
                .args(["volume", "rm", "--force"])
                .args(&names)
                .output();
        }
    }
}

/// A container of [`Podman::serve`], removed when dropped.
pub struct Container<'a> {
    podman: &'a Podman,
    id: String,
    port: u16,
}

impl Container<'_> {
    /// `GET http://127.0.0.1:<port><path>` once the app answers (within 60s): status and body.
    #[must_use]
    pub fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            .build()
            .into();
        let started = Instant::now();
        loop {
            match agent
                .get(format!("http://127.0.0.1:{}{path}", self.port))
                .call()
            {
                Ok(mut response) => {
                    let mut body = String::new();
                    let _ = response.body_mut().as_reader().read_to_string(&mut body);
                    return (response.status().as_u16(), body);
                }
                Err(error) if started.elapsed() > Duration::from_mins(1) => {
                    panic!("GET {path}: {error}\n{}", self.log());
                }
                Err(_) => std::thread::sleep(Duration::from_millis(250)),
            }
        }
    }

    /// What the container printed.
    #[must_use]
    pub fn log(&self) -> String {
        let output = self
            .podman
            .command()
            .args(["logs", &self.id])
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned());
        output.unwrap_or_default()
    }
}

impl Drop for Container<'_> {
    fn drop(&mut self) {
        let _ = self
            .podman
            .command()
            .args(["rm", "--force", &self.id])
            .output();
    }
}

/// The pack CLI, with a home of its own (its config and cache) and podman as its daemon.
pub struct Pack {
    binary: PathBuf,
    home: tempfile::TempDir,
    docker_host: String,
}

impl Pack {
    #[must_use]
    pub fn new(podman: &Podman) -> Self {
        Self {
            binary: PathBuf::from(test_env("STOWAGE_PACK")),
            home: tempfile::Builder::new()
                .prefix("stowage-pack-home.")
                .tempdir()
                .expect("temp dir"),
            docker_host: podman.docker_host.clone(),
        }
    }

    /// Runs `pack <args>`: its output (stdout then stderr), and whether it succeeded.
    #[must_use]
    pub fn try_run(&self, args: &[&str]) -> (bool, String) {
        let Output {
            status,
            stdout,
            stderr,
        } = Command::new(&self.binary)
            .args(args)
            .arg("--no-color")
            .env("PACK_HOME", self.home.path())
            .env("DOCKER_HOST", &self.docker_host)
            .output()
            .expect("run pack");
        let output = format!(
            "{}{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        );
        println!("=== pack {}\n{output}", args.join(" "));
        (status.success(), output)
    }

    /// Runs `pack <args>`, which must succeed; its output.
    #[must_use]
    pub fn run(&self, args: &[&str]) -> String {
        let (success, output) = self.try_run(args);
        assert!(success, "pack {} failed:\n{output}", args.join(" "));
        output
    }
}

/// The build image as an OCI layout (`stowage-dev build-image`), written once per build image
/// root and writer source, and kept in the stowage cache: a minute of gzip saved each run.
#[must_use]
pub fn build_image_layout() -> PathBuf {
    let root = PathBuf::from(test_env("STOWAGE_BUILD_IMAGE_ROOT"));
    let (uid, gid) = (tools().user_id.clone(), tools().group_id.clone());
    let mut key = format!("{}\n{uid}:{gid}\n", root.display());
    for source in ["stack.rs", "oci/mod.rs", "oci/layer.rs", "oci/layout.rs"] {
        key.push_str(
            &fs_err::read_to_string(repo_root().join("scripts/src").join(source))
                .expect("read the writer's source"),
        );
    }
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(key.as_bytes()));
    let dir = stowage_dev::workspace::cache_dir()
        .join("pack-cli")
        .join(format!("build-image-{}", &digest[..16]));
    if !dir.join("index.json").is_file() {
        fs_err::create_dir_all(dir.parent().expect("parent")).expect("mkdir");
        let parse = |id: &str| id.parse::<u32>().expect("numeric build user id");
        stowage_dev::stack::write_build_image(&root, parse(&uid), parse(&gid), &dir)
            .unwrap_or_else(|error| panic!("write the build image layout: {error}"));
    }
    dir
}

/// `builders/bookworm/builder.toml` for `pack builder create`, written into `dir`: each
/// buildpack packaged (debug binaries, these `inventories`) into `dir/packaged`, its `uri`
/// pointing there, and `[lifecycle] uri` our Go-built lifecycle as its release archive.
/// Returns the file.
#[must_use]
pub fn packaged_builder_toml(inventories: &BTreeMap<String, Table>, dir: &Path) -> PathBuf {
    let mut spec: Table =
        fs_err::read_to_string(repo_root().join("builders/bookworm/builder.toml"))
            .expect("read builder.toml")
            .parse()
            .expect("builder.toml is TOML");
    let names: Vec<String> = spec["buildpacks"]
        .as_array()
        .expect("[[buildpacks]]")
        .iter()
        .map(|buildpack| {
            let id = buildpack["id"].as_str().expect("id");
            id.trim_start_matches("stowage/").to_string()
        })
        .collect();
    let crates: Vec<String> = names
        .iter()
        .filter(|name| component_dir(name).is_some())
        .cloned()
        .collect();
    ensure_built(&crates);
    let packager = Packager {
        metadata_dir: repo_root().join("dependency-metadata"),
        binaries_dir: tools().binaries_dir.clone(),
        inventory_overrides: inventories.clone(),
    };
    let packaged_dir = dir.join("packaged");
    let buildpacks = spec
        .get_mut("buildpacks")
        .and_then(toml::Value::as_array_mut)
        .expect("[[buildpacks]]");
    for (buildpack, name) in buildpacks.iter_mut().zip(&names) {
        let source =
            component_dir(name).unwrap_or_else(|| repo_root().join("meta-buildpacks").join(name));
        let out = packager
            .package(&source, &packaged_dir)
            .unwrap_or_else(|error| panic!("package {name}: {error}"));
        buildpack
            .as_table_mut()
            .expect("a [[buildpacks]] table")
            .insert("uri".into(), out.display().to_string().into());
    }
    let archive = dir.join("lifecycle.tgz");
    stowage_dev::builder_image::Lifecycle::new(
        &tools().lifecycle_dir,
        &repo_root().join("tools/lifecycle/go.mod"),
    )
    .and_then(|lifecycle| lifecycle.write_archive(&archive))
    .unwrap_or_else(|error| panic!("the lifecycle archive: {error}"));
    spec.insert(
        "lifecycle".into(),
        toml::Value::Table(Table::from_iter([(
            "uri".to_string(),
            archive.display().to_string().into(),
        )])),
    );
    let file = dir.join("builder.toml");
    fs_err::write(&file, toml::to_string(&spec).expect("builder.toml")).expect("write");
    file
}

/// The builder image that `stowage-dev builder-image` writes of `builders/bookworm/builder.toml`
/// with `--packaged <dir>/packaged` (the buildpacks [`packaged_builder_toml`] packaged into
/// `dir`), as the layout `<dir>/builder.oci`, tagged `bookworm`.
#[must_use]
pub fn daemonless_builder_layout(dir: &Path) -> PathBuf {
    let parse = |id: &str| id.parse::<u32>().expect("numeric build user id");
    let inputs = stowage_dev::builder_image::Inputs {
        build_root: PathBuf::from(test_env("STOWAGE_BUILD_IMAGE_ROOT")),
        lifecycle: stowage_dev::builder_image::Lifecycle::new(
            &tools().lifecycle_dir,
            &repo_root().join("tools/lifecycle/go.mod"),
        )
        .unwrap_or_else(|error| panic!("the lifecycle: {error}")),
        packaged: Some(dir.join("packaged")),
        uid: parse(&tools().user_id),
        gid: parse(&tools().group_id),
    };
    let out = dir.join("builder.oci");
    stowage_dev::builder_image::write(
        &repo_root().join("builders/bookworm/builder.toml"),
        &inputs,
        &out,
    )
    .unwrap_or_else(|error| panic!("write the builder image: {error}"));
    out
}
