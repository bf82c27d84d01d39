//! The packages a published app carries, from its `*.deps.json` (the `libraries` the .NET host
//! loads): every `package` library as `pkg:nuget/<name>@<version>`; the app's own projects
//! (`project`) and reference assemblies are not packages.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::sbom::components::Package;

/// The packages of every `*.deps.json` directly in `dir`, sorted.
pub(crate) fn packages_in(dir: &Path) -> Result<Vec<Package>, Error> {
    let mut files: Vec<_> = fs_err::read_dir(dir)
        .map_err(|error| errors::unreadable_output(dir, &error))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().ends_with(".deps.json"))
        })
        .collect();
    files.sort();
    let mut packages = Vec::new();
    for file in files {
        let text = fs_err::read_to_string(&file)
            .map_err(|error| errors::unreadable_output(&file, &error))?;
        let name = file.file_name().map_or(file.as_path(), Path::new);
        packages.extend(parse(&text).map_err(|reason| errors::bad_deps_json(name, &reason))?);
    }
    packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    packages.dedup();
    Ok(packages)
}

fn parse(text: &str) -> Result<Vec<Package>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let Some(libraries) = value.get("libraries") else {
        return Ok(Vec::new());
    };
    let libraries = libraries
        .as_object()
        .ok_or("`libraries` is not an object")?;
    let mut packages = Vec::new();
    for (key, library) in libraries {
        if library.get("type").and_then(serde_json::Value::as_str) != Some("package") {
            continue;
        }
        let (name, version) = key
            .rsplit_once('/')
            .ok_or_else(|| format!("the library `{key}` is not <name>/<version>"))?;
        packages.push(Package {
            name: name.to_string(),
            version: version.to_string(),
            purl: Some(format!("pkg:nuget/{name}@{version}")),
            license: None,
            hashes: Vec::new(),
        });
    }
    packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    Ok(packages)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deps.json `artifacts dotnet` publishes beside the test app (its own project only).
    const FIXTURE: &str = include_str!(
        "../../../../integration-tests/fixtures/dotnet-framework-dependent/App.deps.json"
    );

    /// A web app's deps.json as `dotnet publish` writes it (`net8.0`, two `NuGet` packages, one
    /// of them with a dependency, and a project reference).
    const WEB: &str = r#"{
  "runtimeTarget": { "name": ".NETCoreApp,Version=v8.0/linux-x64", "signature": "" },
  "compilationOptions": {},
  "targets": {
    ".NETCoreApp,Version=v8.0": {},
    ".NETCoreApp,Version=v8.0/linux-x64": {
      "Web/1.0.0": {
        "dependencies": { "Serilog.AspNetCore": "8.0.1", "Shared": "1.0.0" },
        "runtime": { "Web.dll": {} }
      },
      "Serilog.AspNetCore/8.0.1": {
        "dependencies": { "Serilog": "3.1.1" },
        "runtime": { "lib/net8.0/Serilog.AspNetCore.dll": { "assemblyVersion": "7.0.0.0", "fileVersion": "7.0.0.0" } }
      },
      "Serilog/3.1.1": {
        "runtime": { "lib/net7.0/Serilog.dll": { "assemblyVersion": "2.0.0.0", "fileVersion": "3.1.1.0" } }
      },
      "Shared/1.0.0": { "runtime": { "Shared.dll": {} } }
    }
  },
  "libraries": {
    "Web/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
    "Serilog.AspNetCore/8.0.1": {
      "type": "package", "serviceable": true,
      "sha512": "sha512-B/X+wAfS7yWLVOTD83B+bIFr2pZtAAJ8fJHRBzY8/i8nrhbkMRd6MYUCTfHAUSnLlRGXn0uNhh8qRGOS3UkCw==",
      "path": "serilog.aspnetcore/8.0.1", "hashPath": "serilog.aspnetcore.8.0.1.nupkg.sha512"
    },
    "Serilog/3.1.1": {
      "type": "package", "serviceable": true,
      "sha512": "sha512-P6G4/4Kt9bT635bhuwdXlJ2SCqqn2nhh4gqFqQueCOr9bK/e7W9ll/IoX1Ter948cV2Z/5+5v8pAfJYUISY03A==",
      "path": "serilog/3.1.1", "hashPath": "serilog.3.1.1.nupkg.sha512"
    },
    "Shared/1.0.0": { "type": "project", "serviceable": false, "sha512": "" }
  }
}"#;

    #[test]
    fn packages_not_projects() {
        assert_eq!(parse(FIXTURE).expect("fixture"), Vec::new());
        let packages = parse(WEB).expect("web");
        let listed: Vec<String> = packages
            .iter()
            .map(|p| {
                format!(
                    "{} {} {}",
                    p.name,
                    p.version,
                    p.purl.clone().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                "Serilog 3.1.1 pkg:nuget/Serilog@3.1.1",
                "Serilog.AspNetCore 8.0.1 pkg:nuget/Serilog.AspNetCore@8.0.1"
            ]
        );
    }

    #[test]
    fn every_deps_json_in_the_output_and_a_broken_one_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        fs_err::write(dir.path().join("Web.deps.json"), WEB).expect("write");
        fs_err::write(dir.path().join("App.deps.json"), FIXTURE).expect("write");
        fs_err::write(dir.path().join("Web.dll"), "MZ").expect("write");
        assert_eq!(packages_in(dir.path()).expect("packages").len(), 2);
        fs_err::write(
            dir.path().join("Bad.deps.json"),
            "{\"libraries\": {\"x\": {\"type\": \"package\"}}}",
        )
        .expect("write");
        let error = packages_in(dir.path()).expect_err("no version");
        assert!(
            error.render().contains("Bad.deps.json"),
            "{}",
            error.render()
        );
    }
}
