//! Dependency mirrors: `BP_DEPENDENCY_MIRROR_<HOST>`, `BP_DEPENDENCY_MIRROR`, or a
//! `dependency-mirror` binding with keys `default` or host names.
//!
//! As in Paketo's libpak, env and binding mirrors merge per key with env winning, then a mirror
//! for the host wins over the default one.

use super::uri::{Parts, problem, redact};
use crate::Error;
use crate::bindings::Bindings;
use std::fmt::{self, Display};

pub(crate) struct Found {
    pub value: String,
    pub origin: Origin,
}

pub(crate) enum Origin {
    Variable(String),
    Binding { name: String, key: String },
}

impl Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Variable(name) => write!(f, "{name}"),
            Origin::Binding { name, key } => {
                write!(f, "dependency-mirror binding {name:?} (key {key})")
            }
        }
    }
}

/// `BP_DEPENDENCY_MIRROR_` + host upper-cased, `.` → `_`, `-` → `__`.
#[must_use]
pub(crate) fn variable_for_host(host: &str) -> String {
    let escaped = host
        .to_ascii_uppercase()
        .replace('-', "__")
        .replace('.', "_");
    format!("BP_DEPENDENCY_MIRROR_{escaped}")
}

pub(crate) fn find(
    host: &str,
    env: &libcnb::Env,
    bindings: &Bindings,
) -> Result<Option<Found>, Error> {
    let mut mirrors = bindings.of_type("dependency-mirror");
    let binding = mirrors.next();
    if let Some(second) = mirrors.next() {
        return Err(Error::new(
            "fetch/invalid-mirror",
            "More than one dependency-mirror binding",
            format!(
                "Bindings {:?} and {:?} are both of type dependency-mirror, so which mirror to use is\n\
                 ambiguous. Keep one binding, with a key per host name and `default` for the rest.",
                binding.map(|b| b.name.as_str()).unwrap_or_default(),
                second.name
            ),
        )
        .binding(&second.name));
    }
    let from_env = |name: String| {
        env.get_string_lossy(&name)
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
            .map(|value| Found {
                value,
                origin: Origin::Variable(name),
            })
    };
    let from_binding = |wanted: &str| -> Result<Option<Found>, Error> {
        let Some(binding) = binding else {
            return Ok(None);
        };
        let Some(key) = binding.keys().find(|key| key.eq_ignore_ascii_case(wanted)) else {
            return Ok(None);
        };
        Ok(binding
            .value(key)?
            .filter(|value| !value.is_empty())
            .map(|value| Found {
                value,
                origin: Origin::Binding {
                    name: binding.name.clone(),
                    key: key.to_string(),
                },
            }))
    };
    let bare_host = host.trim_start_matches('[').trim_end_matches(']');
    let found = match from_env(variable_for_host(bare_host)) {
        Some(found) => Some(found),
        None => match from_binding(bare_host)? {
            Some(found) => Some(found),
            None => match from_env("BP_DEPENDENCY_MIRROR".to_string()) {
                Some(found) => Some(found),
                None => from_binding("default")?,
            },
        },
    };
    let Some(found) = found else {
        return Ok(None);
    };
    let candidate = found.value.replace("{originalHost}", bare_host);
    if let Some(why) = problem(&candidate) {
        return Err(invalid_mirror(&found, why));
    }
    Ok(Some(found))
}

/// Mirror base (with `{originalHost}` filled in) + the original path and query.
pub(crate) fn rewrite(mirror: &str, original: &Parts<'_>) -> String {
    let host = original
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let base = mirror.replace("{originalHost}", host);
    format!("{}{}", base.trim_end_matches('/'), original.path_and_query)
}

fn invalid_mirror(found: &Found, why: &str) -> Error {
    let error = Error::new(
        "fetch/invalid-mirror",
        format!(
            "The dependency mirror from {} is not a usable URL",
            found.origin
        ),
        format!(
            "It is `{}`, which cannot be used: {why}.\n\
             A mirror is a URL the original path is appended to, e.g. `https://mirror.corp/nodejs`\n\
             or `https://mirror.corp/{{originalHost}}` (replaced by the original host name), or a\n\
             `file://` folder such as `file:///deps`.",
            redact(&found.value)
        ),
    );
    match &found.origin {
        Origin::Variable(name) => error.variable(name),
        Origin::Binding { name, .. } => error.binding(name),
    }
}
