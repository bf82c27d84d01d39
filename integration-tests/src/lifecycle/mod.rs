//! Builds apps with our packaged buildpacks through the real CNB lifecycle, as a platform does,
//! on this machine and without Docker: analyzer, detector, restorer, builder and exporter run
//! as separate phases (detector and builder as the unprivileged build user), with `/workspace`,
//! `/layers`, `/platform`, `/cache` and `/layout` bind-mounted in a private mount namespace,
//! exporting to an OCI layout on the local Debian 12 run image. A cache dir persists between
//! builds of one [`App`], so a rebuild restores cached layers and reuses image layers.
//!
//! ```text
//! let mirror = Mirror::start(artifacts_dir());
//! let mut app = App::new("node-server")
//!     .buildpacks(&["node-engine", "node-start"])
//!     .inventory("node", node_test_inventory(&mirror.url()))
//!     .env("BP_NODE_VERSION", "22");
//! let build = app.build();
//! build.assert_success();
//! let running = build.image().start(&[]);
//! assert_eq!(running.get("/").0, 200);
//! ```

mod image;
mod phases;
mod running;
pub(crate) mod tools;

pub use image::Image;
pub use running::Running;
pub use tools::{repo_root, test_env, tools};

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use stowage_dev::package::Packager;

/// An app, its buildpacks and settings, and the state kept between its builds.
pub struct App {
    /// Shared with each [`Build`], so a build outlives a temporary `App`.
    work: Arc<tempfile::TempDir>,
    name: String,
    buildpacks: Vec<String>,
    order: Option<String>,
    inventories: BTreeMap<String, toml::Table>,
    /// OCI layouts of buildpackages, installed as they are after the buildpacks.
    buildpackages: Vec<PathBuf>,
    /// Whether the app's project descriptor is applied at each build, and which file
    /// (`None`: its project.toml).
    descriptor: bool,
    descriptor_file: Option<PathBuf>,
    builds: usize,
}

/// One build: each phase's output, whether it succeeded, and the image it exported.
pub struct Build {
    pub phases: Vec<phases::PhaseRun>,
    pub success: bool,
    image: Image,
    work: Arc<tempfile::TempDir>,
}

pub use phases::PhaseRun;

impl App {
    /// An app from `integration-tests/fixtures/<fixture>`, copied so builds may write to it.
    #[must_use]
    pub fn new(fixture: &str) -> Self {
        let work = tempfile::Builder::new()
            .prefix("stowage-app.")
            .tempdir()
            .expect("temp dir");
        let source = repo_root().join("integration-tests/fixtures").join(fixture);
        assert!(source.is_dir(), "no fixture {}", source.display());
        crate::support::copy_dir(&source, &work.path().join("app"));
        for dir in [
            "platform/env",
            "platform/bindings",
            "cache",
            "layout",
            "cnb/buildpacks",
        ] {
            fs_err::create_dir_all(work.path().join(dir)).expect("mkdir");
        }
        Self {
            work: Arc::new(work),
            name: fixture.to_string(),
            buildpacks: Vec::new(),
            order: None,
            inventories: BTreeMap::new(),
            buildpackages: Vec::new(),
            descriptor: false,
            descriptor_file: None,
            builds: 0,
        }
    }

    /// Component buildpacks by crate folder under `buildpacks/<family>/`, or meta-buildpacks under
    /// `meta-buildpacks/`, in group order. The order is one group of them all, unless
    /// [`App::order`] sets another.
    #[must_use]
    pub fn buildpacks(mut self, names: &[&str]) -> Self {
        self.buildpacks = names.iter().map(|name| (*name).to_string()).collect();
        self
    }

    /// Buildpackages (OCI layouts, as `stowage-dev buildpackage --format oci-layout` writes
    /// them) installed from their layers as a builder holds them, joining the group after
    /// [`App::buildpacks`] in this order.
    #[must_use]
    pub fn buildpackages(mut self, layouts: &[PathBuf]) -> Self {
        self.buildpackages = layouts.to_vec();
        self
    }

    /// An `order.toml` of the caller's (e.g. a builder's order groups).
    #[must_use]
    pub fn order(mut self, order_toml: &str) -> Self {
        self.order = Some(order_toml.to_string());
        self
    }

    /// Packages the buildpacks with this inventory for the dependency file `name`.
    #[must_use]
    pub fn inventory(mut self, name: &str, inventory: toml::Table) -> Self {
        self.inventories.insert(name.to_string(), inventory);
        self
    }

