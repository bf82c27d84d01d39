//! `Passengerfile.json`, Passenger's own configuration: its `port` is the web process's
//! default port.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;

pub(crate) const PASSENGERFILE: &str = "Passengerfile.json";
pub(crate) const DEFAULT_PORT: u16 = 3000;

/// The file's `port`; `None` without the file or without a `port`.
pub(crate) fn port(path: &Path) -> Result<Option<u16>, Error> {
    if !path.exists() {
        return Ok(None);
    }
    let text = fs_err::read_to_string(path).map_err(|error| errors::passengerfile(path, error))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| errors::passengerfile(path, error))?;
    match json.get("port") {
        None => Ok(None),
        Some(port) => port
            .as_u64()
            .and_then(|port| u16::try_from(port).ok())
            .map(Some)
            .ok_or_else(|| {
                errors::passengerfile(path, format!("port is {port}, not a port number"))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_comes_from_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(PASSENGERFILE);
        assert_eq!(port(&path).expect("no file"), None);
        fs_err::write(&path, r#"{"environment": "production"}"#).expect("write");
        assert_eq!(port(&path).expect("no port"), None);
        fs_err::write(&path, r#"{"port": 4000}"#).expect("write");
        assert_eq!(port(&path).expect("port"), Some(4000));
        for bad in [r#"{"port": "4000"}"#, r#"{"port": 70000}"#, "{port"] {
            fs_err::write(&path, bad).expect("write");
            assert_eq!(
                port(&path).expect_err(bad).id,
                "passenger/passengerfile",
                "{bad}"
            );
        }
    }
}
