//! What a platform (`scripts/build-app`) tells the user after the lifecycle's phases, where
//! the lifecycle's own words are terse: no group detected the app, or the image has no
//! default process. Each family of the builder says what it looks for; a family added to a
//! builder adds its entry to [`FAMILIES`].

use crate::Result;
use std::fmt::Write as _;
use std::path::Path;

/// The detector's exit code when no group passed and no buildpack failed (platform API 0.14;
/// 21 means a buildpack failed, and its own error says why).
pub const NO_GROUP_DETECTED: i32 = 20;

/// A language family as a builder holds it: its meta-buildpack, what makes one of its groups
/// detect and what gives its image a default process, as lines of a message.
pub struct Family {
    pub buildpack: &'static str,
    pub name: &'static str,
    pub detects: &'static [&'static str],
    pub starts: &'static [&'static str],
}

pub const FAMILIES: &[Family] = &[
    Family {
        buildpack: "stowage/web-servers",
        name: "Web servers",
        detects: &[
            "nginx.conf (or the file BP_NGINX_CONF_LOCATION names), or BP_WEB_SERVER=nginx;",
            "httpd.conf, or BP_WEB_SERVER=httpd",
            "for a static site (with a package.json, its front end is built first)",
        ],
        starts: &[
            "nginx, when the app has an nginx.conf or sets BP_WEB_SERVER=nginx;",
            "httpd, when the app has an httpd.conf or sets BP_WEB_SERVER=httpd",
        ],
    },
    Family {
        buildpack: "stowage/ruby",
        name: "Ruby",
        detects: &[
            "a Gemfile naming puma, thin, unicorn (with a config.ru) or passenger",
            "a Gemfile and a config.ru (a Rack app)",
            "a Rakefile",
        ],
        starts: &[
            "the Gemfile's server (puma, thin, unicorn, passenger), or rackup serving config.ru",
            "rake, running the Rakefile's default task (or BP_RAKE_TASK)",
        ],
    },
    Family {
        buildpack: "stowage/php",
        name: "PHP",
        detects: &["a *.php file in the app or in its web folder (BP_PHP_WEB_DIR, htdocs)"],
        starts: &["PHP's built-in web server, serving the web folder (or the app)"],
    },
    Family {
        buildpack: "stowage/dotnet-core",
        name: ".NET",
        detects: &[
            "a published app's *.runtimeconfig.json, or a project file (*.csproj, *.fsproj or",
            "*.vbproj; in BP_DOTNET_PROJECT_PATH if set), which dotnet publish builds",
        ],
        starts: &["dotnet <App>.dll, or the executable <App> beside <App>.runtimeconfig.json"],
    },
    Family {
        buildpack: "stowage/java",
        name: "Java",
        detects: &[
            "pom.xml (Maven; or the file BP_MAVEN_POM_FILE names), build.gradle[.kts]",
            "(Gradle), or a prebuilt app: a jar with Main-Class in its manifest (an app.jar,",
            "or the exploded jar itself: META-INF/MANIFEST.MF), a WAR (WEB-INF/ or *.war),",
            "a dist-zip layout (*/bin/<script>); with a Procfile, a Java version in",
            "BP_JVM_VERSION, .sdkmanrc or system.properties",
        ],
        starts: &[
            "a jar with Main-Class in META-INF/MANIFEST.MF (a Spring Boot jar has one),",
            "or the jar BP_EXECUTABLE_JAR_LOCATION names; a WAR (on Tomcat); a start script",
            "in */bin/ (or BP_APPLICATION_SCRIPT)",
        ],
    },
    Family {
        buildpack: "stowage/nodejs",
        name: "Node.js",
        detects: &[
            "package.json (npm; Yarn with yarn.lock; pnpm with pnpm-lock.yaml),",
            "or, without a package manager, server.js, app.js, main.js or index.js",
            "(or .cjs, .mjs), or the file BP_LAUNCHPOINT names;",
            "in the folder BP_NODE_PROJECT_PATH names, when it is set",
        ],
        starts: &[
            "a `start` script in package.json,",
            "or a server.js, app.js, main.js or index.js, or the file BP_LAUNCHPOINT names",
        ],
    },
];

/// One message, rendered as the buildpacks render theirs.
struct Message {
    level: &'static str,
    id: &'static str,
    header: String,
    body: Vec<String>,
}

impl Message {
    fn render(&self) -> String {
        let mut text = format!("! {} [{}] {}\n", self.level, self.id, self.header);
        for line in &self.body {
            let _ = writeln!(text, "{}", format!("!   {line}").trim_end());
        }
        text
    }
}

/// The builder's top-level buildpacks (its families' meta-buildpacks), from `order.toml`.
pub fn order_buildpacks(order_toml: &Path) -> Result<Vec<String>> {
    let order: toml::Table = fs_err::read_to_string(order_toml)?.parse()?;
    let mut ids: Vec<String> = order
        .get("order")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.get("group").and_then(toml::Value::as_array))
        .flatten()
        .filter_map(|element| element.get("id").and_then(toml::Value::as_str))
        .map(String::from)
        .collect();
    ids.dedup();
    Ok(ids)
}