    /// Applies the app's project descriptor at each build, with the code `scripts/build-app`
    /// runs: its project.toml, or `file` as `--descriptor <file>` names it (relative to the
    /// app). Its variables go under the app's own, its include or exclude patterns decide
    /// what of the app (kept aside as `source/`) reaches the workspace, and its buildpack
    /// group replaces the order.
    #[must_use]
    pub fn descriptor(mut self, file: Option<&str>) -> Self {
        self.descriptor = true;
        self.descriptor_file = file.map(PathBuf::from);
        self
    }

    /// Sets a user variable (`<platform>/env/<name>`).
    #[must_use]
    pub fn env(self, name: &str, value: &str) -> Self {
        self.set_env(name, value);
        self
    }

    pub fn set_env(&self, name: &str, value: &str) {
        fs_err::write(self.work.path().join("platform/env").join(name), value).expect("write env");
    }

    pub fn unset_env(&self, name: &str) {
        let _ = fs_err::remove_file(self.work.path().join("platform/env").join(name));
    }

    /// Adds a service binding `<platform>/bindings/<name>` of `kind` with `entries`.
    #[must_use]
    pub fn binding(self, name: &str, kind: &str, entries: &[(&str, &str)]) -> Self {
        let dir = self.work.path().join("platform/bindings").join(name);
        fs_err::create_dir_all(&dir).expect("mkdir binding");
        fs_err::write(dir.join("type"), kind).expect("write binding type");
        for (key, value) in entries {
            fs_err::write(dir.join(key), value).expect("write binding entry");
        }
        self
    }

    /// The service bindings of `folders` (a `type` file and one file per key), written by the
    /// code `scripts/build-app --binding <folder>` runs; replaces the app's bindings.
    #[must_use]
    pub fn binding_folders(self, folders: &[PathBuf]) -> Self {
        stowage_dev::platform::write_bindings(&self.work.path().join("platform/bindings"), folders)
            .unwrap_or_else(|error| panic!("{}", error.render()));
        self
    }

