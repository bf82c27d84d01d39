//! What the Stowage Node.js buildpacks share: the project's files, its package managers and the
//! layers that hold `node_modules`.

mod app_modules;
mod installed_packages;
mod installer_plan;
mod manager_request;
mod modules_layer;
mod modules_link;
mod modules_requirement;
mod node_env;
mod node_version;
mod package_bins;
mod package_json;
mod package_manager;
mod package_manager_env;
mod project;
mod registry_manager;
mod scripts;
mod start_process;
mod version_request;
mod yarn_files;

pub use app_modules::{copy_modules, is_vendored, move_modules};
pub use installed_packages::{installed_packages, purl as npm_purl};
pub use installer_plan::{at_build, at_launch, detect_installer, installer_plan, require};
pub use manager_request::{ManagerRequest, requested as requested_manager_version};
pub use modules_layer::{
    MODULES_LAYERS, ModulesLayer, PackageManagerInstaller, PreparedInstall, fill_modules_layer,
};
pub use modules_link::{BUILD_MODULES_VAR, BuildModulesSwap, link_modules, use_build_modules};
pub use modules_requirement::ModulesRequirement;
pub use node_env::{Dependencies, NodeEnv};
pub use node_version::node_version;
pub use package_json::PackageJson;
pub use package_manager::{NPM_LOCKFILES, PNPM_LOCK, PackageManager, YARN_LOCK, npm_lockfile};
pub use package_manager_env::PackageManagerEnv;
pub use project::{PROJECT_PATH, config_and_project_dir, resolve_project_dir};
pub use registry_manager::{ManagerVersionHint, RegistryPackageManager};
pub use scripts::{existing_scripts, script_names, script_with_hooks};
pub use start_process::{
    WEB_SERVER, bash_web_process, pass_with_start_plan, settle_web, start_plan, web_process,
    web_server_unserved,
};
pub use version_request::{
    DEFAULT_SOURCE, NODE_VERSION_VARIABLE, VersionRequest, find_version_requests,
};
pub use yarn_files::{YARNRC_YML, Yarnrc, lockfile_is_berry};
