//! The build plan of a server's buildpack: detect's requirement of the server, and the version
//! requests build reads from the plan's entries.

use crate::Server;
use libcnb::data::build_plan::Require;
use libcnb::data::buildpack_plan::BuildpackPlan;
use stowage_kit::config::Config;

/// Detect requires the server at launch, with the version `variable` (`BP_<SERVER>_VERSION`)
/// asks for.
#[must_use]
pub fn require(config: &Config, server: Server, variable: &str) -> Require {
    let mut require = Require::new(server.name());
    require.metadata.insert("launch".to_string(), true.into());
    if let Some(version) = config.string(variable) {
        require
            .metadata
            .insert("version".to_string(), version.into());
        require
            .metadata
            .insert("version-source".to_string(), variable.into());
    }
    require
}

/// One version request: what was asked and who asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub version: String,
    pub source: String,
}

/// The version requests of the plan's entries for `server`, highest priority first: the
/// `variable`'s, then other buildpacks' in plan order.
#[must_use]
pub fn requests(plan: &BuildpackPlan, server: Server, variable: &str) -> Vec<Request> {
    let mut requests: Vec<Request> = plan
        .entries
        .iter()
        .filter(|entry| entry.name == server.name())
        .filter_map(|entry| {
            let text = |name: &str| entry.metadata.get(name).and_then(toml::Value::as_str);
            let version = text("version").map(str::trim).filter(|v| !v.is_empty())?;
            Some(Request {
                version: version.to_string(),
                source: text("version-source")
                    .unwrap_or("another buildpack")
                    .to_string(),
            })
        })
        .collect();
    requests.sort_by_key(|request| request.source != variable);
    requests
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    #[test]
    fn the_requirement_carries_the_variables_version() {
        let env = env_of([("BP_HTTPD_VERSION", " 2.4.* ")]);
        let httpd = require(&Config::new(&env), Server::Httpd, "BP_HTTPD_VERSION");
        assert_eq!(httpd.name, "httpd");
        assert_eq!(httpd.metadata["launch"], true.into());
        assert_eq!(httpd.metadata["version"], "2.4.*".into());
        assert_eq!(httpd.metadata["version-source"], "BP_HTTPD_VERSION".into());
        let env = env_of::<&str, &str>([]);
        let nginx = require(&Config::new(&env), Server::Nginx, "BP_NGINX_VERSION");
        assert!(!nginx.metadata.contains_key("version"));
    }
}
