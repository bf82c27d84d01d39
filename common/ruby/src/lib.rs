//! What the Stowage Ruby buildpacks share: the app's `Gemfile` (its `ruby` directive and
//! gems), `Gemfile.lock` (`RUBY VERSION`, `BUNDLED WITH`, the locked gems) and
//! `.ruby-version`, Ruby gem version requirements (`~> 3.1`) for the inventory, and choosing
//! the inventory entry of MRI or Bundler, and the start buildpacks' plan and `web` process.

pub mod errors;
pub mod gemfile;
pub mod gemfile_lock;
pub mod requirement;
pub mod ruby_version_file;
pub mod server;
pub mod tool;

pub use gemfile_lock::GemfileLock;
pub use requirement::GemRequirement;
