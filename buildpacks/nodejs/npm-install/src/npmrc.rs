//! The `npmrc` service binding: a `.npmrc` (registry, auth tokens) for the install.

use std::path::PathBuf;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::platform;

pub const BINDING_TYPE: &str = "npmrc";
pub const KEY: &str = ".npmrc";

pub struct NpmrcBinding {
    pub name: String,
    pub path: PathBuf,
}

/// The one `npmrc` binding, if the platform provides one.
pub fn find() -> Result<Option<NpmrcBinding>, Error> {
    from(&platform::bindings()?)
}

fn from(bindings: &Bindings) -> Result<Option<NpmrcBinding>, Error> {
    let found: Vec<_> = bindings.of_type(BINDING_TYPE).collect();
    let Some(binding) = found.first() else {
        return Ok(None);
    };
    if found.len() > 1 {
        let names: Vec<&str> = found.iter().map(|b| b.name.as_str()).collect();
        return Err(Error::new(
            "npm-install/ambiguous-npmrc-binding",
            "More than one npmrc binding",
            format!(
                "The bindings {} all have type `npmrc`, and npm reads one global config.\n\
                 Merge them into one binding with a single `.npmrc` key.",
                names.join(", ")
            ),
        )
        .binding(names.join(", ")));
    }
    let Some(path) = binding.path_of(KEY).map(std::path::Path::to_path_buf) else {
        return Err(Error::new(
            "npm-install/npmrc-binding-without-npmrc",
            format!("The npmrc binding {:?} has no .npmrc", binding.name),
            "An npmrc binding holds the npm config in a key (file) named `.npmrc`, for example\n\
             `registry=https://npm.example.com/` and an `//npm.example.com/:_authToken=...` line.\n\
             Add that key to the binding.",
        )
        .binding(&binding.name));
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
        insta::assert_snapshot!(from(&read).err().expect("ambiguous").render());
    }

    #[test]
    fn a_binding_needs_the_npmrc_key() {
        let (_root, read) = bindings(&[("registry", &[("npmrc", "registry=https://r/")])]);
        insta::assert_snapshot!(from(&read).err().expect("no key").render());
    }
}
