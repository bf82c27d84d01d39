//! Paketo's `build`/`launch` flags in build plan metadata: set on a requirement at detect,
//! read from the buildpack plan's entries at build.

use libcnb::data::build_plan::Require;
use libcnb::data::buildpack_plan::Entry;

/// Requires `name`, marked `build = true` and/or `launch = true` in its metadata (the flags
/// the providing buildpack reads to decide where its layer is visible).
#[must_use]
pub fn require(name: &str, build: bool, launch: bool) -> Require {
    let mut require = Require::new(name);
    if build {
        require.metadata.insert("build".into(), true.into());
    }
    if launch {
        require.metadata.insert("launch".into(), true.into());
    }
    require
}

/// Whether any of `entries` has `flag` (`build`, `launch`) set to true in its metadata.
pub fn any_asks<'a>(entries: impl IntoIterator<Item = &'a Entry>, flag: &str) -> bool {
    entries
        .into_iter()
        .any(|entry| entry.metadata.get(flag).and_then(toml::Value::as_bool) == Some(true))
}

#[cfg(test)]
mod tests {
    use super::{Entry, any_asks, require};

    fn entry(name: &str, metadata: &str) -> Entry {
        Entry {
            name: name.to_string(),
            metadata: metadata.parse().expect("metadata"),
        }
    }

    #[test]
    fn a_flag_counts_only_when_true() {
        let entries = [
            entry("php", "launch = true"),
            entry("php", "build = \"yes\""),
        ];
        assert!(any_asks(&entries, "launch"));
        assert!(!any_asks(&entries, "build"), "only a boolean true counts");
        assert!(!any_asks(&[], "launch"));
    }

    #[test]
    fn only_the_flags_asked_for_are_set() {
        let both = require("php", true, true);
        assert_eq!(both.name, "php");
        assert_eq!(both.metadata.get("build"), Some(&true.into()));
        assert_eq!(both.metadata.get("launch"), Some(&true.into()));
        let launch = require("mri", false, true);
        assert!(!launch.metadata.contains_key("build"));
        assert_eq!(launch.metadata.get("launch"), Some(&true.into()));
        assert!(require("node", false, false).metadata.is_empty());
    }
}
