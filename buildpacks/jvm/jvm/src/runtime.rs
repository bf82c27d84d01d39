//! Which layers to make from which inventory entries: the JDK when a build tool wants it, the
//! JRE when the app runs on one, or the JDK in its place (`BP_JVM_TYPE=JDK`, or no JRE for
//! the version).

use crate::errors::{self, JVM_TYPE_VARIABLE};
use crate::jlink;
use crate::plan::JvmPlan;
use crate::version_request::{self, Source, VersionRequest};
use libcnb::data::layer::LayerName;
use libcnb::data::layer_name;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target};
use stowage_kit::output::Output;
use stowage_kit::version::{SemverRequirement, VersionConstraint};

/// One layer to install.
#[derive(Debug)]
pub(crate) struct JvmLayer<'a> {
    pub name: LayerName,
    pub dependency: &'a Dependency,
    /// Visible to later buildpacks: `JAVA_HOME` (and `JDK_HOME` for a JDK) while they build.
    pub build: bool,
    /// The app's runtime: launch env and the exec.d program that sizes the JVM.
    pub launch: bool,
    /// Made by the JDK's jlink with these arguments (`dependency` is the JDK), not installed.
    pub jlink: Option<Vec<String>>,
}

/// The layers the plan asks for, resolved from `inventory`; says in the log what chose them.
pub(crate) fn select<'a>(
    app_dir: &Path,
    inventory: &'a Inventory,
    target: &Target,
    plan: &JvmPlan,
    config: &Config,
    output: &mut Output,
) -> Result<Vec<JvmLayer<'a>>, Error> {
    output.section("Resolving the Java version");
    let jdk_at_runtime = match config.string(JVM_TYPE_VARIABLE) {
        None => false,
        Some(value) if value.trim().is_empty() || value.eq_ignore_ascii_case("jre") => false,
        Some(value) if value.eq_ignore_ascii_case("jdk") => true,
        Some(value) => return Err(errors::unknown_jvm_type(&value)),
    };
    let mut request = if let Some(request) = version_request::find(app_dir, config)? {
        output.step(&format!(
            "Java `{}` requested by {}",
            request.version, request.source
        ));
        request
    } else {
        let default = inventory
            .default_version("jre")
            .or_else(|| inventory.default_version("jdk"))
            .unwrap_or("*");
        output.step(&format!(
            "No version requested; using the default `{default}`"
        ));
        VersionRequest {
            version: default.to_string(),
            source: Source::Default,
        }
    };
    let resolver = Resolver { inventory, target };
    if resolver.find("jdk", &request)?.is_none()
        && resolver.find("jre", &request)?.is_none()
        && let Some(next) = request.next_major()
        && (resolver.find("jdk", &next)?.is_some() || resolver.find("jre", &next)?.is_some())
    {
        output.step(&format!(
            "No Java {} is offered; using Java {} for the app built with it",
            request.version, next.version
        ));
        request = next;
    }
    let jdk = resolver.find("jdk", &request)?;
    let jre = resolver.find("jre", &request)?;
    let unavailable = |id: &str| {
        errors::version_unavailable(&request, &id.to_uppercase(), &resolver.versions(id))
    };

    let mut layers = Vec::new();
    if !jdk_at_runtime
        && plan.wants_jre()
        && let Some(layers) = jlinked(plan, jdk, config, output)?
    {
        return Ok(layers);
    }
    if plan.wants_jre() && (jdk_at_runtime || jre.is_none()) {
        let jdk = jdk.ok_or_else(|| unavailable(if jdk_at_runtime { "jdk" } else { "jre" }))?;
        if jdk_at_runtime {
            output.step(&format!("{JVM_TYPE_VARIABLE}=JDK: the app runs on the JDK"));
        } else {
            output.warning(&errors::jdk_as_jre(&jdk.version.to_string()));
        }
        layers.push(JvmLayer {
            name: layer_name!("jdk"),
            dependency: jdk,
            build: plan.jdk || plan.jre_build,
            launch: plan.jre_launch,
            jlink: None,
        });
        return Ok(layers);
    }
    if plan.jdk {
        layers.push(JvmLayer {
            name: layer_name!("jdk"),
            dependency: jdk.ok_or_else(|| unavailable("jdk"))?,
            build: true,
            launch: false,
            jlink: None,
        });
    }
    if plan.wants_jre() {
        layers.push(JvmLayer {
            name: layer_name!("jre"),
            dependency: jre.ok_or_else(|| unavailable("jre"))?,
            build: plan.jre_build,
            launch: plan.jre_launch,
            jlink: None,
        });
    }
    Ok(layers)
}

