//! The errors and warnings this buildpack reports, beyond the ones the kit and the JVM crate make.

use crate::version_request::VersionRequest;
use stowage_kit::Error;

pub(crate) const JVM_TYPE_VARIABLE: &str = "BP_JVM_TYPE";

pub(crate) fn unreadable_file(name: &str, error: &std::io::Error) -> Error {
    Error::new(
        "jvm/unreadable-version-file",
        format!("{name} could not be read"),
        format!(
            "The Java version is read from {name}, but reading it failed: {error}.\n\
             Make the file readable, or set BP_JVM_VERSION to choose the version."
        ),
    )
    .file(name)
}

/// Nothing in the inventory for `request` of `kind` (`JDK` or `JRE`); `available` lists the
/// versions there are for this platform, newest first.
pub(crate) fn version_unavailable(
    request: &VersionRequest,
    kind: &str,
    available: &[String],
) -> Error {
    let listed = if available.is_empty() {
        "  none".to_string()
    } else {
        available
            .iter()
            .map(|version| format!("  {version}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    request.point_at(Error::new(
        "jvm/version-unavailable",
        format!(
            "No {kind} is available for Java `{}` (from {})",
            request.version, request.source
        ),
        format!(
            "{kind} versions this buildpack offers for this platform, newest first:\n{listed}\n\n\
             Ask for one of these with BP_JVM_VERSION, as a major version such as `17` or an \
             exact version, or change {}.",
            request.source
        ),
    ))
}

pub(crate) fn jdk_as_jre(version: &str) -> Error {
    Error::new(
        "jvm/jdk-as-jre",
        format!("No JRE is available for Java {version}; the app runs on the JDK instead"),
        "The image is larger than with a JRE. Choose a Java version that has a JRE with \
         BP_JVM_VERSION to get one.",
    )
    .variable("BP_JVM_VERSION")
}

pub(crate) fn unknown_jvm_type(value: &str) -> Error {
    Error::new(
        "jvm/unknown-jvm-type",
        format!("{JVM_TYPE_VARIABLE}={value} is not a JVM type"),
        format!(
            "Set {JVM_TYPE_VARIABLE} to JRE (the default: a runtime in the image) or JDK (the \
             whole development kit in the image), or unset it."
        ),
    )
    .variable(JVM_TYPE_VARIABLE)
}

pub(crate) fn class_count_unknown(java_home: &str) -> Error {
    Error::new(
        "jvm/class-count-unknown",
        "Could not count the runtime's classes; the memory calculator counts only the app's",
        format!(
            "Neither {java_home}/lib/modules nor the jars in {java_home}/lib could be read.\n\
             The metaspace may be sized too small: set BPL_JVM_LOADED_CLASS_COUNT at launch \
             to the number of classes the app loads."
        ),
    )
}

/// The runtime's trust store could not be rewritten at build.
pub(crate) fn truststore_not_written(file: &std::path::Path, cause: &std::io::Error) -> Error {
    Error::new(
        "jvm/cacerts-not-written",
        format!(
            "The runtime's trust store {} could not be written",
            file.display()
        ),
        "The build image's CA certificates and ca-certificates bindings go into it for the build.\n\
         Check the free space of the build's layers volume and build again.",
    )
    .file(file)
    .debug(cause)
}

/// The JDK could not list its modules for jlink.
pub(crate) fn jlink_modules_unknown(detail: &str) -> Error {
    Error::new(
        "jvm/jlink-failed",
        "The JDK's modules could not be listed for jlink",
        "`java --list-modules` of the JDK failed. Name the modules yourself with\n\
         BP_JVM_JLINK_ARGS=\"--add-modules <modules> …\", or unset BP_JVM_JLINK_ENABLED to run on the JRE.",
    )
    .variable("BP_JVM_JLINK_ARGS")
    .debug(detail.trim())
}

/// jlink is enabled but the inventory has no JDK for the version.
pub(crate) fn jlink_needs_a_jdk() -> Error {
    Error::new(
        "jvm/jlink-unsupported",
        "jlink needs a JDK, and none is offered for this Java version",
        "Ask for a Java version that has a JDK with BP_JVM_VERSION, or unset BP_JVM_JLINK_ENABLED\n\
         to run on the JRE.",
    )
    .variable("BP_JVM_JLINK_ENABLED")
}

/// jlink needs Java 9 or later; the JRE is installed instead.
pub(crate) fn jlink_needs_java_9(version: &str) -> Error {
    Error::new(
        "jvm/jlink-unsupported",
        format!("jlink is not available for Java {version}; installing the JRE"),
        "jlink came with Java 9. Ask for Java 9 or later with BP_JVM_VERSION to make a runtime with\n\
         jlink, or unset BP_JVM_JLINK_ENABLED.",
    )
    .variable("BP_JVM_JLINK_ENABLED")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version_request::Source;

    #[test]
    fn every_error_reads_well() {
        let request = VersionRequest {
            version: "16".to_string(),
            source: Source::Sdkmanrc,
        };
        let errors = [
            unreadable_file(
                ".sdkmanrc",
                &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            ),
            version_unavailable(&request, "JRE", &["21.0.11".into(), "17.0.19".into()]),
            version_unavailable(&request, "JDK", &[]),
            jdk_as_jre("17.0.19"),
            unknown_jvm_type("server"),
            class_count_unknown("/layers/stowage_jvm/jre"),
            truststore_not_written(
                std::path::Path::new("/layers/stowage_jvm/jdk/lib/security/cacerts"),
                &std::io::Error::from(std::io::ErrorKind::StorageFull),
            ),
            jlink_modules_unknown("Error: could not create the Java Virtual Machine.\n"),
            jlink_needs_a_jdk(),
            jlink_needs_java_9("8.0.492"),
        ];
        let rendered: Vec<String> = errors.iter().map(Error::render).collect();
        insta::assert_snapshot!(rendered.join("\n----\n"));
    }
}
