//! A `builder.toml` checked as `pack builder create` (v0.38.2) reads it: unknown keys and wrong
//! types are errors (pack decodes into fixed structs and refuses undecoded keys), a build
//! image and run images are required, the deprecated `[stack]` images must agree with
//! `[build]` and `[[run.images]]`, and `[[build.env]]` suffixes are pack's.

use serde::Deserialize;
use std::path::Path;

use crate::Result;

// The fields exist so that unknown keys and wrong types are refused, as pack refuses them;
// only some are read afterwards.
#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Config {
    description: Option<String>,
    #[serde(default)]
    buildpacks: Vec<Module>,
    #[serde(default)]
    extensions: Vec<Module>,
    #[serde(default)]
    order: Vec<OrderEntry>,
    #[serde(default)]
    order_extensions: Vec<OrderEntry>,
    #[serde(default)]
    stack: Stack,
    lifecycle: Option<Lifecycle>,
    #[serde(default)]
    run: Run,
    #[serde(default)]
    build: Build,
    #[serde(default)]
    targets: Vec<Target>,
    system: Option<System>,
}

/// A `[[buildpacks]]` or `[[extensions]]` entry: the module's info and where it comes from.
#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Module {
    id: Option<String>,
    name: Option<String>,
    version: Option<String>,
    description: Option<String>,
    homepage: Option<String>,
    keywords: Option<Vec<String>>,
    licenses: Option<Vec<License>>,
    clear_env: Option<bool>,
    uri: Option<String>,
    image: Option<String>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct License {
    r#type: Option<String>,
    uri: Option<String>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderEntry {
    #[serde(default)]
    group: Vec<ModuleRef>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ModuleRef {
    id: Option<String>,
    name: Option<String>,
    version: Option<String>,
    description: Option<String>,
    homepage: Option<String>,
    keywords: Option<Vec<String>>,
    licenses: Option<Vec<License>>,
    clear_env: Option<bool>,
    optional: Option<bool>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Stack {
    id: Option<String>,
    build_image: Option<String>,
    run_image: Option<String>,
    #[allow(dead_code, reason = "fields mirror pack's schema")]
    run_image_mirrors: Option<Vec<String>>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lifecycle {
    uri: Option<String>,
    version: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    #[serde(default)]
    images: Vec<RunImage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunImage {
    image: Option<String>,
    #[allow(dead_code, reason = "fields mirror pack's schema")]
    mirrors: Option<Vec<String>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Build {
    image: Option<String>,
    #[serde(default)]
    env: Vec<BuildEnv>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildEnv {
    name: Option<String>,
    #[allow(dead_code, reason = "fields mirror pack's schema")]
    value: Option<String>,
    suffix: Option<String>,
    delim: Option<String>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Target {
    os: Option<String>,
    arch: Option<String>,
    variant: Option<String>,
    distros: Option<Vec<Distro>>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Distro {
    name: Option<String>,
    version: Option<String>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct System {
    pre: Option<SystemBuildpacks>,
    post: Option<SystemBuildpacks>,
}

#[allow(dead_code, reason = "fields mirror pack's schema")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemBuildpacks {
    buildpacks: Option<Vec<ModuleRef>>,
}

fn non_empty(value: Option<&String>) -> Option<&str> {
    value.map(String::as_str).filter(|text| !text.is_empty())
}

/// Checks the `builder.toml` at `path` as `pack builder create` would.
pub fn check_file(path: &Path) -> Result<()> {
    check(&fs_err::read_to_string(path)?)
        .map_err(|error| format!("{}: {error}", path.display()).into())
}

/// Checks a `builder.toml`'s text as `pack builder create` would.
pub fn check(text: &str) -> Result<()> {
    let config: Config = toml::from_str(text)?;
    let stack = &config.stack;
    match (
        non_empty(config.build.image.as_ref()),
        non_empty(stack.build_image.as_ref()),
    ) {
        (None, None) => return Err("build.image is required".into()),
        (Some(build), Some(stack)) if build != stack => {
            return Err("build.image and stack.build-image do not match".into());
        }
        _ => {}
    }
    if config.run.images.is_empty()
        && (non_empty(stack.run_image.as_ref()).is_none() || non_empty(stack.id.as_ref()).is_none())
    {
        return Err("run.images are required".into());
    }
    if config
        .run
        .images
        .iter()
        .any(|run| non_empty(run.image.as_ref()).is_none())
    {
        return Err("run.images.image is required".into());
    }
    if let (Some(first), Some(stack_run)) = (
        config.run.images.first(),
        non_empty(stack.run_image.as_ref()),
    ) && first.image.as_deref() != Some(stack_run)
    {
        return Err("run.images and stack.run-image do not match".into());
    }
    for env in &config.build.env {
        let name = non_empty(env.name.as_ref()).ok_or("build.env: env name should not be empty")?;
        match env.suffix.as_deref().unwrap_or_default() {
            "append" | "prepend" if non_empty(env.delim.as_ref()).is_none() => {
                return Err(
                    format!("build.env {name}: suffix append or prepend needs a delim").into(),
                );
            }
            "" | "default" | "override" | "append" | "prepend" => {}
            other => return Err(format!("build.env {name}: unknown suffix {other}").into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::{order_toml, tables, text};
    use toml::Table;

    fn builders() -> Vec<std::path::PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../builders");
        let mut found: Vec<_> = fs_err::read_dir(dir)
            .expect("builders")
            .map(|entry| entry.expect("entry").path().join("builder.toml"))
            .filter(|path| path.is_file())
            .collect();
        found.sort();
        found
    }

    const MINIMAL: &str = r#"
[[buildpacks]]
id = "stowage/demo"
version = "0.1.0"
uri = "../demo"
[[order]]
[[order.group]]
id = "stowage/demo"
version = "0.1.0"
[build]
image = "example.org/build"
[run]
[[run.images]]
image = "example.org/run"
"#;

    fn error(text: &str) -> String {
        check(text).expect_err("refused").to_string()
    }

    #[test]
    fn every_builder_reads_as_pack_reads_it() {
        let found = builders();
        let names: Vec<_> = found
            .iter()
            .map(|path| {
                path.parent()
                    .and_then(Path::file_name)
                    .expect("name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["bookworm", "jammy", "noble"]);
        for path in found {
            check_file(&path).unwrap_or_else(|error| panic!("{error}"));
        }
    }

    #[test]
    fn jammy_and_noble_have_the_buildpacks_and_order_of_bookworm() {
        let read = |name: &str| -> Table {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../builders/{name}/builder.toml"));
            fs_err::read_to_string(path)
                .expect("read")
                .parse()
                .expect("toml")
        };
        let buildpacks = |spec: &Table| -> Vec<(String, String, String)> {
            tables(spec, "buildpacks")
                .map(|entry| {
                    let field = |key| text(entry, key).expect("field").to_string();
                    (field("id"), field("version"), field("uri"))
                })
                .collect()
        };
        let bookworm = read("bookworm");
        for name in ["jammy", "noble"] {
            let other = read(name);
            assert_eq!(
                buildpacks(&other),
                buildpacks(&bookworm),
                "{name}'s [[buildpacks]]"
            );
            assert_eq!(
                order_toml(&other).expect("order"),
                order_toml(&bookworm).expect("order"),
                "{name}'s [[order]]"
            );
        }
    }

    #[test]
    fn a_minimal_builder_passes() {
        check(MINIMAL).expect("valid");
    }

    #[test]
    fn a_typo_in_a_key_is_refused() {
        let typo = MINIMAL.replace("[[order.group]]", "[[order.grup]]");
        assert!(error(&typo).contains("grup"), "{}", error(&typo));
        let typo = MINIMAL.replace("uri = ", "url = ");
        assert!(error(&typo).contains("url"), "{}", error(&typo));
        let typo = format!("{MINIMAL}[[targets]]\nos = \"linux\"\narchitecture = \"amd64\"\n");
        assert!(error(&typo).contains("architecture"), "{}", error(&typo));
    }

    #[test]
    fn a_wrong_type_is_refused() {
        let wrong = MINIMAL.replace("version = \"0.1.0\"\nuri", "version = 1\nuri");
        assert!(error(&wrong).contains("invalid type"), "{}", error(&wrong));
        let wrong =
            format!("{MINIMAL}[[order]]\n[[order.group]]\nid = \"x\"\noptional = \"yes\"\n");
        assert!(error(&wrong).contains("invalid type"), "{}", error(&wrong));
    }

    #[test]
    fn images_are_required_and_must_agree_with_the_stack() {
        let no_build = MINIMAL.replace("[build]\nimage = \"example.org/build\"\n", "");
        assert_eq!(error(&no_build), "build.image is required");
        let no_run = MINIMAL.replace("[run]\n[[run.images]]\nimage = \"example.org/run\"\n", "");
        assert_eq!(error(&no_run), "run.images are required");
        let stack = format!("{MINIMAL}[stack]\nid = \"s\"\nrun-image = \"example.org/other\"\n");
        assert_eq!(error(&stack), "run.images and stack.run-image do not match");
        let stack = format!("{MINIMAL}[stack]\nbuild-image = \"example.org/other\"\n");
        assert_eq!(
            error(&stack),
            "build.image and stack.build-image do not match"
        );
        let legacy = no_run.clone() + "[stack]\nid = \"s\"\nrun-image = \"example.org/run\"\n";
        check(&legacy).expect("the deprecated stack names the run image");
    }

    #[test]
    fn build_env_suffixes_are_packs() {
        let env = |extra: &str| {
            format!("{MINIMAL}[[build.env]]\nname = \"PATH\"\nvalue = \"/x\"\n{extra}")
        };
        check(&env("suffix = \"prepend\"\ndelim = \":\"\n")).expect("valid");
        assert!(error(&env("suffix = \"append\"\n")).contains("needs a delim"));
        assert!(error(&env("suffix = \"before\"\n")).contains("unknown suffix before"));
    }
}