/// With `BP_JVM_JLINK_ENABLED`, the JDK (for this build) and the app's runtime jlink makes
/// from it; `None` when jlink is off, or the JDK is older than jlink.
fn jlinked<'a>(
    plan: &JvmPlan,
    jdk: Option<&'a Dependency>,
    config: &Config,
    output: &mut Output,
) -> Result<Option<Vec<JvmLayer<'a>>>, Error> {
    let Some(args) = jlink::requested(config)? else {
        return Ok(None);
    };
    let Some(jdk) = jdk else {
        return Err(errors::jlink_needs_a_jdk());
    };
    if jdk.version.major < 9 {
        output.warning(&errors::jlink_needs_java_9(&jdk.version.to_string()));
        return Ok(None);
    }
    output.step(&format!(
        "{}: the app runs on a runtime jlink makes from the JDK",
        jlink::ENABLED_VARIABLE
    ));
    Ok(Some(vec![
        JvmLayer {
            name: layer_name!("jdk"),
            dependency: jdk,
            build: plan.jdk,
            launch: false,
            jlink: None,
        },
        JvmLayer {
            name: layer_name!("jre"),
            dependency: jdk,
            build: plan.jre_build,
            launch: plan.jre_launch,
            jlink: Some(args),
        },
    ]))
}

struct Resolver<'a, 't> {
    inventory: &'a Inventory,
    target: &'t Target,
}

