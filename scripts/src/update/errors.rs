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

/// `keys` names the folder of release keys (`nodejs-keys`) and whose they are.
pub(super) fn bad_signature(
    upstream: &str,
    what: &str,
    url: &str,
    why: &str,
    keys: (&str, &str),
) -> Error {
    let (folder, project) = keys;
    Error::new(
        "update/bad-signature",
        format!("The signature of {what} from {upstream} does not verify"),
        format!(
            "{why}.\n\n{NOTHING_WRITTEN} What it signs is not trusted. If {project} added a \
             releaser,\nadd their key to scripts/src/update/{folder}/ (see the README there)."
        ),
    )
    .url(url)
}

pub(super) fn bad_artifact_option(text: &str) -> Error {
    Error::new(
        "update/bad-artifact-option",
        format!("`--artifact {text}` does not name a built artifact"),
        "Write it as `--artifact <id>@<version>[/<arch>[/<stack>]]=<url>`, e.g.\n\
         `--artifact nginx@1.31.4/amd64/io.buildpacks.stacks.jammy=https://…/nginx.tgz`; the\n\
         version is the full release (1.31.4), the URL where the artifact built from its\n\
         source can be downloaded.",
    )
}

pub(super) fn unused_artifact(artifact: &super::built::Artifact) -> Error {
    Error::new(
        "update/unused-artifact",
        format!(
            "The built artifact given for {} {} was not used",
            artifact.id, artifact.version
        ),
        format!(
            "{}\nfits no source release due: the version is not among the newest patches\n\
             the file tracks, is already present, or the architecture or stack names no\n\
             entry. The plan's `>` lines name each artifact due as `--artifact …=<url>`.",
            artifact.url
        ),
    )
}

pub(super) fn ambiguous_artifact(platform: &str, first: &str, second: &str) -> Error {
    Error::new(
        "update/ambiguous-artifact",
        "Two built artifacts are given for one platform",
        format!(
            "Both {first}\nand {second}\nfit `{platform}`. {NOTHING_WRITTEN} Name the \
             architecture and stack of each\n(`<id>@<version>/<arch>/<stack>=<url>`)."
        ),
    )
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
                "no key in scripts/src/update/nodejs-keys/ made this signature",
                ("nodejs-keys", "Node.js")
            )
            .render()
        );
        insta::assert_snapshot!(bad_artifact_option("nginx@1.31=x").render());
        insta::assert_snapshot!(
            ambiguous_artifact(
                "--artifact nginx@1.31.4/amd64=<url>",
                "https://a/1.tgz",
                "https://a/2.tgz"
            )
            .render()
        );
    }
}
