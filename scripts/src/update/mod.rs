//! `update-dependencies`: asks each dependency's upstream for its releases, keeps the newest
//! `patches` of every line in `dependency-metadata/`, and writes only entries whose bytes were
//! downloaded and matched the checksum the upstream publishes.
//!
//! One [`Retriever`] per upstream: [`npm`] (Yarn, pnpm), [`maven`] (Maven, Spring Cloud
//! Bindings, Tomcat), [`mvnd`], [`nodejs`] (with OpenPGP-verified checksums), [`bellsoft`]
//! (the JDK and JRE), [`dotnet`] (the SDK and runtimes), [`composer`]; and for dependencies
//! built from upstream sources, [`nginx`] (signed), [`httpd`], [`php`], [`ruby`], [`bundler`],
//! whose entries [`built`] writes from a built artifact. [`dist`] holds what several share.
//! [`plan`] decides, [`edit`] rewrites the file text, [`report`] renders the plan.

mod bellsoft;
mod built;
mod bundler;
mod composer;
mod dist;
mod dotnet;
mod edit;
mod errors;
mod http;
mod httpd;
mod maven;
mod mvnd;
mod nginx;
mod nodejs;
mod npm;
mod php;
mod plan;
mod report;
mod retriever;
mod ruby;
mod signature;

pub use built::Artifact;
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
    /// Apache's dist archive (mvnd, httpd).
    pub apache: String,
    pub rubygems: String,
    /// The folder of ruby-lang.org's `releases.yml` and `branches.yml`.
    pub ruby: String,
    pub php: String,
    pub nginx: String,
    pub nginx_keys: PathBuf,
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
            apache: pick("STOWAGE_UPDATE_APACHE_DIST", httpd::APACHE_DIST),
            rubygems: pick("STOWAGE_UPDATE_RUBYGEMS", bundler::RUBYGEMS),
            ruby: pick("STOWAGE_UPDATE_RUBY_DATA", ruby::SITE_DATA),
            php: pick("STOWAGE_UPDATE_PHP_SITE", php::SITE),
            nginx: pick("STOWAGE_UPDATE_NGINX_SITE", nginx::SITE),
            nginx_keys: root.join("scripts/src/update/nginx-keys"),
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
        // Paketo's id in aspnetcore-runtime.toml, and the short one.
        "aspnetcore-runtime" | "dotnet-core-aspnet-runtime" => dotnet(dotnet::Product::AspNetCore),
        "composer" => Box::new(composer::Composer {
            site: upstreams.composer.clone(),
            packagist: upstreams.packagist.clone(),
        }),
        "mvnd" => Box::new(mvnd::Mvnd {
            dist: upstreams.apache.clone(),
        }),
        "httpd" => Box::new(httpd::Httpd {
            dist: upstreams.apache.clone(),
        }),
        "nginx" => Box::new(nginx::Nginx {
            site: upstreams.nginx.clone(),
            keys: upstreams.nginx_keys.clone(),
        }),
        "php" => Box::new(php::Php {
            site: upstreams.php.clone(),
        }),
        "ruby" => Box::new(ruby::Ruby {
            data: upstreams.ruby.clone(),
        }),
        "bundler" => Box::new(bundler::Bundler {
            rubygems: upstreams.rubygems.clone(),
        }),
        _ => return None,
    })
}

/// The outcome for one metadata file.
#[derive(Debug)]
pub struct FilePlan {
    pub name: String,
    /// The dependency ids planned.
    pub ids: Vec<String>,
    pub changes: Vec<Change>,
    pub notes: Vec<String>,
    /// Per dependency id that could not be updated; nothing was written for those.
    pub errors: Vec<Error>,
    pub written: bool,
}

/// Plans (and unless `dry_run`, writes) every file of `metadata_dir`, or those whose stem or
/// dependency ids are in `only`; `artifacts` are the built artifacts of source releases.
pub fn update(
    metadata_dir: &Path,
    only: &[String],
    dry_run: bool,
    artifacts: &[Artifact],
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
        let mut plan = plan_file(&name, &inventory, &ids, artifacts, upstreams, http);
        if !dry_run && plan.changes.iter().any(Change::writes) {
            match write(&file, &text, &plan.changes) {
                Ok(()) => plan.written = true,
                Err(error) => plan.errors.push(error),
            }
        }
        plans.push(plan);
    }
    for artifact in artifacts {
        let used = plans.iter().flat_map(|plan| &plan.changes).any(
            |change| matches!(change, Change::Added { entry, .. } if entry.uri == artifact.url),
        );
        if used {
            continue;
        }
        let error = errors::unused_artifact(artifact);
        match plans
            .iter_mut()
            .find(|plan| plan.ids.contains(&artifact.id))
        {
            Some(plan) => plan.errors.push(error),
            None => return Err(error.into()),
        }
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
    artifacts: &[Artifact],
    upstreams: &Upstreams,
    http: &Http,
) -> FilePlan {
    let mut plan = FilePlan {
        name: name.to_string(),
        ids: ids.to_vec(),
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
        let result = plan::plan_id(
            inventory,
            id,
            retriever.as_ref(),
            http,
            artifacts,
            &mut plan.notes,
        );
        match result {
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