    /// Writes a file into the app (e.g. to change it between builds).
    pub fn write_file(&self, path: &str, content: &str) {
        let path = self.app_dir().join(path);
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, content).expect("write app file");
    }

    #[must_use]
    pub fn app_dir(&self) -> PathBuf {
        self.work.path().join("app")
    }

    /// The lifecycle's cache dir, kept between builds.
    #[must_use]
    pub fn cache_dir(&self) -> PathBuf {
        self.work.path().join("cache")
    }

    /// Packages the buildpacks and runs all phases; a failed phase ends the build.
    pub fn build(&mut self) -> Build {
        self.run_phases(&phases::PHASES)
    }

    /// Packages the buildpacks and runs the analyzer and the detector only: which group
    /// passes and the build plan it resolves, without building (no image is written).
    pub fn detect(&mut self) -> Build {
        self.run_phases(&phases::PHASES[..2])
    }

    fn run_phases(&mut self, names: &[&'static str]) -> Build {
        self.builds += 1;
        self.package();
        if self.descriptor {
            self.apply_descriptor(self.descriptor_file.as_deref());
        }
        let image_ref = format!("stowage.local/{}:latest", self.name);
        let phases = phases::run(self.work.path(), &image_ref, names);
        let success = phases.iter().all(PhaseRun::succeeded) && phases.len() == names.len();
        // Captured by the test runner and shown when a test fails.
        println!("=== build {} of {}", self.builds, self.name);
        let layout_dir = self
            .work
            .path()
            .join("layout/stowage.local")
            .join(&self.name)
            .join("latest");
        let build = Build {
            phases,
            success,
            image: Image {
                layout_dir,
                tag: "latest".to_string(),
                bundle_dir: self.work.path().join(format!("bundle-{}", self.builds)),
            },
            work: Arc::clone(&self.work),
        };
        println!("{}", build.log());
        build
    }

    fn apply_descriptor(&self, file: Option<&Path>) {
        let work = self.work.path();
        let source = work.join("source");
        if !source.exists() {
            fs_err::rename(self.app_dir(), &source).expect("keep the app aside");
        }
        let descriptor = stowage_dev::project::for_app(&source, file)
            .unwrap_or_else(|error| panic!("{}", error.render()))
            .expect("the app has a project descriptor");
        let env_dir = work.join("platform/env");
        let mut user = BTreeMap::new();
        for entry in fs_err::read_dir(&env_dir).expect("read env") {
            let path = entry.expect("env entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            user.insert(name, fs_err::read_to_string(&path).expect("read env value"));
        }
        stowage_dev::platform::write_env(&env_dir, &descriptor.with_user_env(&user))
            .unwrap_or_else(|error| panic!("{}", error.render()));
        stowage_dev::project::copy_app(&source, &self.app_dir(), Some(&descriptor))
            .unwrap_or_else(|error| panic!("{}", error.render()));
        let cnb = work.join("cnb");
        stowage_dev::project::apply_to_cnb(&descriptor, &cnb).expect("the descriptor's group");
        // stowage_build_phases makes cnb/ and platform/ readable for the build user.
        println!("{}", descriptor.summary(None));
    }

    fn package(&self) {
        let cnb = self.work.path().join("cnb");
        let buildpacks_dir = cnb.join("buildpacks");
        let _ = fs_err::remove_dir_all(&buildpacks_dir);
        let staging = self.work.path().join("packaged");
        let _ = fs_err::remove_dir_all(&staging);
        let packager = Packager {
            metadata_dir: repo_root().join("dependency-metadata"),
            binaries_dir: tools().binaries_dir.clone(),
            inventory_overrides: self.inventories.clone(),
        };
        let mut crates: Vec<String> = Vec::new();
        for name in &self.buildpacks {
            if component_dir(name).is_some() {
                crates.push(name.clone());
            }
            crates.extend(meta_components(name));
        }
        tools::ensure_built(&crates);
        let mut group = Vec::new();
        for name in &self.buildpacks {
            let source = component_dir(name)
                .or_else(|| {
                    let meta = repo_root().join("meta-buildpacks").join(name);
                    meta.join("buildpack.toml").is_file().then_some(meta)
                })
                .unwrap_or_else(|| panic!("no buildpack or meta-buildpack named {name}"));
            group.push(install(&packager, &source, &staging, &buildpacks_dir));
        }
        for layout in &self.buildpackages {
            group.push(install_buildpackage(layout, self.work.path()));
        }
        // A meta-buildpack's components are installed too, so its order resolves.
        for meta in group.clone() {
            for component in meta.components {
                let source = component_dir(&component)
                    .unwrap_or_else(|| panic!("no buildpack crate named {component}"));
                let _ = install(&packager, &source, &staging, &buildpacks_dir);
            }
        }
        let order = self.order.clone().unwrap_or_else(|| {
            group
                .iter()
                .fold(String::from("[[order]]\n"), |mut order, buildpack| {
                    let _ = writeln!(
                        order,
                        "[[order.group]]\nid = \"{}\"\nversion = \"{}\"",
                        buildpack.id, buildpack.version
                    );
                    order
                })
        });
        fs_err::write(cnb.join("order.toml"), order).expect("write order.toml");
        phases::make_readable(&cnb);
    }
}

#[derive(Clone)]
struct Installed {
    id: String,
    version: String,
    /// Crate folder names of a meta-buildpack's members.
    components: Vec<String>,
}

/// Packages one buildpack into `<buildpacks>/<escaped id>/<version>/`, the platform layout.
fn install(packager: &Packager, source: &Path, staging: &Path, buildpacks_dir: &Path) -> Installed {
    let output = packager
        .package(source, staging)
        .expect("package buildpack");
    let descriptor: toml::Table = fs_err::read_to_string(output.join("buildpack.toml"))
        .expect("read buildpack.toml")
        .parse()
        .expect("parse buildpack.toml");
    let id = descriptor["buildpack"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let version = descriptor["buildpack"]["version"]
        .as_str()
        .expect("version")
        .to_string();
    let components = group_ids(&descriptor);
    let target = buildpacks_dir.join(id.replace('/', "_")).join(&version);
    fs_err::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    if !target.exists() {
        fs_err::rename(&output, &target).expect("move packaged buildpack");
    }
    Installed {
        id,
        version,
        components,
    }
}

/// Packages component buildpacks (crate folder names) with these inventories into `out`, as
/// `scripts/package` does, and returns their packaged folders (what `stowage-dev buildpackage`
/// reads).
#[must_use]
pub fn packaged_folders(
    names: &[&str],
    inventories: &BTreeMap<String, toml::Table>,
    out: &Path,
) -> Vec<PathBuf> {
    let crates: Vec<String> = names.iter().map(ToString::to_string).collect();
    tools::ensure_built(&crates);
    let packager = Packager {
        metadata_dir: repo_root().join("dependency-metadata"),
        binaries_dir: tools().binaries_dir.clone(),
        inventory_overrides: inventories.clone(),
    };
    names
        .iter()
        .map(|name| {
            let source =
                component_dir(name).unwrap_or_else(|| panic!("no buildpack crate named {name}"));
            packager
                .package(&source, out)
                .unwrap_or_else(|error| panic!("package {name}: {error}"))
        })
        .collect()
}

/// Unpacks a buildpackage's layers into `<work>/cnb/buildpacks/` (each holds
/// `cnb/buildpacks/<escaped id>/<version>/`) and names its buildpack.
fn install_buildpackage(layout: &Path, work: &Path) -> Installed {
    let (config, layers) = stowage_dev::oci::read::image(layout)
        .unwrap_or_else(|error| panic!("read {}: {error}", layout.display()));
    stowage_dev::oci::read::unpack(&layers, work)
        .unwrap_or_else(|error| panic!("unpack {}: {error}", layout.display()));
    let label = config["config"]["Labels"][stowage_dev::buildpackage::METADATA_LABEL]
        .as_str()
        .expect("a buildpackage label");
    let metadata: serde_json::Value = serde_json::from_str(label).expect("label is JSON");
    Installed {
        id: metadata["id"].as_str().expect("id").to_string(),
        version: metadata["version"].as_str().expect("version").to_string(),
        components: Vec::new(),
    }
}

/// The crate folder `buildpacks/<family>/<name>` of a component buildpack.
pub(crate) fn component_dir(name: &str) -> Option<PathBuf> {
    let families = fs_err::read_dir(repo_root().join("buildpacks")).ok()?;
    families
        .filter_map(Result::ok)
        .map(|family| family.path().join(name))
        .find(|dir| dir.join("buildpack.toml").is_file())
}

/// The crate folders of a meta-buildpack's members (none for a component buildpack).
fn meta_components(name: &str) -> Vec<String> {
    let path = repo_root()
        .join("meta-buildpacks")
        .join(name)
        .join("buildpack.toml");
    let Ok(text) = fs_err::read_to_string(path) else {
        return Vec::new();
    };
    let descriptor: toml::Table = text.parse().expect("meta-buildpack buildpack.toml");
    group_ids(&descriptor)
}

/// Every buildpack id named in a descriptor's order groups, as crate folder names.
fn group_ids(descriptor: &toml::Table) -> Vec<String> {
    let mut ids: Vec<String> = descriptor
        .get("order")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|order| order.get("group").and_then(toml::Value::as_array))
        .flatten()
        .filter_map(|entry| entry.get("id").and_then(toml::Value::as_str))
        .map(|id| id.trim_start_matches("stowage/").to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

impl Build {
    /// Every phase's output, in order, each under a `--- <phase>` line.
    #[must_use]
    pub fn log(&self) -> String {
        self.phases.iter().fold(String::new(), |mut log, phase| {
            let _ = writeln!(
                log,
                "--- {} (exit {:?})\n{}",
                phase.name, phase.code, phase.output
            );
            log
        })
    }

    /// The output of one phase (`"builder"`, `"exporter"`, ...).
    #[must_use]
    pub fn phase(&self, name: &str) -> &str {
        self.phases
            .iter()
            .find(|phase| phase.name == name)
            .map_or("", |phase| phase.output.as_str())
    }

    pub fn assert_success(&self) {
        assert!(self.success, "the build failed:\n{}", self.log());
    }

    pub fn assert_failure(&self) {
        assert!(
            !self.success,
            "the build succeeded but should have failed:\n{}",
            self.log()
        );
    }

    /// A rebuild kept both `node_modules` layers: the builder reused them (the log names
    /// what was `unchanged`, e.g. `package.json, Node.js v`), ran no `install`, and the
    /// exporter reused the launch layer of `buildpack` (e.g. `stowage/npm-install`).
    pub fn assert_modules_layers_reused(&self, unchanged: &str, install: &str, buildpack: &str) {
        let builder = self.phase("builder");
        assert_eq!(
            builder
                .matches(&format!("Reusing the cached layer: {unchanged}"))
                .count(),
            2,
            "both node_modules layers are reused: {builder}"
        );
        assert!(
            !builder.contains(&format!("Running `{install}")),
            "{builder}"
        );
        assert!(
            self.phase("exporter")
                .contains(&format!("Reusing layer '{buildpack}:launch-modules'")),
            "{}",
            self.log()
        );
    }

    /// The exported image (only meaningful after a successful build).
    #[must_use]
    pub fn image(&self) -> &Image {
        &self.image
    }

    /// The layers dir the build left behind (`analyzed.toml`, `group.toml`, layers, SBOMs).
    #[must_use]
    pub fn layers_dir(&self) -> PathBuf {
        self.work.path().join("layers")
    }
}
