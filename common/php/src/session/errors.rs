//! The session handlers' binding errors.

use super::SessionStore;
use stowage_kit::Error;
use stowage_kit::bindings::Binding;

pub(super) fn several_bindings(kind: &str, names: &[&str]) -> Error {
    Error::new(
        "php/several-session-bindings",
        format!("There are {} bindings of type `{kind}`", names.len()),
        format!(
            "PHP keeps its sessions in one place. Keep one of these bindings and remove the \
             others: {}.",
            names.join(", ")
        ),
    )
}

pub(super) fn missing_key(binding: &Binding, store: SessionStore, key: &str) -> Error {
    let what = match store {
        SessionStore::Redis => {
            "a file named `host` (or `hostname`) holding the Redis server's host name, and \
             `port` when it is not 6379 and `password` when the server asks for one"
        }
        SessionStore::Memcached => {
            "a file named `servers` holding the Memcached servers as `host:port`, separated by \
             commas, and `username` and `password` when the servers ask for them"
        }
    };
    Error::new(
        "php/session-binding-missing-key",
        format!(
            "The binding `{}` of type `{}` has no `{key}`",
            binding.name,
            store.binding_type()
        ),
        format!("Add {what}."),
    )
    .binding(&binding.name)
    .file(&binding.path)
}

pub(super) fn invalid_port(binding: &Binding, kind: &str, port: &str) -> Error {
    Error::new(
        "php/session-binding-invalid-port",
        format!(
            "The binding `{}` of type `{kind}` has the port `{port}`",
            binding.name
        ),
        "Write the server's TCP port, a number from 1 to 65535, in the binding's `port` file, \
         or remove the file for Redis's default, 6379.",
    )
    .binding(&binding.name)
    .file(binding.path.join("port"))
}

pub(super) fn invalid_value(binding: &Binding, kind: &str, key: &str) -> Error {
    Error::new(
        "php/session-binding-invalid-value",
        format!(
            "The `{key}` of the binding `{}` of type `{kind}` cannot go into php.ini",
            binding.name
        ),
        format!(
            "The value must be one line without a single quote (`'`); a host name holds only \
             letters, digits, `.`, `-` and `_`. Fix the binding's `{key}` file."
        ),
    )
    .binding(&binding.name)
    .file(binding.path.join(key))
}

pub(super) fn half_credentials(binding: &Binding, kind: &str, has: &str, lacks: &str) -> Error {
    Error::new(
        "php/session-binding-incomplete-credentials",
        format!(
            "The binding `{}` of type `{kind}` has a `{has}` but no `{lacks}`",
            binding.name
        ),
        format!(
            "Memcached's SASL authentication needs both. Add the `{lacks}` file, or remove \
             `{has}` if the servers do not ask for credentials."
        ),
    )
    .binding(&binding.name)
}

pub(super) fn ini_not_written(file: &std::path::Path, error: &std::io::Error) -> Error {
    Error::new(
        "php/session-ini-not-written",
        "The session handler's php.ini snippet could not be written",
        "Check that the layers folder is writable and has free space, then build again.",
    )
    .file(file)
    .debug(error)
}
