//! Node.js project files that several Node.js buildpacks read.

mod package_json;
mod project;

pub use package_json::PackageJson;
pub use project::{PROJECT_PATH, project_dir};
