//! What stowage/thin tells a user.

use std::path::Path;
use stowage_kit::Error;

pub(crate) fn config_not_found(file: &Path, variable: &str) -> Error {
    Error::new(
        "thin/config-not-found",
        "Thin's configuration file was not found",
        format!(
            "{variable} names the file Thin starts with (`thin -C`), absolute or relative to \
             the app's root. Add the file to the app, correct the path, or unset {variable} \
             to use the app's thin.yml (if any)."
        ),
    )
    .file(file)
    .variable(variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well() {
        insta::assert_snapshot!(
            config_not_found(
                Path::new("/workspace/config/thin.yml"),
                "BP_THIN_CONFIG_LOCATION"
            )
            .render()
        );
    }
}
