//! The `npmrc` service binding: a `.npmrc` (registry, auth tokens) for the install.

use crate::errors;
use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::platform;

pub(crate) const BINDING_TYPE: &str = "npmrc";
pub(crate) const KEY: &str = ".npmrc";

pub(crate) struct NpmrcBinding {
    pub name: String,
    pub path: PathBuf,
}

/// The one `npmrc` binding, if the platform provides one.
pub(crate) fn find() -> Result<Option<NpmrcBinding>, Error> {
    from(&platform::bindings()?)
}

fn from(bindings: &Bindings) -> Result<Option<NpmrcBinding>, Error> {
    let found: Vec<_> = bindings.of_type(BINDING_TYPE).collect();
    let Some(binding) = found.first() else {
        return Ok(None);
    };
    if found.len() > 1 {
        let names: Vec<&str> = found.iter().map(|b| b.name.as_str()).collect();
        return Err(errors::ambiguous_npmrc_binding(&names));
    }
    let Some(path) = binding.path_of(KEY).map(std::path::Path::to_path_buf) else {
        return Err(errors::npmrc_binding_without_npmrc(&binding.name));
    };
    Ok(Some(NpmrcBinding {
        name: binding.name.clone(),
        path,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bindings(items: &[(&str, &[(&str, &str)])]) -> (tempfile::TempDir, Bindings) {
        let root = tempfile::tempdir().expect("temp dir");
        for (name, keys) in items {
            let dir = root.path().join(name);
            fs_err::create_dir_all(&dir).expect("mkdir");
            fs_err::write(dir.join("type"), "npmrc").expect("type");
            for (key, value) in *keys {
                fs_err::write(dir.join(key), value).expect("key");
            }
        }
        let read = Bindings::read(root.path()).expect("bindings");
        (root, read)
    }

    #[test]
    fn finds_the_npmrc_file() {
        let (root, read) = bindings(&[("registry", &[(".npmrc", "registry=https://r/")])]);
        let found = from(&read).expect("valid").expect("present");
        assert_eq!(found.name, "registry");
        assert_eq!(found.path, root.path().join("registry/.npmrc"));
        assert!(from(&Bindings::default()).expect("valid").is_none());
    }

    #[test]
    fn two_bindings_are_ambiguous() {
        let (_root, read) = bindings(&[("a", &[(".npmrc", "")]), ("b", &[(".npmrc", "")])]);
        assert_eq!(
            from(&read).err(),
            Some(errors::ambiguous_npmrc_binding(&["a", "b"]))
        );
    }

    #[test]
    fn a_binding_needs_the_npmrc_key() {
        let (_root, read) = bindings(&[("registry", &[("npmrc", "registry=https://r/")])]);
        assert_eq!(
            from(&read).err(),
            Some(errors::npmrc_binding_without_npmrc("registry"))
        );
    }
}
