//! Kubernetes service bindings (the CNB binding spec): a folder per binding holding a `type`
//! file, an optional `provider` file and one file per key.

use crate::Error;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

/// Every binding under one root, sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bindings {
    bindings: Vec<Binding>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The folder name.
    pub name: String,
    /// The trimmed content of `type`.
    pub kind: String,
    pub provider: Option<String>,
    pub path: PathBuf,
    /// Key → file; `type` and `provider` are not keys.
    pub entries: BTreeMap<String, PathBuf>,
}

impl Bindings {
    /// `$SERVICE_BINDING_ROOT` when set and not empty, else `<platform>/bindings`.
    #[must_use]
    pub fn root(platform_dir: &Path, service_binding_root: Option<&OsStr>) -> PathBuf {
        match service_binding_root {
            Some(root) if !root.is_empty() => PathBuf::from(root),
            _ => platform_dir.join("bindings"),
        }
    }

    /// Reads the bindings the platform gave this build (`SERVICE_BINDING_ROOT` from the process env).
    pub fn from_platform(platform_dir: &Path) -> Result<Self, Error> {
        let root = std::env::var_os("SERVICE_BINDING_ROOT");
        Self::read(&Self::root(platform_dir, root.as_deref()))
    }

    /// A missing root means no bindings.
    pub fn read(root: &Path) -> Result<Self, Error> {
        let listing = match std::fs::read_dir(root) {
            Ok(listing) => listing,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(error) => return Err(unreadable(root, &error)),
        };
        let mut bindings = Vec::new();
        for item in listing {
            let item = item.map_err(|error| unreadable(root, &error))?;
            let name = item.file_name().to_string_lossy().into_owned();
            // Kubernetes mounts add hidden `..data` folders; they are not bindings.
            if name.starts_with('.') || !item.path().is_dir() {
                continue;
            }
            bindings.push(Binding::read(name, item.path())?);
        }
        bindings.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { bindings })
    }

    /// Bindings of one type; types compare without regard to ASCII case, as Paketo does.
    pub fn of_type<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Binding> {
        self.bindings
            .iter()
            .filter(move |binding| binding.kind.eq_ignore_ascii_case(kind))
    }

    /// The one binding of type `kind` and the path of its entry `key`, if there is such a
    /// binding: for buildpacks that take one file from one binding (a config, credentials).
    /// Two such bindings, or one without `key`, is an error naming them.
    pub fn single_with<'a>(
        &'a self,
        kind: &'a str,
        key: &str,
    ) -> Result<Option<(&'a Binding, &'a Path)>, Error> {
        let found: Vec<&Binding> = self.of_type(kind).collect();
        match found.as_slice() {
            [] => Ok(None),
            [one] => one
                .path_of(key)
                .map(|path| Some((*one, path)))
                .ok_or_else(|| missing_key(one, kind, key)),
            several => Err(several_of_type(several, kind)),
        }
    }

    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.bindings.iter().find(|binding| binding.name == name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Binding> {
        self.bindings.iter()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }
}

impl FromIterator<Binding> for Bindings {
    fn from_iter<I: IntoIterator<Item = Binding>>(iter: I) -> Self {
        let mut bindings: Vec<Binding> = iter.into_iter().collect();
        bindings.sort_by(|a, b| a.name.cmp(&b.name));
        Self { bindings }
    }
}

impl Binding {
    fn read(name: String, path: PathBuf) -> Result<Self, Error> {
        let mut entries = BTreeMap::new();
        for item in std::fs::read_dir(&path).map_err(|error| unreadable(&path, &error))? {
            let item = item.map_err(|error| unreadable(&path, &error))?;
            let key = item.file_name().to_string_lossy().into_owned();
            // `is_file` follows the symlinks Kubernetes uses for each key. Its own entries
            // start with `..`; keys may start with one dot, like the npmrc binding's `.npmrc`.
            if !key.starts_with("..") && item.path().is_file() {
                entries.insert(key, item.path());
            }
        }
        let kind = match entries.remove("type") {
            Some(file) => read_text(&file)?.trim().to_string(),
            None => String::new(),
        };
        if kind.is_empty() {
            return Err(Error::new(
                "bindings/missing-type",
                format!("Binding {name:?} has no type"),
                format!(
                    "Every service binding needs a file named `type` saying what it is, e.g. `dependency-mapping`\n\
                     or `ca-certificates`. Add it to {}, or remove the folder if it is not a binding.",
                    path.display()
                ),
            )
            .binding(name));
        }
        let provider = match entries.remove("provider") {
            Some(file) => Some(read_text(&file)?.trim().to_string()),
            None => None,
        };
        Ok(Self {
            name,
            kind,
            provider,
            path,
            entries,
        })
    }

    /// A key's content as written, or `None` when the binding has no such key.
    pub fn text(&self, key: &str) -> Result<Option<String>, Error> {
        self.entries
            .get(key)
            .map(|file| read_text(file))
            .transpose()
    }

    /// A key's content without surrounding whitespace, for one-line values such as URIs.
    pub fn value(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self.text(key)?.map(|text| text.trim().to_string()))
    }

    /// The file holding a key, for tools that take a path (e.g. an `npmrc` or `settings.xml`).
    #[must_use]
    pub fn path_of(&self, key: &str) -> Option<&Path> {
        self.entries.get(key).map(PathBuf::as_path)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

fn read_text(file: &Path) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(|error| unreadable(file, &error))
}

fn missing_key(binding: &Binding, kind: &str, key: &str) -> Error {
    let keys: Vec<&str> = binding.keys().collect();
    let has = if keys.is_empty() {
        "no entries".to_string()
    } else {
        keys.join(", ")
    };
    Error::new(
        "bindings/missing-key",
        format!(
            "The `{kind}` binding `{}` has no `{key}` entry",
            binding.name
        ),
        format!(
            "A `{kind}` binding holds its file as the entry `{key}`; this one has {has}. \
             Add `{key}` to the binding (for `scripts/build-app --binding`, a file named \
             `{key}` in the binding's folder)."
        ),
    )
    .binding(&binding.name)
}

