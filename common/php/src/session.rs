//! PHP sessions in Redis or Memcached (Paketo's php-redis-session-handler and
//! php-memcached-session-handler): the one binding of the store's type becomes an ini snippet
//! that loads the store's extension and points `session.save_handler`/`save_path` at it.
//!
//! Unlike Paketo, which falls back to 127.0.0.1 (inside the app's own container), a binding
//! without its server (`host`/`hostname` or `servers`) fails the build, as do values an ini
//! line cannot hold and half a set of credentials.

mod buildpack;
mod errors;
mod layer;

pub use buildpack::SessionHandlerBuildpack;
pub use layer::write_session_layer;

use std::fmt::Write as _;
use stowage_kit::Error;
use stowage_kit::bindings::{Binding, Bindings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStore {
    Redis,
    Memcached,
}

impl SessionStore {
    /// The binding type that makes the handler detect.
    #[must_use]
    pub fn binding_type(self) -> &'static str {
        match self {
            Self::Redis => "php-redis-session",
            Self::Memcached => "php-memcached-session",
        }
    }

    /// `Redis` or `Memcached`, for the log.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Redis => "Redis",
            Self::Memcached => "Memcached",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Self::Redis => "php-redis.ini",
            Self::Memcached => "php-memcached.ini",
        }
    }

    /// The one binding of this store's type; several are an error (Paketo's `ResolveOne`).
    pub fn binding(self, bindings: &Bindings) -> Result<Option<&Binding>, Error> {
        let found: Vec<&Binding> = bindings.of_type(self.binding_type()).collect();
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            several => Err(errors::several_bindings(
                self.binding_type(),
                &several.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
            )),
        }
    }

    /// The ini snippet for `binding`.
    pub fn ini(self, binding: &Binding) -> Result<String, Error> {
        let mut ini = Ini::new(self, binding);
        match self {
            Self::Redis => {
                let host = match ini.optional("host")? {
                    Some(host) => host,
                    None => ini
                        .optional("hostname")?
                        .ok_or_else(|| errors::missing_key(binding, self, "host"))?,
                };
                ini.check("host", &host, |c| {
                    c.is_ascii_alphanumeric() || ".-_:[]".contains(c)
                })?;
                let port = ini.optional("port")?.unwrap_or_else(|| "6379".into());
                if port.parse::<u16>().map_or(true, |port| port == 0) {
                    return Err(errors::invalid_port(binding, self.binding_type(), &port));
                }
                let mut path = format!("tcp://{host}:{port}");
                if let Some(password) = ini.optional("password")? {
                    path.push_str("?auth=");
                    path.push_str(&percent_encoded(&password));
                }
                ini.extensions(&["igbinary", "redis"]);
                ini.handler("redis", &path);
            }
            Self::Memcached => {
                let servers = ini.required("servers")?;
                ini.extensions(&["igbinary", "msgpack", "memcached"]);
                ini.handler("memcached", &servers);
                match (ini.optional("username")?, ini.optional("password")?) {
                    (None, None) => {}
                    (Some(username), Some(password)) => {
                        // Memcached's SASL authentication works over its binary protocol only.
                        ini.line("memcached.sess_binary_protocol", "1");
                        ini.line("memcached.sess_sasl_username", &username);
                        ini.line("memcached.sess_sasl_password", &password);
                    }
                    (username, _) => {
                        let (has, lacks) = if username.is_some() {
                            ("username", "password")
                        } else {
                            ("password", "username")
                        };
                        return Err(errors::half_credentials(
                            binding,
                            self.binding_type(),
                            has,
                            lacks,
                        ));
                    }
                }
            }
        }
        Ok(ini.text)
    }
}

/// An ini snippet being written from a binding.
struct Ini<'a> {
    store: SessionStore,
    binding: &'a Binding,
    text: String,
}

impl<'a> Ini<'a> {
    fn new(store: SessionStore, binding: &'a Binding) -> Self {
        let text = format!(
            "; Made by stowage/php-{}-session-handler from the binding `{}`.\n",
            store.title().to_lowercase(),
            binding.name
        );
        Self {
            store,
            binding,
            text,
        }
    }

    /// A key's value; missing or blank is `None`. Values go between single quotes, which keep
    /// them raw (no `${}` expansion, no escapes), so they may hold anything but a quote or a
    /// line break.
    fn optional(&self, key: &str) -> Result<Option<String>, Error> {
        let value = self.binding.value(key)?.filter(|value| !value.is_empty());
        match value {
            Some(value) if value.contains(['\'', '\n', '\r', '\0']) => Err(errors::invalid_value(
                self.binding,
                self.store.binding_type(),
                key,
            )),
            value => Ok(value),
        }
    }

    fn required(&self, key: &str) -> Result<String, Error> {
        self.optional(key)?
            .ok_or_else(|| errors::missing_key(self.binding, self.store, key))
    }

    fn check(&self, key: &str, value: &str, allowed: impl Fn(char) -> bool) -> Result<(), Error> {
        if value.chars().all(allowed) {
            Ok(())
        } else {
            Err(errors::invalid_value(
                self.binding,
                self.store.binding_type(),
                key,
            ))
        }
    }

    fn extensions(&mut self, names: &[&str]) {
        for name in names {
            let _ = writeln!(self.text, "extension={name}");
        }
    }

    fn handler(&mut self, handler: &str, path: &str) {
        self.line("session.name", "PHPSESSID");
        self.line("session.save_handler", handler);
        self.line("session.save_path", path);
    }

    /// `key = '<value>'`, the value checked by `optional`.
    fn line(&mut self, key: &str, value: &str) {
        let _ = writeln!(self.text, "{key} = '{value}'");
    }
}

/// Everything but RFC 3986's unreserved characters percent-encoded, so a password keeps its
/// `&`, `?` or `#` inside the save path's query.
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

#[cfg(test)]
mod tests;
