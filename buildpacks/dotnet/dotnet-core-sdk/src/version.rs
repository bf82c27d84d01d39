//! The SDK version, in Paketo's priority: `BP_DOTNET_SDK_VERSION`, then
//! `BP_DOTNET_FRAMEWORK_VERSION` (deprecated, its `M.m.*`), then `global.json` `sdk.version`
//! rolled forward by its `rollForward`, then the project file's runtime line (`M.m.*`, from
//! dotnet-publish's plan entry), then the inventory's default. The highest SDK in the first
//! range with a match wins.

use crate::PROVIDES;
use libcnb::data::buildpack_plan::Entry;
use std::path::Path;
use stowage_dotnet::{
    DotnetConstraint, FRAMEWORK_VERSION, GlobalJson, SDK_VERSION, resolve_in_order,
};
use stowage_kit::Error;
use stowage_kit::config::Config;
use stowage_kit::inventory::{Dependency, Inventory, Target, warn_if_deprecated};
use stowage_kit::output::Output;

/// What asked for which versions, in the order they are tried.
#[derive(Debug)]
pub(crate) struct Request {
    pub source: String,
    pub ranges: Vec<DotnetConstraint>,
    /// How the ranges came about, for the log.
    pub how: Option<String>,
    variable: Option<&'static str>,
    file: Option<String>,
}

impl Request {
    fn one(source: String, constraint: DotnetConstraint) -> Self {
        Self {
            source,
            ranges: vec![constraint],
            how: None,
            variable: None,
            file: None,
        }
    }

    fn attach(&self, error: Error) -> Error {
        match (&self.variable, &self.file) {
            (Some(name), _) => error.variable(*name),
            (None, Some(file)) => error.file(file.as_str()),
            (None, None) => error,
        }
    }
}

/// `M.m.*` of a version such as `8.0.4` or `8.0`.
fn line_of(version: &str) -> Option<String> {
    let mut parts = version.trim().split('.');
    let (major, minor) = (parts.next()?, parts.next()?);
    (major.parse::<u64>().is_ok() && minor.parse::<u64>().is_ok())
        .then(|| format!("{major}.{minor}.*"))
}

pub(crate) fn request(
    app_dir: &Path,
    config: &Config,
    global_json: Option<&GlobalJson>,
    entries: &[Entry],
    inventory: &Inventory,
) -> Result<Request, Error> {
    if let Some(value) = config.string(SDK_VERSION) {
        let constraint = DotnetConstraint::parse(&value).map_err(|e| e.variable(SDK_VERSION))?;
        let mut request = Request::one(SDK_VERSION.to_string(), constraint);
        request.variable = Some(SDK_VERSION);
        return Ok(request);
    }
    if let Some(value) = config.string(FRAMEWORK_VERSION) {
        let line = line_of(&value).unwrap_or(value);
        let constraint =
            DotnetConstraint::parse(&line).map_err(|e| e.variable(FRAMEWORK_VERSION))?;
        let mut request = Request::one(FRAMEWORK_VERSION.to_string(), constraint);
        request.variable = Some(FRAMEWORK_VERSION);
        return Ok(request);
    }
    if let Some(global) = global_json {
        // Relative to the app when it is the app's own (it may be a parent folder's).
        let file = global.path.strip_prefix(app_dir).map_or_else(
            |_| global.path.display().to_string(),
            |relative| relative.display().to_string(),
        );
        return Ok(Request {
            source: file.clone(),
            ranges: global.roll_forward.sdk_ranges(&global.version),
            how: Some(format!(
                "{} with rollForward {}",
                global.version,
                global.roll_forward.name()
            )),
            variable: None,
            file: Some(file),
        });
    }
    // dotnet-publish asks for the SDK of the project's runtime line.
    let from_project = entries
        .iter()
        .filter(|entry| entry.name == PROVIDES)
        .find_map(|entry| {
            let source = entry.metadata.get("version-source")?.as_str()?;
            let version = entry.metadata.get("version")?.as_str()?;
            Some((source.to_string(), version.to_string()))
        });
    if let Some((source, version)) = from_project {
        let constraint = DotnetConstraint::parse(&version).map_err(|e| e.file(source.as_str()))?;
        let mut request = Request::one(source.clone(), constraint);
        request.file = Some(source);
        return Ok(request);
    }
    let default = inventory.default_version(PROVIDES).unwrap_or("*");
    Ok(Request::one(
        "the buildpack's default".to_string(),
        DotnetConstraint::parse(default)?,
    ))
}

