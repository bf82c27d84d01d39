//! The image labels Paketo sets for a Spring Boot app, plus the libraries it runs with.

use crate::app::BootApp;
use crate::errors;
use libcnb::data::launch::Label;
use std::path::Path;
use stowage_kit::Error;

pub(crate) const BOOT_VERSION: &str = "org.springframework.boot.version";
pub(crate) const DEPENDENCIES: &str = "org.springframework.boot.dependencies";
pub(crate) const CONFIGURATION_METADATA: &str =
    "org.springframework.boot.spring-configuration-metadata.json";
const CONFIGURATION_METADATA_FILE: &str = "META-INF/spring-configuration-metadata.json";

pub(crate) fn labels(app: &Path, boot: &BootApp, dependencies: &str) -> Result<Vec<Label>, Error> {
    let mut labels = vec![label(BOOT_VERSION, &boot.version)];
    for (header, key) in [
        ("Implementation-Title", "org.opencontainers.image.title"),
        ("Implementation-Version", "org.opencontainers.image.version"),
    ] {
        if let Some(value) = boot
            .manifest
            .get(header)
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            labels.push(label(key, value));
        }
    }
    labels.push(label(DEPENDENCIES, dependencies));
    let metadata = boot.classes.join(CONFIGURATION_METADATA_FILE);
    match std::fs::read_to_string(app.join(&metadata)) {
        Ok(text) => {
            // Compact: a label is one line.
            let json: serde_json::Value = serde_json::from_str(&text)
                .map_err(|error| errors::malformed_configuration_metadata(&metadata, &error))?;
            labels.push(label(CONFIGURATION_METADATA, &json.to_string()));
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(errors::unreadable(&metadata, &error)),
    }
    Ok(labels)
}

fn label(key: &str, value: &str) -> Label {
    Label {
        key: key.to_string(),
        value: value.to_string(),
    }
}
