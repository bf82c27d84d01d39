//! The app's project file (`*.csproj`, else `*.fsproj`, else `*.vbproj`): the runtime it
//! targets (`RuntimeFrameworkVersion`, else `TargetFramework` `net[coreapp]X.Y` → `X.Y.0`,
//! else the same in `Directory.Build.props` up to the app root), and whether its build runs
//! `node` or `npm` (`<Exec Command>`), as Paketo's `dotnet_project_file_parser.go` reads it.

use crate::errors;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use stowage_kit::Error;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectFile {
    pub path: PathBuf,
    /// `X.Y.Z` or what `RuntimeFrameworkVersion` says; `None` when nothing names a runtime.
    pub runtime_version: Option<String>,
    pub needs_node: bool,
    pub needs_npm: bool,
}

#[derive(Default)]
struct Read {
    runtime_framework_version: Option<String>,
    target_framework: Option<String>,
    needs_node: bool,
    needs_npm: bool,
}

static TARGET_FRAMEWORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^net(?:coreapp)?(\d+)\.(\d+)(?:-.*)?$").unwrap_or_else(|_| unreachable!("valid"))
});

impl ProjectFile {
    /// The first `*.csproj`, else `*.fsproj`, else `*.vbproj` directly in `dir`.
    #[must_use]
    pub fn locate(dir: &Path) -> Option<PathBuf> {
        let mut names: Vec<PathBuf> = fs_err::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect();
        names.sort();
        ["csproj", "fsproj", "vbproj"].iter().find_map(|extension| {
            names
                .iter()
                .find(|path| path.extension().is_some_and(|e| e == *extension))
                .cloned()
        })
    }

    /// The project in `project_dir`, with `Directory.Build.props` looked for from there up to
    /// `app_root`.
    pub fn find(project_dir: &Path, app_root: &Path) -> Result<Option<Self>, Error> {
        let Some(path) = Self::locate(project_dir) else {
            return Ok(None);
        };
        let own = read(&path)?;
        let mut runtime_version = version_of(&own);
        if runtime_version.is_none() {
            for folder in project_dir.ancestors() {
                let props = folder.join("Directory.Build.props");
                if props.is_file() {
                    runtime_version = version_of(&read(&props)?);
                    if runtime_version.is_some() {
                        break;
                    }
                }
                if folder == app_root || !folder.starts_with(app_root) {
                    break;
                }
            }
        }
        Ok(Some(Self {
            path,
            runtime_version,
            needs_node: own.needs_node,
            needs_npm: own.needs_npm,
        }))
    }

