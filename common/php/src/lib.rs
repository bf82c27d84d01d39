//! What the Stowage PHP buildpacks share: the app's `composer.json` and `composer.lock`
//! (the PHP version and extensions they ask for), Composer's version constraints, and the
//! `BP_PHP_*` settings, the session handlers' ini snippet, and the files php-httpd and php-nginx write for FPM's web server.

mod composer_files;
mod errors;
mod session;
mod settings;
mod web_server;

pub use composer_files::{ComposerJson, ComposerLock, composer_json_path};
pub use session::{SessionHandlerBuildpack, SessionStore, write_session_layer};
pub use settings::{FPM_SOCKET, LIB_DIR, PhpSettings, SERVER, VERSION, WEB_DIR, https_redirect};
pub use stowage_kit::version::ComposerConstraint;
pub use web_server::WebServer;