/// Lines naming, for each of `buildpacks`, what `part` of its family says.
fn per_family(buildpacks: &[String], part: fn(&Family) -> &'static [&'static str]) -> Vec<String> {
    let mut lines = Vec::new();
    for id in buildpacks {
        match FAMILIES.iter().find(|family| family.buildpack == id) {
            Some(family) => {
                let mut parts = part(family).iter();
                if let Some(first) = parts.next() {
                    lines.push(format!("  {} ({id}): {first}", family.name));
                }
                lines.extend(parts.map(|line| format!("    {line}")));
            }
            None => lines.push(format!("  {id}: see that buildpack's documentation")),
        }
    }
    lines
}

/// After the detector exited with [`NO_GROUP_DETECTED`]: which files each family looks for.
#[must_use]
pub fn no_group_detected(buildpacks: &[String]) -> String {
    let mut body =
        vec!["The builder's buildpacks look for these files in the app folder:".to_string()];
    body.extend(per_family(buildpacks, |family| family.detects));
    body.push("Check that you built the app's own folder (not its parent), and that it has".into());
    body.push("the file its language needs; the buildpacks do not look in subfolders.".into());
    Message {
        level: "ERROR",
        id: "build/no-group-detected",
        header: "No buildpack recognised the app".into(),
        body,
    }
    .render()
}

/// After export: a warning when `<layers>/config/metadata.toml` names no default process, as
/// the image would then fail at start with "no default process".
pub fn no_default_process(layers: &Path, buildpacks: &[String]) -> Result<Option<String>> {
    let metadata: toml::Table =
        fs_err::read_to_string(layers.join("config/metadata.toml"))?.parse()?;
    let default = metadata
        .get("buildpack-default-process-type")
        .and_then(toml::Value::as_str)
        .is_some_and(|process| !process.is_empty());
    if default {
        return Ok(None);
    }
    let types: Vec<&str> = metadata
        .get("processes")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|process| process.get("type").and_then(toml::Value::as_str))
        .collect();
    let mut body = vec![match types.as_slice() {
        [] => "The image has no process; started without a command, it fails with".to_string(),
        _ => format!(
            "None of the image's processes ({}) is the default; started without a command, it fails with",
            types.join(", ")
        ),
    }];
    body.push("\"no default process\". Give the app one of these and build again:".into());
    body.push("  a Procfile with a `web: <command>` line".into());
    body.extend(per_family(buildpacks, |family| family.starts));
    Ok(Some(
        Message {
            level: "WARNING",
            id: "build/no-default-process",
            header: "The image has no default process".into(),
            body,
        }
        .render(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real builder's families, in its order.
    fn builder_order() -> Vec<String> {
        let builder =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../builders/bookworm/builder.toml");
        order_buildpacks(&builder).expect("order")
    }

    #[test]
    fn no_group_detected_names_the_files_each_family_looks_for() {
        let mut buildpacks = builder_order();
        assert_eq!(
            buildpacks,
            [
                "stowage/web-servers",
                "stowage/ruby",
                "stowage/php",
                "stowage/dotnet-core",
                "stowage/java",
                "stowage/nodejs"
            ]
        );
        buildpacks.push("example/other".into());
        insta::assert_snapshot!(no_group_detected(&buildpacks));
    }

    fn layers_with(metadata: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        fs_err::create_dir_all(dir.path().join("config")).expect("mkdir");
        fs_err::write(dir.path().join("config/metadata.toml"), metadata).expect("write");
        dir
    }

    #[test]
    fn no_default_process_says_what_gives_one() {
        let layers = layers_with("[[buildpacks]]\nid = \"stowage/node-engine\"\n");
        let warning = no_default_process(layers.path(), &builder_order())
            .expect("read")
            .expect("a warning");
        insta::assert_snapshot!(warning);
    }

    #[test]
    fn processes_without_a_default_are_named() {
        let layers = layers_with(
            "[[processes]]\ntype = \"worker\"\ncommand = [\"node\"]\nargs = [\"worker.js\"]\ndirect = true\nbuildpack-id = \"stowage/procfile\"\n",
        );
        let warning = no_default_process(layers.path(), &builder_order())
            .expect("read")
            .expect("a warning");
        assert!(warning.contains("processes (worker)"), "{warning}");
    }

    #[test]
    fn a_default_process_needs_no_warning() {
        let layers = layers_with(
            "buildpack-default-process-type = \"web\"\n[[processes]]\ntype = \"web\"\ncommand = [\"node\"]\nargs = [\"server.js\"]\ndirect = true\nbuildpack-id = \"stowage/node-start\"\ndefault = true\n",
        );
        assert_eq!(
            no_default_process(layers.path(), &builder_order()).expect("read"),
            None
        );
    }
}
