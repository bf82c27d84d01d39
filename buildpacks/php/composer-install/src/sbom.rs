//! The installed packages, from Composer's own record (`vendor/composer/installed.json`), for
//! the SBOM.

use crate::errors;
use serde_json::Value;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::sbom::components::Package;

/// The packages of `<vendor>/composer/installed.json`; none when there is no such file.
pub(crate) fn installed_packages(vendor: &Path) -> Result<Vec<Package>, Error> {
    let file = vendor.join("composer/installed.json");
    let text = match fs_err::read_to_string(&file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(errors::installed_unreadable(&file, &error.to_string())),
    };
    let root: Value = serde_json::from_str(&text)
        .map_err(|error| errors::installed_unreadable(&file, &error.to_string()))?;
    // Composer 2 writes `{"packages": [...]}`, Composer 1 the list alone.
    let list = match &root {
        Value::Array(list) => list,
        Value::Object(map) => match map.get("packages") {
            Some(Value::Array(list)) => list,
            _ => return Ok(Vec::new()),
        },
        _ => return Ok(Vec::new()),
    };
    Ok(list.iter().filter_map(package).collect())
}

fn package(entry: &Value) -> Option<Package> {
    let name = entry.get("name")?.as_str()?.to_string();
    let version = entry
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    let license = entry.get("license").and_then(Value::as_array).map(|list| {
        list.iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" OR ")
    });
    Some(Package {
        purl: Some(format!("pkg:composer/{name}@{version}")),
        name,
        version,
        license: license.filter(|text| !text.is_empty()),
        hashes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_composer_2_and_1_records() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(installed_packages(dir.path()).expect("none").is_empty());
        fs_err::create_dir_all(dir.path().join("composer")).expect("mkdir");
        let file = dir.path().join("composer/installed.json");
        fs_err::write(
            &file,
            r#"{"packages":[{"name":"acme/greeting","version":"1.2.0","license":["MIT","Apache-2.0"]},{"name":"psr/log","version":"3.0.0"},{"version":"no name"}],"dev":false}"#,
        )
        .expect("write");
        let found = installed_packages(dir.path()).expect("packages");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "acme/greeting");
        assert_eq!(
            found[0].purl.as_deref(),
            Some("pkg:composer/acme/greeting@1.2.0")
        );
        assert_eq!(found[0].license.as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(found[1].license, None);
        fs_err::write(&file, r#"[{"name":"old/one","version":"1.0.0"}]"#).expect("write");
        assert_eq!(
            installed_packages(dir.path()).expect("v1")[0].name,
            "old/one"
        );
        fs_err::write(&file, "{broken").expect("write");
        insta::assert_snapshot!(
            installed_packages(dir.path())
                .expect_err("broken")
                .render()
                .replace(&dir.path().display().to_string(), "<vendor>")
        );
    }
}
