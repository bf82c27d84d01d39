//! stowage/php-memcached-session-handler: keeps PHP's sessions in Memcached (Paketo's php-memcached-session-handler).
//!
//! Detect passes when the build has a service binding of type `php-memcached-session` and
//! requires `php` at launch. Build writes an ini snippet that loads the memcached extension and
//! sets `session.save_handler` and `session.save_path` from the binding, in a launch layer
//! added to `PHP_INI_SCAN_DIR` (stowage-php's `session` module).

// Unit tests see the dev-dependencies too.
#![cfg_attr(test, allow(unused_crate_dependencies))]

use stowage_php::{SessionHandlerBuildpack, SessionStore};

libcnb::buildpack_main!(SessionHandlerBuildpack {
    store: SessionStore::Memcached
});