impl<'a> Resolver<'a, '_> {
    /// The newest `id` entry for this platform that `request` accepts.
    fn find(&self, id: &str, request: &VersionRequest) -> Result<Option<&'a Dependency>, Error> {
        let constraint: SemverRequirement = request.constraint()?;
        Ok(self
            .inventory
            .dependencies
            .iter()
            .filter(|dependency| dependency.id == id && self.target.fits(dependency))
            .filter(|dependency| constraint.matches(&dependency.version))
            .fold(None, |best: Option<&Dependency>, dependency| match best {
                Some(best) if best.version >= dependency.version => Some(best),
                _ => Some(dependency),
            }))
    }

    /// The `id` versions for this platform, newest first.
    fn versions(&self, id: &str) -> Vec<String> {
        let mut versions: Vec<&semver::Version> = self
            .inventory
            .dependencies
            .iter()
            .filter(|dependency| dependency.id == id && self.target.fits(dependency))
            .map(|dependency| &dependency.version)
            .collect();
        versions.sort_unstable_by(|a, b| b.cmp(a));
        versions.dedup();
        versions.iter().map(ToString::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVENTORY: &str = r#"
[default-versions]
jre = "21.*"
jdk = "21.*"
"#;

    fn entry(id: &str, version: &str) -> String {
        format!(
            r#"
[[dependencies]]
id = "{id}"
version = "{version}"
uri = "https://example.com/{id}-{version}.tar.gz"
checksum = "sha256:{sha}"
os = "linux"
arch = "amd64"
stacks = ["*"]
"#,
            sha = "a".repeat(64)
        )
    }

    /// An inventory with JDKs 17 and 21, a JRE 21 and a JDK 25 without JRE.
    fn inventory() -> Inventory {
        let text = [
            INVENTORY.to_string(),
            entry("jdk", "17.0.19"),
            entry("jre", "17.0.19"),
            entry("jdk", "21.0.11"),
            entry("jre", "21.0.11"),
            entry("jdk", "25.0.3"),
        ]
        .concat();
        toml::from_str(&text).expect("inventory")
    }

    struct Case {
        plan: JvmPlan,
        env: Vec<(&'static str, &'static str)>,
        files: Vec<(&'static str, &'static str)>,
    }

    /// `name version build launch` per layer, and the log; or the error's id and header.
    fn run(case: &Case) -> Result<(Vec<String>, String), String> {
        let app = tempfile::tempdir().expect("temp dir");
        for (name, text) in &case.files {
            let path = app.path().join(name);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, text).expect("write");
        }
        let env = stowage_kit::config::env_of(case.env.iter().copied());
        let inventory = inventory();
        let (mut output, log) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        let layers = select(
            app.path(),
            &inventory,
            &target,
            &case.plan,
            &Config::new(&env),
            &mut output,
        )
        .map_err(|error| format!("{}: {}", error.id, error.header))?;
        let described = layers
            .iter()
            .map(|layer| {
                format!(
                    "{} {} build={} launch={}",
                    layer.name.as_str(),
                    layer.dependency.version,
                    layer.build,
                    layer.launch
                )
            })
            .collect();
        drop(output);
        Ok((described, log.text()))
    }

    const LAUNCH: JvmPlan = JvmPlan {
        jdk: false,
        jre_build: false,
        jre_launch: true,
    };
    const BUILD_AND_LAUNCH: JvmPlan = JvmPlan {
        jdk: true,
        jre_build: false,
        jre_launch: true,
    };

    #[test]
    fn the_default_jre_for_launch() {
        let case = Case {
            plan: LAUNCH,
            env: vec![],
            files: vec![],
        };
        let (layers, log) = run(&case).expect("layers");
        assert_eq!(layers, ["jre 21.0.11 build=false launch=true"]);
        assert!(
            log.contains("No version requested; using the default `21.*`"),
            "{log}"
        );
    }

    #[test]
    fn a_jdk_for_the_build_tool_and_a_jre_for_the_app_of_the_requested_version() {
        let case = Case {
            plan: BUILD_AND_LAUNCH,
            env: vec![],
            files: vec![(".sdkmanrc", "java=17.0.2-tem\n")],
        };
        let (layers, log) = run(&case).expect("layers");
        assert_eq!(
            layers,
            [
                "jdk 17.0.19 build=true launch=false",
                "jre 17.0.19 build=false launch=true"
            ]
        );
        assert!(log.contains("Java `17` requested by .sdkmanrc"), "{log}");
    }

    #[test]
    fn bp_jvm_type_jdk_runs_the_app_on_the_one_jdk_layer() {
        let case = Case {
            plan: BUILD_AND_LAUNCH,
            env: vec![("BP_JVM_TYPE", "jdk"), ("BP_JVM_VERSION", "17")],
            files: vec![],
        };
        let (layers, log) = run(&case).expect("layers");
        assert_eq!(layers, ["jdk 17.0.19 build=true launch=true"]);
        assert!(
            log.contains("BP_JVM_TYPE=JDK: the app runs on the JDK"),
            "{log}"
        );
    }

    #[test]
    fn without_a_jre_the_jdk_runs_the_app_with_a_warning() {
        let case = Case {
            plan: LAUNCH,
            env: vec![("BP_JVM_VERSION", "25")],
            files: vec![],
        };
        let (layers, log) = run(&case).expect("layers");
        assert_eq!(layers, ["jdk 25.0.3 build=false launch=true"]);
        assert!(log.contains("No JRE is available for Java 25.0.3"), "{log}");
    }

    #[test]
    fn a_manifest_naming_an_unoffered_java_moves_up_one_major() {
        let case = Case {
            plan: LAUNCH,
            env: vec![],
            files: vec![("META-INF/MANIFEST.MF", "Build-Jdk-Spec: 20\n")],
        };
        let (layers, log) = run(&case).expect("layers");
        assert_eq!(layers, ["jre 21.0.11 build=false launch=true"]);
        assert!(
            log.contains("No Java 20 is offered; using Java 21"),
            "{log}"
        );
    }

    #[test]
    fn a_version_nothing_offers_fails_with_its_id() {
        let case = Case {
            plan: LAUNCH,
            env: vec![("BP_JVM_VERSION", "11")],
            files: vec![],
        };
        assert_eq!(
            run(&case).expect_err("no java 11"),
            "jvm/version-unavailable: No JRE is available for Java `11` (from BP_JVM_VERSION)"
        );
        let case = Case {
            plan: LAUNCH,
            env: vec![("BP_JVM_TYPE", "server")],
            files: vec![],
        };
        assert_eq!(
            run(&case).expect_err("bad type"),
            "jvm/unknown-jvm-type: BP_JVM_TYPE=server is not a JVM type"
        );
    }

    #[test]
    fn nothing_planned_installs_nothing() {
        let case = Case {
            plan: JvmPlan::default(),
            env: vec![],
            files: vec![],
        };
        assert_eq!(run(&case).expect("layers").0, Vec::<String>::new());
    }
}
