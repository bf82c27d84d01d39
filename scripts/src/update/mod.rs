//! `update-dependencies`: asks each dependency's upstream for its releases, keeps the newest
//! `patches` of every line in `dependency-metadata/`, and writes only entries whose bytes were
//! downloaded and matched the checksum the upstream publishes.
//!
//! One [`Retriever`] per upstream: [`npm`] (Yarn, pnpm), [`maven`] (Maven, Spring Cloud
//! Bindings, Tomcat), [`nodejs`] (with OpenPGP-verified checksums), [`bellsoft`] (the JDK and
//! JRE), [`dotnet`] (the SDK and runtimes), [`composer`]. [`plan`] decides, [`edit`] rewrites the file text, [`report`] renders the plan.

mod bellsoft;
mod composer;
mod dotnet;
mod edit;
mod errors;
mod http;
mod maven;
mod nodejs;
mod npm;
mod plan;
mod report;
mod retriever;
mod signature;

pub use http::Http;
pub use plan::Change;
pub use retriever::{Release, Retriever};

use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::inventory::{Inventory, lint};

/// Where each upstream is asked; the public addresses unless overridden (tests, mirrors).
#[derive(Clone, Debug)]
pub struct Upstreams {
    pub npm: String,
    pub maven: String,
    pub nodejs: String,
    pub nodejs_schedule: String,
    pub nodejs_keys: PathBuf,
    pub bellsoft: String,
    pub dotnet: String,
    pub composer: String,
    pub packagist: String,
}

impl Upstreams {
    /// The public upstreams, each overridable by a `STOWAGE_UPDATE_*` variable.
    #[must_use]
    pub fn from_lookup(root: &Path, lookup: impl Fn(&str) -> Option<String>) -> Self {
        let pick = |name: &str, default: &str| {
            lookup(name)
                .unwrap_or_else(|| default.to_string())
                .trim_end_matches('/')
                .to_string()
        };
        Self {
            npm: pick("STOWAGE_UPDATE_NPM_REGISTRY", npm::PUBLIC_REGISTRY),
            maven: pick("STOWAGE_UPDATE_MAVEN_REPOSITORY", maven::MAVEN_CENTRAL),
            nodejs: pick("STOWAGE_UPDATE_NODEJS_DIST", nodejs::DIST),
            nodejs_schedule: pick("STOWAGE_UPDATE_NODEJS_SCHEDULE", nodejs::SCHEDULE),
            nodejs_keys: root.join("scripts/src/update/nodejs-keys"),
            bellsoft: pick("STOWAGE_UPDATE_BELLSOFT_API", bellsoft::API),
            dotnet: pick("STOWAGE_UPDATE_DOTNET_METADATA", dotnet::RELEASE_METADATA),
            composer: pick("STOWAGE_UPDATE_COMPOSER_SITE", composer::SITE),
            packagist: pick("STOWAGE_UPDATE_PACKAGIST", composer::PACKAGIST),
        }
    }
}

/// The retriever of a dependency id, if one is written.
#[must_use]
pub fn retriever_for(id: &str, upstreams: &Upstreams) -> Option<Box<dyn Retriever>> {
    let central = |group, artifact, suffix, source_suffix| {
        Box::new(maven::MavenCentral {
            repository: upstreams.maven.clone(),
            group,
            artifact,
            suffix,
            source_suffix,
        }) as Box<dyn Retriever>
    };
    let npm = |packages| {
        Box::new(npm::Npm {
            registry: upstreams.npm.clone(),
            packages,
        }) as Box<dyn Retriever>
    };
    let dotnet = |product| {
        Box::new(dotnet::DotNet {
            metadata: upstreams.dotnet.clone(),
            product,
        }) as Box<dyn Retriever>
    };
    Some(match id {
        "node" => Box::new(nodejs::NodeJs {
            dist: upstreams.nodejs.clone(),
            schedule: upstreams.nodejs_schedule.clone(),
            keys: upstreams.nodejs_keys.clone(),
        }),
        "yarn" => npm(vec![("yarn", 0..=1), ("@yarnpkg/cli-dist", 2..=u64::MAX)]),
        "pnpm" => npm(vec![("pnpm", 0..=u64::MAX)]),
        "maven" => central(
            "org.apache.maven",
            "apache-maven",
            "-bin.tar.gz",
            Some("-src.tar.gz"),
        ),
        "spring-cloud-bindings" => central(
            "org.springframework.cloud",
            "spring-cloud-bindings",
            ".jar",
            Some("-sources.jar"),
        ),
        "tomcat" => central("org.apache.tomcat", "tomcat", ".tar.gz", None),
        "jdk" => Box::new(bellsoft::BellSoft {
            api: upstreams.bellsoft.clone(),
            bundle: "jdk",
        }),
        "jre" => Box::new(bellsoft::BellSoft {
            api: upstreams.bellsoft.clone(),
            bundle: "jre",
        }),
        "dotnet-sdk" => dotnet(dotnet::Product::Sdk),
        "dotnet-runtime" => dotnet(dotnet::Product::Runtime),
        "aspnetcore-runtime" => dotnet(dotnet::Product::AspNetCore),
        "composer" => Box::new(composer::Composer {
            site: upstreams.composer.clone(),
            packagist: upstreams.packagist.clone(),
        }),
        _ => return None,
    })
}

