//! The `BP_DOTNET_*` variables, Paketo's names.

pub const SDK_VERSION: &str = "BP_DOTNET_SDK_VERSION";
pub const RUNTIME_VERSION: &str = "BP_DOTNET_RUNTIME_VERSION";
/// Deprecated by Paketo, still read: it pins the runtime exactly (no roll-forward).
pub const FRAMEWORK_VERSION: &str = "BP_DOTNET_FRAMEWORK_VERSION";
pub const ROLL_FORWARD: &str = "BP_DOTNET_ROLL_FORWARD";
pub const PROJECT_PATH: &str = "BP_DOTNET_PROJECT_PATH";
pub const PUBLISH_FLAGS: &str = "BP_DOTNET_PUBLISH_FLAGS";