pub(crate) fn select<'a>(
    inventory: &'a Inventory,
    request: &Request,
    target: &Target,
    output: &mut Output,
) -> Result<&'a Dependency, Error> {
    output.section("Resolving the .NET SDK");
    let ranges: Vec<String> = request.ranges.iter().map(ToString::to_string).collect();
    let ranges = format!("\"{}\"", ranges.join("\", then \""));
    output.step(&match &request.how {
        Some(how) => format!("{} asks for {how}: {ranges}", request.source),
        None => format!("{} asks for {ranges}", request.source),
    });
    let dependency = resolve_in_order(inventory, PROVIDES, &request.ranges, target)
        .map_err(|error| request.attach(error))?;
    output.step(&format!(
        "Selected .NET SDK {} (from {})",
        dependency.version, request.source
    ));
    warn_if_deprecated(dependency, SDK_VERSION, output)?;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    /// The real SDK entries this project pins (dependency-metadata/dotnet-sdk.toml).
    fn real_inventory() -> Inventory {
        let text = fs_err::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../dependency-metadata/dotnet-sdk.toml"),
        )
        .expect("metadata");
        toml::from_str(&text).expect("inventory")
    }

    fn selected(
        env: &[(&str, &str)],
        global: Option<(&str, Option<&str>)>,
        entries: &str,
    ) -> Result<(String, String), Error> {
        let env = env_of(env.iter().copied());
        let config = Config::new(&env);
        let dir = tempfile::tempdir().expect("dir");
        let global = global.map(|(version, policy)| {
            let path = dir.path().join("global.json");
            let policy = policy
                .map(|p| format!(", \"rollForward\": \"{p}\""))
                .unwrap_or_default();
            fs_err::write(
                &path,
                format!("{{\"sdk\": {{\"version\": \"{version}\"{policy}}}}}"),
            )
            .expect("write");
            GlobalJson::read(&path)
                .expect("reads")
                .expect("has a version")
        });
        let plan: libcnb::data::buildpack_plan::BuildpackPlan =
            toml::from_str(entries).expect("plan");
        let inventory = real_inventory();
        let request = request(
            dir.path(),
            &config,
            global.as_ref(),
            &plan.entries,
            &inventory,
        )?;
        let (mut output, captured) = stowage_kit::output::captured::plain();
        let target = Target::new("linux", "amd64", "debian", "12");
        let dependency = select(&inventory, &request, &target, &mut output)?;
        Ok((dependency.version.to_string(), captured.text()))
    }

    const PUBLISH: &str = "[[entries]]\nname = \"dotnet-sdk\"\n[entries.metadata]\nbuild = true\nversion = \"9.0.*\"\nversion-source = \"Web.csproj\"\n";

    #[test]
    fn the_variable_then_global_json_then_the_project_then_the_default() {
        let (version, log) = selected(&[(SDK_VERSION, "8.0.*")], Some(("9.0.100", None)), PUBLISH)
            .expect("variable");
        assert_eq!(version, "8.0.424");
        assert!(
            log.contains("BP_DOTNET_SDK_VERSION asks for \"8.0.*\""),
            "{log}"
        );
        let (version, log) =
            selected(&[], Some(("9.0.300", Some("latestFeature"))), PUBLISH).expect("global.json");
        assert_eq!(version, "9.0.317");
        assert!(
            log.contains(
                "global.json asks for 9.0.300 with rollForward latestFeature: \">=9.0.300 9.0.*\""
            ),
            "{log}"
        );
        let (version, log) = selected(&[], None, PUBLISH).expect("project");
        assert_eq!(version, "9.0.317");
        assert!(
            log.contains("Selected .NET SDK 9.0.317 (from Web.csproj)"),
            "{log}"
        );
        assert_eq!(selected(&[], None, "").expect("default").0, "8.0.424");
        assert_eq!(
            selected(&[(FRAMEWORK_VERSION, "10.0.2")], None, PUBLISH)
                .expect("deprecated variable")
                .0,
            "10.0.400"
        );
    }

    #[test]
    fn global_json_policies_against_the_real_sdks() {
        let pick = |version: &str, policy: &str| {
            selected(&[], Some((version, Some(policy))), "").map(|(version, _)| version)
        };
        assert_eq!(pick("8.0.400", "patch").expect("band 4"), "8.0.424");
        assert!(pick("8.0.300", "patch").is_err());
        assert_eq!(pick("8.0.300", "feature").expect("next band"), "8.0.424");
        assert_eq!(pick("9.0.300", "latestPatch").expect("band 3"), "9.0.317");
        assert_eq!(pick("8.0.100", "latestMinor").expect("8.x"), "8.0.424");
        assert_eq!(pick("8.0.100", "latestMajor").expect("any"), "10.0.400");
        assert_eq!(pick("9.0.317", "disabled").expect("exact"), "9.0.317");
        assert!(pick("9.0.318", "disabled").is_err());
        assert!(pick("9.1.100", "minor").is_err());
        assert_eq!(pick("9.0.300", "major").expect("own band first"), "9.0.317");
    }

    #[test]
    fn no_sdk_matching_names_global_json_and_a_bad_variable_names_itself() {
        let error = selected(&[], Some(("7.0.100", None)), "").expect_err("no 7.0");
        let bad = selected(&[(SDK_VERSION, "eight")], None, "").expect_err("not a constraint");
        let text = format!("{}\n{}", error.render(), bad.render());
        insta::assert_snapshot!(text);
    }
}
