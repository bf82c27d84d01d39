//! The errors this buildpack reports, beyond the kit's and the .NET family's.

use stowage_kit::Error;

pub(crate) fn missing_framework(framework: &str, version: &str) -> Error {
    Error::new(
        "dotnet-core-aspnet-runtime/missing-framework",
        format!("The .NET runtime {version} has no {framework}"),
        format!(
            "The app's runtimeconfig.json names {framework}, which the installed runtime does \
             not carry. Check the dependency mapping or mirror serving the runtime: it must be \
             the ASP.NET Core runtime archive, which carries both shared frameworks."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_well() {
        insta::assert_snapshot!(missing_framework("Microsoft.AspNetCore.App", "3.1.23").render());
    }
}
