//! Credentials for private repositories: `COMPOSER_AUTH` from the build's environment, else
//! the `auth.json` of a `composer` binding, handed to Composer as `COMPOSER_AUTH` so they are
//! never written into a layer.

use crate::errors;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::config::Config;
use stowage_kit::output::Output;

pub(crate) const BINDING_TYPE: &str = "composer";
pub(crate) const BINDING_KEY: &str = "auth.json";

/// The `COMPOSER_AUTH` value Composer gets, if any.
pub(crate) fn composer_auth(
    config: &Config,
    bindings: &Bindings,
    output: &mut Output,
) -> Result<Option<String>, Error> {
    let found: Vec<_> = bindings.of_type(BINDING_TYPE).collect();
    if let Some(value) = config.string("COMPOSER_AUTH") {
        output.step("Credentials: COMPOSER_AUTH from the build's environment");
        if !found.is_empty() {
            output.step("COMPOSER_AUTH is set, so the composer binding is not read");
        }
        return Ok(Some(value));
    }
    let binding = match found.as_slice() {
        [] => return Ok(None),
        [one] => *one,
        several => {
            let names: Vec<&str> = several.iter().map(|b| b.name.as_str()).collect();
            return Err(errors::several_bindings(&names));
        }
    };
    let text = binding
        .text(BINDING_KEY)?
        .ok_or_else(|| errors::binding_without_auth(&binding.name))?;
    if let Err(problem) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text)
    {
        return Err(errors::binding_auth_not_json(&binding.name, &problem));
    }
    output.step(&format!(
        "Credentials: auth.json of binding {}",
        binding.name
    ));
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::config::env_of;

    fn binding(root: &std::path::Path, name: &str, auth: Option<&str>) {
        let dir = root.join(name);
        fs_err::create_dir_all(&dir).expect("mkdir");
        fs_err::write(dir.join("type"), "composer\n").expect("type");
        if let Some(auth) = auth {
            fs_err::write(dir.join(BINDING_KEY), auth).expect("auth");
        }
    }

    fn auth(pairs: &[(&str, &str)], root: &std::path::Path) -> Result<Option<String>, Error> {
        let env = env_of(pairs.iter().copied());
        let (mut output, _) = stowage_kit::output::captured::plain();
        composer_auth(
            &Config::new(&env),
            &Bindings::read(root).expect("bindings"),
            &mut output,
        )
    }

    #[test]
    fn the_variable_wins_over_the_binding() {
        let root = tempfile::tempdir().expect("temp dir");
        assert_eq!(auth(&[], root.path()).expect("none"), None);
        let json = r#"{"http-basic":{"repo.example.com":{"username":"u","password":"p"}}}"#;
        binding(root.path(), "private", Some(json));
        assert_eq!(
            auth(&[], root.path()).expect("binding").as_deref(),
            Some(json)
        );
        assert_eq!(
            auth(&[("COMPOSER_AUTH", "{}")], root.path())
                .expect("env")
                .as_deref(),
            Some("{}")
        );
    }

    #[test]
    fn a_bad_binding_fails_with_its_name() {
        let root = tempfile::tempdir().expect("temp dir");
        binding(root.path(), "broken", Some("{not json"));
        let not_json = auth(&[], root.path()).expect_err("not json");
        binding(root.path(), "other", None);
        let several = auth(&[], root.path()).expect_err("two");
        let root = tempfile::tempdir().expect("temp dir");
        binding(root.path(), "empty", None);
        let missing = auth(&[], root.path()).expect_err("no key");
        insta::assert_snapshot!(
            [not_json, several, missing]
                .iter()
                .map(Error::render)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
