//! What the Stowage PHP buildpacks share: the app's `composer.json` and `composer.lock`
//! (the PHP version and extensions they ask for), Composer's version constraints, and the
//! `BP_PHP_*` settings, and the files php-httpd and php-nginx write for FPM's web server.

mod composer_files;
mod constraint;
mod errors;
mod settings;
mod web_server;

pub use composer_files::{ComposerJson, ComposerLock, composer_json_path};
pub use constraint::ComposerConstraint;
pub use settings::{FPM_SOCKET, LIB_DIR, PhpSettings, SERVER, VERSION, WEB_DIR, https_redirect};
pub use web_server::WebServer;