fn several_of_type(bindings: &[&Binding], kind: &str) -> Error {
    let names: Vec<&str> = bindings
        .iter()
        .map(|binding| binding.name.as_str())
        .collect();
    Error::new(
        "bindings/several-of-type",
        format!(
            "{} bindings have the type `{kind}`; one is used",
            names.len()
        ),
        format!(
            "Bindings {} all have the type `{kind}`, and which to use would be a guess. \
             Keep one of them.",
            names.join(", ")
        ),
    )
    .binding(names.join(", "))
}

fn unreadable(path: &Path, error: &io::Error) -> Error {
    Error::new(
        "bindings/unreadable",
        "A service binding could not be read",
        "The build cannot read the service bindings the platform provided. Check that the binding\n\
         files are readable by the build user and hold text.",
    )
    .file(path)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn binding(root: &Path, name: &str, kind: &str, keys: &[(&str, &str)]) {
        let dir = root.join(name);
        fs::create_dir_all(&dir).expect("create binding dir");
        fs::write(dir.join("type"), format!("{kind}\n")).expect("write type");
        for (key, value) in keys {
            fs::write(dir.join(key), value).expect("write key");
        }
    }

    #[test]
    fn one_file_of_one_binding() {
        let root = tempfile::tempdir().expect("temp dir");
        binding(
            root.path(),
            "gems",
            "bundle-config",
            &[("config", "A: b\n")],
        );
        binding(root.path(), "other", "npmrc", &[(".npmrc", "")]);
        let bindings = Bindings::read(root.path()).expect("read");
        let (found, path) = bindings
            .single_with("bundle-config", "config")
            .expect("valid")
            .expect("present");
        assert_eq!(found.name, "gems");
        assert_eq!(path, root.path().join("gems/config"));
        assert!(
            bindings
                .single_with("composer", "auth.json")
                .expect("valid")
                .is_none()
        );

        let without = bindings
            .single_with("npmrc", "settings.xml")
            .expect_err("no such entry");
        binding(root.path(), "more", "Bundle-Config", &[("config", "")]);
        let several = Bindings::read(root.path())
            .expect("read")
            .single_with("bundle-config", "config")
            .expect_err("two");
        insta::assert_snapshot!(format!("{}\n{}", without.render(), several.render()));
    }

    #[test]
    fn root_prefers_a_non_empty_service_binding_root() {
        let platform = Path::new("/platform");
        assert_eq!(
            Bindings::root(platform, Some(OsStr::new("/sb"))),
            PathBuf::from("/sb")
        );
        assert_eq!(
            Bindings::root(platform, Some(OsStr::new(""))),
            PathBuf::from("/platform/bindings")
        );
        assert_eq!(
            Bindings::root(platform, None),
            PathBuf::from("/platform/bindings")
        );
    }

    #[test]
    fn missing_root_is_no_bindings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bindings = Bindings::read(&dir.path().join("absent")).expect("no bindings");
        assert!(bindings.is_empty());
    }

    #[test]
    fn reads_types_keys_and_skips_hidden_entries() {
        let dir = tempfile::tempdir().expect("tempdir");
        binding(
            dir.path(),
            "b-mirror",
            "Dependency-Mirror",
            &[("default", " https://m/ \n")],
        );
        binding(
            dir.path(),
            "a-certs",
            "ca-certificates",
            &[("corp.pem", "PEM")],
        );
        fs::create_dir_all(dir.path().join("..data")).expect("hidden dir");
        fs::write(dir.path().join("stray-file"), "x").expect("stray file");
        fs::write(dir.path().join("a-certs/..2026_11_21"), "x").expect("Kubernetes entry");
        fs::write(dir.path().join("a-certs/.npmrc"), "x").expect("dot key");
        fs::write(dir.path().join("a-certs/provider"), "corp\n").expect("provider");

        let bindings = Bindings::read(dir.path()).expect("bindings");
        let names: Vec<_> = bindings.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["a-certs", "b-mirror"]);

        let certs = bindings.get("a-certs").expect("a-certs");
        assert_eq!(certs.provider.as_deref(), Some("corp"));
        assert_eq!(certs.keys().collect::<Vec<_>>(), [".npmrc", "corp.pem"]);

        let mirror = bindings
            .of_type("dependency-mirror")
            .next()
            .expect("type matches without case");
        assert_eq!(mirror.kind, "Dependency-Mirror");
        assert_eq!(
            mirror.value("default").expect("read").as_deref(),
            Some("https://m/")
        );
        assert_eq!(
            mirror.text("default").expect("read").as_deref(),
            Some(" https://m/ \n")
        );
        assert_eq!(mirror.value("absent").expect("read"), None);
        assert!(mirror.path_of("default").is_some_and(Path::is_file));
    }

    #[test]
    fn binding_without_type_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("typeless")).expect("dir");
        fs::write(dir.path().join("typeless/key"), "v").expect("key");
        let error = Bindings::read(dir.path()).expect_err("missing type");
        let rendered = error
            .render()
            .replace(&dir.path().display().to_string(), "[ROOT]");
        insta::assert_snapshot!(rendered);
    }

    #[test]
    fn unreadable_root_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("not-a-dir");
        fs::write(&file, "x").expect("file");
        let error = Bindings::read(&file).expect_err("a file is not a bindings root");
        let rendered = error
            .render()
            .replace(&dir.path().display().to_string(), "[ROOT]");
        insta::assert_snapshot!(rendered);
    }
}