    /// The file name, the version source named in logs and plans.
    #[must_use]
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn version_of(read: &Read) -> Option<String> {
    read.runtime_framework_version.clone().or_else(|| {
        let parts = TARGET_FRAMEWORK.captures(read.target_framework.as_deref()?)?;
        Some(format!("{}.{}.0", &parts[1], &parts[2]))
    })
}

fn read(path: &Path) -> Result<Read, Error> {
    let text = fs_err::read_to_string(path).map_err(|error| errors::unreadable(path, &error))?;
    let shown = Path::new(path.file_name().unwrap_or(path.as_os_str()));
    let line_at = |offset: u64| {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        text.as_bytes()[..end].split(|&b| b == b'\n').count()
    };
    let mut reader = Reader::from_str(&text);
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut found = Read::default();
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().map_err(|error| {
            errors::invalid_xml(shown, line_at(reader.error_position()), &error)
        })?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                note_exec(&start, &open, &mut found)
                    .map_err(|error| errors::invalid_xml(shown, line_at(before), &error))?;
                open.push((name, before));
            }
            Event::Empty(start) => {
                note_exec(&start, &open, &mut found)
                    .map_err(|error| errors::invalid_xml(shown, line_at(before), &error))?;
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(content) => {
                let value = String::from_utf8_lossy(content.as_ref()).trim().to_string();
                let slot = match open.last().map(|(name, _)| name.as_str()) {
                    Some("RuntimeFrameworkVersion") => &mut found.runtime_framework_version,
                    Some("TargetFramework") => &mut found.target_framework,
                    _ => continue,
                };
                if slot.is_none() && !value.is_empty() {
                    *slot = Some(value);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, offset)) = open.last() {
        let problem = format!("`<{name}>` is never closed");
        return Err(errors::invalid_xml(shown, line_at(*offset), &problem));
    }
    Ok(found)
}

/// `<Target><Exec Command="npm ..."/>`: the build needs node (and npm).
fn note_exec(
    start: &BytesStart<'_>,
    open: &[(String, u64)],
    found: &mut Read,
) -> Result<(), quick_xml::events::attributes::AttrError> {
    if start.local_name().as_ref() != b"Exec" || !open.iter().any(|(name, _)| name == "Target") {
        return Ok(());
    }
    for attribute in start.attributes() {
        let attribute = attribute?;
        if attribute.key.local_name().as_ref() == b"Command" {
            let command = String::from_utf8_lossy(&attribute.value).into_owned();
            found.needs_node |= command.starts_with("node ") || command.starts_with("npm ");
            found.needs_npm |= command.starts_with("npm ");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)], dir_of_project: &str) -> Result<Option<ProjectFile>, Error> {
        let root = tempfile::tempdir().expect("dir");
        for (name, text) in files {
            let path = root.path().join(name);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, text).expect("write");
        }
        ProjectFile::find(&root.path().join(dir_of_project), root.path())
    }

    fn version(files: &[(&str, &str)], dir_of_project: &str) -> Option<String> {
        project(files, dir_of_project)
            .expect("valid")
            .expect("found")
            .runtime_version
    }

    const SDK_PROJECT: &str = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    \
        <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n";

    #[test]
    fn target_framework_and_runtime_framework_version() {
        assert_eq!(
            version(&[("app.csproj", SDK_PROJECT)], "."),
            Some("8.0.0".into())
        );
        let old = "<Project><PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework>\
            <RuntimeFrameworkVersion>3.1.23</RuntimeFrameworkVersion></PropertyGroup></Project>";
        assert_eq!(version(&[("app.fsproj", old)], "."), Some("3.1.23".into()));
        let windows = "<Project><PropertyGroup><TargetFramework>net6.0-windows</TargetFramework></PropertyGroup></Project>";
        assert_eq!(
            version(&[("app.vbproj", windows)], "."),
            Some("6.0.0".into())
        );
        let many = "<Project><PropertyGroup><TargetFrameworks>net8.0;net9.0</TargetFrameworks></PropertyGroup></Project>";
        assert_eq!(version(&[("app.csproj", many)], "."), None);
        let framework = "<Project><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>";
        assert_eq!(version(&[("app.csproj", framework)], "."), None);
    }

    #[test]
    fn csproj_before_fsproj_before_vbproj() {
        let found = project(
            &[
                ("b.vbproj", SDK_PROJECT),
                ("a.fsproj", SDK_PROJECT),
                ("c.csproj", SDK_PROJECT),
            ],
            ".",
        )
        .expect("valid")
        .expect("found");
        assert_eq!(found.name(), "c.csproj");
        assert_eq!(project(&[("readme.md", "")], ".").expect("ok"), None);
    }

    #[test]
    fn directory_build_props_up_to_the_app_root() {
        let bare = "<Project><PropertyGroup/></Project>";
        let props = "<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>";
        assert_eq!(
            version(
                &[
                    ("src/web/web.csproj", bare),
                    ("Directory.Build.props", props)
                ],
                "src/web"
            ),
            Some("9.0.0".into())
        );
    }

    #[test]
    fn node_and_npm_in_exec_commands() {
        let text =
            "<Project><Target Name=\"a\"><Exec Command=\"npm run build\" /></Target></Project>";
        let found = project(&[("app.csproj", text)], ".")
            .expect("valid")
            .expect("found");
        assert!(found.needs_node && found.needs_npm);
        let text =
            "<Project><Target Name=\"a\"><Exec Command=\"node x.js\"></Exec></Target></Project>";
        let found = project(&[("app.csproj", text)], ".")
            .expect("valid")
            .expect("found");
        assert!(found.needs_node && !found.needs_npm);
    }

    #[test]
    fn malformed_xml_names_the_file_and_line() {
        let rendered: Vec<String> = [
            "<Project>\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n</Project>\n",
            "<Project>\n  <PropertyGroup>\n",
            "<Project><Target><Exec Command=oops /></Target></Project>",
        ]
        .iter()
        .map(|text| project(&[("app.csproj", text)], ".").expect_err(text).render())
        .collect();
        insta::assert_snapshot!(rendered.join("\n"));
    }
}
