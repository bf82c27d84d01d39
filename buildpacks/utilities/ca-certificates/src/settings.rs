//! The user's choices, with Paketo's names: `BP_EMBED_CERTS` (default false) keeps the build's
//! binding certificates in the image; `BP_RUNTIME_CERT_BINDING_DISABLED` (default false) leaves
//! out the launch helper that trusts bindings mounted at runtime.

use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const EMBED_CERTS: &str = "BP_EMBED_CERTS";
pub(crate) const RUNTIME_DISABLED: &str = "BP_RUNTIME_CERT_BINDING_DISABLED";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    pub embed: bool,
    pub runtime_bindings: bool,
}

impl Settings {
    pub(crate) fn read(config: &Config) -> Result<Self, Error> {
        Ok(Self {
            embed: config.flag(EMBED_CERTS)?,
            runtime_bindings: !config.flag(RUNTIME_DISABLED)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libcnb::Env;

    #[test]
    fn runtime_bindings_on_and_embedding_off_by_default() {
        let env = Env::new();
        assert_eq!(
            Settings::read(&Config::new(&env)),
            Ok(Settings {
                embed: false,
                runtime_bindings: true
            })
        );
        let mut env = Env::new();
        env.insert(EMBED_CERTS, "true");
        env.insert(RUNTIME_DISABLED, "true");
        assert_eq!(
            Settings::read(&Config::new(&env)),
            Ok(Settings {
                embed: true,
                runtime_bindings: false
            })
        );
    }
}
