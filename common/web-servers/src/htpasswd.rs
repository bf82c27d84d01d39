//! Basic authentication from a binding of type `htpasswd`: its `.htpasswd` file is copied
//! into a launch layer (bindings are not in the image) and named by the configuration.

use crate::{Server, errors};
use std::path::{Path, PathBuf};
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;

pub const BINDING_TYPE: &str = "htpasswd";
pub const KEY: &str = ".htpasswd";

/// The htpasswd bindings of a build.
#[derive(Debug, PartialEq, Eq)]
pub enum Htpasswd {
    None,
    One {
        binding: String,
        file: PathBuf,
    },
    /// Their names; what that means is the server's choice (Paketo's nginx turns basic
    /// authentication off, its httpd fails).
    Several(Vec<String>),
}

/// Finds the htpasswd bindings; one without its `.htpasswd` fails the build.
pub fn find(bindings: &Bindings, server: Server) -> Result<Htpasswd, Error> {
    let found: Vec<_> = bindings.of_type(BINDING_TYPE).collect();
    match found.as_slice() {
        [] => Ok(Htpasswd::None),
        [binding] => {
            let file = binding
                .path_of(KEY)
                .ok_or_else(|| errors::htpasswd_without_file(server, &binding.name))?;
            Ok(Htpasswd::One {
                binding: binding.name.clone(),
                file: file.to_path_buf(),
            })
        }
        several => Ok(Htpasswd::Several(
            several.iter().map(|binding| binding.name.clone()).collect(),
        )),
    }
}

/// Copies the binding's file to `to` (in a launch layer), making its folder.
pub fn copy(from: &Path, to: &Path, server: Server) -> Result<(), Error> {
    to.parent()
        .map_or(Ok(()), fs_err::create_dir_all)
        .and_then(|()| fs_err::copy(from, to).map(|_| ()))
        .map_err(|error| errors::htpasswd_not_copied(server, &error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(root: &Path, name: &str, files: &[(&str, &str)]) {
        let dir = root.join(name);
        fs_err::create_dir_all(&dir).expect("mkdir");
        fs_err::write(dir.join("type"), BINDING_TYPE).expect("type");
        for (key, text) in files {
            fs_err::write(dir.join(key), text).expect("write");
        }
    }

    #[test]
    fn none_one_several_and_a_missing_key() {
        let root = tempfile::tempdir().expect("temp dir");
        let read = || Bindings::read(root.path()).expect("bindings");
        assert_eq!(find(&read(), Server::Httpd).expect("none"), Htpasswd::None);

        binding(root.path(), "users", &[(KEY, "user:hash\n")]);
        let Htpasswd::One {
            binding: name,
            file,
        } = find(&read(), Server::Httpd).expect("one")
        else {
            panic!("one binding");
        };
        assert_eq!(name, "users");
        let layer = tempfile::tempdir().expect("temp dir");
        let to = layer.path().join("auth/.htpasswd");
        copy(&file, &to, Server::Httpd).expect("copies");
        assert_eq!(fs_err::read_to_string(&to).expect("copied"), "user:hash\n");

        binding(root.path(), "more", &[(KEY, "x")]);
        assert_eq!(
            find(&read(), Server::Nginx).expect("several"),
            Htpasswd::Several(vec!["more".to_string(), "users".to_string()])
        );
    }

    #[test]
    fn a_binding_without_the_file_fails_naming_it() {
        let root = tempfile::tempdir().expect("temp dir");
        binding(root.path(), "site-users", &[("users", "x")]);
        let error = find(
            &Bindings::read(root.path()).expect("bindings"),
            Server::Nginx,
        )
        .expect_err("no .htpasswd");
        assert!(
            error
                .render()
                .contains("[nginx/htpasswd-binding-without-file]"),
            "{}",
            error.render()
        );
    }
}
