//! Entries of dependencies built from upstream sources (nginx, httpd, PHP, Ruby, Bundler):
//! the retriever verifies the source release; the entry is written from a built artifact the
//! maintainer names with `--artifact <id>@<version>[/<arch>[/<stack>]]=<url>`.

use super::errors::{ambiguous_artifact, bad_artifact_option};
use super::http::Http;
use super::retriever::{Release, VerifiedSource, from_template, purl_for};
use stowage_kit::Error;
use stowage_kit::checksum::Algorithm;
use stowage_kit::inventory::Dependency;

/// A built artifact of one release, for the platforms it names (all when none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub id: String,
    pub version: semver::Version,
    pub arch: Option<String>,
    pub stack: Option<String>,
    pub url: String,
}

impl std::str::FromStr for Artifact {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = || bad_artifact_option(text);
        let (key, url) = text.split_once('=').ok_or_else(bad)?;
        let (id, rest) = key.split_once('@').ok_or_else(bad)?;
        let mut parts = rest.split('/');
        let version = parts
            .next()
            .and_then(|version| semver::Version::parse(version).ok())
            .ok_or_else(bad)?;
        let arch = parts.next().map(ToString::to_string);
        let stack = parts.next().map(ToString::to_string);
        if id.is_empty() || parts.next().is_some() || !url.contains("://") {
            return Err(bad());
        }
        Ok(Self {
            id: id.to_string(),
            version,
            arch,
            stack,
            url: url.to_string(),
        })
    }
}

impl Artifact {
    fn fits(&self, release: &Release, template: &Dependency) -> bool {
        self.id == template.id
            && self.version == release.version
            && self
                .arch
                .as_ref()
                .is_none_or(|arch| template.arch.as_ref() == Some(arch))
            && self
                .stack
                .as_ref()
                .is_none_or(|stack| template.stacks.contains(stack))
    }

    /// How the option names the platform of `template`, for the plan's hint.
    pub(super) fn hint(release: &Release, template: &Dependency) -> String {
        let mut key = format!("{}@{}", template.id, release.version);
        if let Some(arch) = &template.arch {
            key = format!("{key}/{arch}");
            if let [stack] = template.stacks.as_slice()
                && stack != "*"
            {
                key = format!("{key}/{stack}");
            }
        }
        format!("--artifact {key}=<url>")
    }
}

/// The artifact given for `release` on `template`'s platform; two that fit are an error.
pub(super) fn artifact_for<'a>(
    artifacts: &'a [Artifact],
    release: &Release,
    template: &Dependency,
) -> Result<Option<&'a Artifact>, Error> {
    let fitting: Vec<&Artifact> = artifacts
        .iter()
        .filter(|artifact| artifact.fits(release, template))
        .collect();
    match fitting.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        [first, second, ..] => Err(ambiguous_artifact(
            &Artifact::hint(release, template),
            &first.url,
            &second.url,
        )),
    }
}

/// The entry for a built artifact: its checksum computed from the downloaded bytes, the
/// verified source, identifiers pointing at the source as Paketo's do.
pub(super) fn entry(
    release: &Release,
    template: &Dependency,
    source: &VerifiedSource,
    artifact: &Artifact,
    http: &Http,
) -> Result<Dependency, Error> {
    let what = format!("the built {} {}", template.id, release.version);
    let digests = http.artifact("the artifact store", &what, &artifact.url)?;
    let mut entry = from_template(
        template,
        release,
        &artifact.url,
        digests.checksum(Algorithm::Sha256),
    );
    entry.source = Some(source.url.clone());
    entry.source_checksum = Some(source.checksum.clone());
    entry.purl = purl_for(
        template,
        &release.version.to_string(),
        &source.checksum.hex,
        &source.url,
    );
    // No upstream schedule: a release of the same minor line keeps the line's date.
    if entry.deprecation_date.is_none()
        && template.version.major == release.version.major
        && template.version.minor == release.version.minor
    {
        entry
            .deprecation_date
            .clone_from(&template.deprecation_date);
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::Artifact;

    #[test]
    fn artifact_options_name_id_version_and_platform() {
        let artifact: Artifact =
            "nginx@1.31.4/amd64/io.buildpacks.stacks.jammy=https://x/n.tgz?a=b"
                .parse()
                .expect("valid");
        assert_eq!(artifact.id, "nginx");
        assert_eq!(artifact.version.to_string(), "1.31.4");
        assert_eq!(artifact.arch.as_deref(), Some("amd64"));
        assert_eq!(
            artifact.stack.as_deref(),
            Some("io.buildpacks.stacks.jammy")
        );
        assert_eq!(artifact.url, "https://x/n.tgz?a=b");
        let any: Artifact = "bundler@2.7.3=https://x/b.tgz".parse().expect("valid");
        assert_eq!((any.arch, any.stack), (None, None));
        for bad in [
            "nginx=https://x",
            "nginx@1.31=https://x",
            "@1.31.4=https://x",
            "nginx@1.31.4",
            "nginx@1.31.4=n.tgz",
            "nginx@1.31.4/amd64/jammy/extra=https://x",
        ] {
            let error = bad.parse::<Artifact>().expect_err(bad);
            assert_eq!(error.id, "update/bad-artifact-option", "{bad}");
        }
    }
}
