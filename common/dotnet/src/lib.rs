//! What the Stowage .NET buildpacks share: the app's `global.json` (the SDK it asks for and
//! its `rollForward` policy), `*.runtimeconfig.json` (the framework it runs on), project files
//! (`*.csproj`, `*.fsproj`, `*.vbproj`, `Directory.Build.props`), and how a requested SDK or
//! runtime version rolls forward to what the inventory has.

mod comments;
mod constraint;
mod errors;
mod global_json;
mod project_file;
mod roll_forward;
mod runtime_config;
mod settings;

pub use constraint::DotnetConstraint;
pub use global_json::GlobalJson;
pub use project_file::ProjectFile;
pub use roll_forward::{RollForward, resolve_in_order, runtime_ranges};
pub use runtime_config::{ASPNETCORE, Framework, NETCORE, RuntimeConfig};
pub use settings::{
    FRAMEWORK_VERSION, PROJECT_PATH, PUBLISH_FLAGS, ROLL_FORWARD, RUNTIME_VERSION, SDK_VERSION,
};
