//! `BP_TOMCAT_CONTEXT_PATH` as Tomcat's name for the app's folder under `webapps/`: the root
//! is `ROOT`; slashes around are trimmed and inner ones become `#` (`api/v1` → `api#v1`, which
//! Tomcat serves at `/api/v1`).

use crate::errors;

/// The folder name, or the reason the value is refused.
pub(crate) fn webapp_name(value: Option<&str>) -> Result<String, stowage_kit::Error> {
    let Some(value) = value else {
        return Ok("ROOT".to_string());
    };
    let trimmed = value.trim_matches('/');
    if trimmed.is_empty() {
        return Ok("ROOT".to_string());
    }
    for segment in trimmed.split('/') {
        let reason = if segment.is_empty() {
            Some("it has an empty segment (`//`)".to_string())
        } else if segment == "." || segment == ".." {
            Some(format!("`{segment}` is not a path segment"))
        } else {
            segment
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || "-._~".contains(*c)))
                .map(|c| format!("`{c}` is not allowed in a context path"))
        };
        if let Some(reason) = reason {
            return Err(errors::bad_context_path(value, &reason));
        }
    }
    Ok(trimmed.replace('/', "#"))
}

/// The URL path the app answers under, for the log.
pub(crate) fn shown(name: &str) -> String {
    if name == "ROOT" {
        "/".to_string()
    } else {
        format!("/{}", name.replace('#', "/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paketo_names() {
        assert_eq!(webapp_name(None).expect("ok"), "ROOT");
        assert_eq!(webapp_name(Some("")).expect("ok"), "ROOT");
        assert_eq!(webapp_name(Some("/")).expect("ok"), "ROOT");
        assert_eq!(webapp_name(Some("shop")).expect("ok"), "shop");
        assert_eq!(webapp_name(Some("/api/v1/")).expect("ok"), "api#v1");
        assert_eq!(shown("api#v1"), "/api/v1");
        assert_eq!(shown("ROOT"), "/");
    }

    #[test]
    fn paths_that_would_leave_webapps_or_confuse_tomcat_are_refused() {
        for bad in ["..", "a/../b", "a//b", "a b", "a#b", "a\\b", "./x"] {
            let error = webapp_name(Some(bad)).expect_err(bad);
            assert_eq!(error.id, "apache-tomcat/bad-context-path", "{bad}");
        }
    }
}
