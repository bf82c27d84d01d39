//! Node.js project files that several Node.js buildpacks read.

mod install_inputs;
mod installed_packages;
mod installer_plan;
mod manager_layer;
mod manager_request;
mod modules_dir;
mod modules_layer;
mod modules_link;
mod modules_plan;
mod package_bins;
mod package_cache;
mod package_json;
mod package_manager;
mod project;
mod scripts;
mod tool_env;
mod tool_version;
mod yarn_files;

pub use install_inputs::InstallInputs;
pub use installed_packages::{installed_packages, purl as npm_purl};
pub use installer_plan::{at_build, at_launch, installer_plan, require};
pub use manager_layer::{Hint, Manager};
pub use manager_request::{ManagerRequest, requested as requested_manager};
pub use modules_dir::{copy_modules, is_vendored, move_modules};
pub use modules_layer::{ModulesLayer, install_modules};
pub use modules_link::{BUILD_MODULES_VAR, BuildModules, link_modules, use_build_modules};
pub use modules_plan::ModulesNeeds;
pub use package_cache::package_cache;
pub use package_json::PackageJson;
pub use package_manager::{NPM_LOCKFILES, PNPM_LOCK, PackageManager, YARN_LOCK, npm_lockfile};
pub use project::{PROJECT_PATH, project_dir};
pub use scripts::{script_names, script_with_hooks};
pub use tool_env::ToolEnv;
pub use tool_version::{node_version, tool_version};
pub use yarn_files::{YARNRC_YML, Yarnrc, lockfile_is_berry};
