//! The update command's errors: each names the upstream and what was asked of it, and says
//! that nothing was written for that dependency.

use std::path::Path;
use stowage_kit::Error;
use stowage_kit::checksum::Checksum;

const NOTHING_WRITTEN: &str =
    "Nothing was written for this dependency; the others were still updated.";

pub(super) fn upstream_failed(upstream: &str, what: &str, url: &str, cause: &Error) -> Error {
    let detail = cause.body.lines().next().unwrap_or_default();
    Error::new(
        "update/upstream-failed",
        format!("Could not get {what} from {upstream}"),
        format!(
            "{}: {detail}\n\n{NOTHING_WRITTEN} Run the command again later, or check that this\n\
             machine reaches {upstream} (HTTPS_PROXY / HTTP_PROXY if it needs a proxy).",
            cause.header
        ),
    )
    .url(url)
}

pub(super) fn unexpected_answer(upstream: &str, what: &str, url: &str, why: &str) -> Error {
    Error::new(
        "update/unexpected-answer",
        format!("{upstream} answered something unexpected for {what}"),
        format!(
            "{why}.\n\n{NOTHING_WRITTEN} If the upstream changed its format, the retriever in\n\
             scripts/src/update/ needs changing too."
        ),
    )
    .url(url)
}

pub(super) fn checksum_mismatch(
    upstream: &str,
    what: &str,
    url: &str,
    published: &str,
    computed: &Checksum,
) -> Error {
    Error::new(
        "update/checksum-mismatch",
        format!("The download of {what} does not match the checksum {upstream} publishes"),
        format!(
            "Published: {published}\nDownloaded: {computed}\n\n{NOTHING_WRITTEN} The file may have \
             been corrupted or tampered with on the way: do not add it by hand."
        ),
    )
    .url(url)
}

pub(super) fn bad_signature(upstream: &str, what: &str, url: &str, why: &str) -> Error {
    Error::new(
        "update/bad-signature",
        format!("The signature of {what} from {upstream} does not verify"),
        format!(
            "{why}.\n\n{NOTHING_WRITTEN} Its checksums are not trusted. If Node.js added a \
             releaser,\nadd their key to scripts/src/update/nodejs-keys/ (see the README there)."
        ),
    )
    .url(url)
}

pub(super) fn invalid_result(file: &Path, problems: &[String]) -> Error {
    Error::new(
        "update/invalid-result",
        "The updated metadata would not pass the checks; it was not written",
        format!("Problems:\n- {}", problems.join("\n- ")),
    )
    .file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        let checksum: Checksum =
            "sha256:0000000000000000000000000000000000000000000000000000000000000000"
                .parse()
                .expect("valid");
        insta::assert_snapshot!(
            checksum_mismatch(
                "Maven Central",
                "apache-maven 3.9.17",
                "https://repo1.maven.org/maven2/org/apache/maven/apache-maven/3.9.17/apache-maven-3.9.17-bin.tar.gz",
                "sha512:abcd",
                &checksum
            )
            .render()
        );
        insta::assert_snapshot!(
            bad_signature(
                "nodejs.org",
                "SHASUMS256.txt of v22.1.0",
                "https://nodejs.org/dist/v22.1.0/SHASUMS256.txt.asc",
                "no key in scripts/src/update/nodejs-keys/ made this signature"
            )
            .render()
        );
    }
}