/// The outcome for one metadata file.
#[derive(Debug)]
pub struct FilePlan {
    pub name: String,
    pub changes: Vec<Change>,
    pub notes: Vec<String>,
    /// Per dependency id that could not be updated; nothing was written for those.
    pub errors: Vec<Error>,
    pub written: bool,
}

/// Plans (and unless `dry_run`, writes) every file of `metadata_dir`, or those whose stem or
/// dependency ids are in `only`.
pub fn update(
    metadata_dir: &Path,
    only: &[String],
    dry_run: bool,
    upstreams: &Upstreams,
    http: &Http,
) -> crate::Result<Vec<FilePlan>> {
    let mut files: Vec<PathBuf> = fs_err::read_dir(metadata_dir)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut plans = Vec::new();
    let mut matched = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.trim_end_matches(".toml").to_string();
        let text = fs_err::read_to_string(&file)?;
        let inventory: Inventory =
            toml::from_str(&text).map_err(|error| format!("{}: {error}", file.display()))?;
        let mut ids: Vec<String> = Vec::new();
        for entry in &inventory.dependencies {
            if !ids.contains(&entry.id) {
                ids.push(entry.id.clone());
            }
        }
        if !only.is_empty() {
            if only.contains(&stem) {
                matched.push(stem.clone());
            } else {
                ids.retain(|id| only.contains(id));
                matched.extend(ids.iter().cloned());
                if ids.is_empty() {
                    continue;
                }
            }
        }
        let mut plan = plan_file(&name, &inventory, &ids, upstreams, http);
        if !dry_run && !plan.changes.is_empty() {
            match write(&file, &text, &plan.changes) {
                Ok(()) => plan.written = true,
                Err(error) => plan.errors.push(error),
            }
        }
        plans.push(plan);
    }
    if let Some(unknown) = only.iter().find(|name| !matched.contains(name)) {
        return Err(format!(
            "`{unknown}` is neither a file of {} nor a dependency id in one",
            metadata_dir.display()
        )
        .into());
    }
    Ok(plans)
}

fn plan_file(
    name: &str,
    inventory: &Inventory,
    ids: &[String],
    upstreams: &Upstreams,
    http: &Http,
) -> FilePlan {
    let mut plan = FilePlan {
        name: name.to_string(),
        changes: Vec::new(),
        notes: Vec::new(),
        errors: Vec::new(),
        written: false,
    };
    for id in ids {
        let Some(retriever) = retriever_for(id, upstreams) else {
            plan.notes.push(format!(
                "{id}: no retriever for its upstream yet; its entries are kept as they are"
            ));
            continue;
        };
        match plan::plan_id(inventory, id, retriever.as_ref(), http, &mut plan.notes) {
            Ok(changes) => plan.changes.extend(changes),
            Err(error) => plan.errors.push(error),
        }
    }
    plan
}

/// Writes the changed file, only if it still passes the metadata checks.
fn write(file: &Path, text: &str, changes: &[Change]) -> Result<(), Error> {
    let updated = edit::apply(text, changes).map_err(|why| errors::invalid_result(file, &[why]))?;
    let problems = lint(&updated);
    if !problems.is_empty() {
        return Err(errors::invalid_result(file, &problems));
    }
    let temporary = file.with_extension("toml.new");
    fs_err::write(&temporary, &updated)
        .and_then(|()| fs_err::rename(&temporary, file))
        .map_err(|error| errors::invalid_result(file, &[error.to_string()]))
}

pub use report::{render, summary};

#[cfg(test)]
mod tests;
