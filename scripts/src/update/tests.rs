//! Every retriever against recorded upstream answers (`scripts/tests/fixtures/update/`)
//! served on 127.0.0.1 by the test mirror; nothing here reaches the internet.

mod source_built;

use super::signature::tests::{clearsign, detached_sign, test_key};
use super::{Artifact, FilePlan, Http, Upstreams, render, summary, update};
use std::path::{Path, PathBuf};
use std::time::Duration;
use stowage_kit::fetch::{FetchOptions, TrustSources};
use stowage_test_mirror::{Fault, Mirror};

/// The fixtures served, the metadata folder, and upstreams pointing at the mirror.
struct World {
    dir: tempfile::TempDir,
    mirror: Mirror,
    upstreams: Upstreams,
}

const PUBLIC_HOSTS: [(&str, &str); 4] = [
    ("https://cache.ruby-lang.org/pub/ruby", "ruby-cache"),
    ("https://registry.npmjs.org", "npm-tarballs"),
    (
        "https://github.com/bell-sw/Liberica/releases/download",
        "github",
    ),
    ("https://builds.dotnet.microsoft.com/dotnet", "dotnet"),
];

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let served = dir.path().join("served");
        copy_tree(&fixtures(), &served);
        let mirror = Mirror::start_tls(&served);
        fs_err::write(dir.path().join("ca.pem"), mirror.ca_pem().expect("ca")).expect("ca");
        // Recorded answers name the public hosts of the files they list; serve those here.
        for file in [
            "npm/pnpm",
            "bellsoft/v1/liberica/releases",
            "dotnet/release-metadata/releases-index.json",
            "dotnet/release-metadata/8.0/releases.json",
            "ruby/releases.yml",
        ] {
            let path = served.join(file);
            let mut text = fs_err::read_to_string(&path).expect("fixture");
            for (host, folder) in PUBLIC_HOSTS {
                text = text.replace(host, &mirror.uri(folder));
            }
            fs_err::write(&path, text).expect("write");
        }
        let keys = dir.path().join("keys");
        fs_err::create_dir_all(&keys).expect("keys");
        let releaser = test_key(11);
        let public = releaser
            .to_public_key()
            .to_armored_string(pgp::composed::ArmorOptions::default())
            .expect("armor");
        fs_err::write(keys.join("releaser.asc"), public).expect("key");
        let shasums = served.join("nodejs/v22.2.0/SHASUMS256.txt");
        let text = fs_err::read_to_string(&shasums).expect("shasums");
        fs_err::write(
            served.join("nodejs/v22.2.0/SHASUMS256.txt.asc"),
            clearsign(&text, &releaser),
        )
        .expect("asc");
        // nginx's source, signed by a releaser whose key is the only one kept.
        let nginx_keys = dir.path().join("nginx-keys");
        fs_err::create_dir_all(&nginx_keys).expect("keys");
        let nginx_releaser = test_key(12);
        fs_err::write(
            nginx_keys.join("nginx.asc"),
            nginx_releaser
                .to_public_key()
                .to_armored_string(pgp::composed::ArmorOptions::default())
                .expect("armor"),
        )
        .expect("key");
        let tarball = served.join("nginx/download/nginx-1.31.4.tar.gz");
        fs_err::write(
            served.join("nginx/download/nginx-1.31.4.tar.gz.asc"),
            detached_sign(&fs_err::read(&tarball).expect("tarball"), &nginx_releaser),
        )
        .expect("asc");
        fs_err::create_dir_all(dir.path().join("metadata")).expect("metadata");
        let upstreams = Upstreams {
            npm: mirror.uri("npm"),
            maven: mirror.uri("maven"),
            nodejs: mirror.uri("nodejs"),
            nodejs_schedule: mirror.uri("nodejs-release/schedule.json"),
            nodejs_keys: keys,
            bellsoft: mirror.uri("bellsoft"),
            dotnet: mirror.uri("dotnet/release-metadata"),
            composer: mirror.uri("composer"),
            packagist: mirror.uri("packagist"),
            apache: mirror.uri("apache"),
            rubygems: mirror.uri("rubygems"),
            ruby: mirror.uri("ruby"),
            php: mirror.uri("php"),
            nginx: mirror.uri("nginx"),
            nginx_keys,
        };
        Self {
            dir,
            mirror,
            upstreams,
        }
    }

    fn served(&self, path: &str) -> PathBuf {
        self.dir.path().join("served").join(path)
    }

    fn metadata(&self) -> PathBuf {
        self.dir.path().join("metadata")
    }

    fn file(&self, name: &str, text: &str) {
        fs_err::write(self.metadata().join(name), text).expect("metadata file");
    }

    fn read(&self, name: &str) -> String {
        fs_err::read_to_string(self.metadata().join(name))
            .expect("metadata file")
            .replace(&self.mirror.url(), "https://mirror")
    }

    fn run(&self, dry_run: bool) -> Vec<FilePlan> {
        self.run_with(dry_run, &[])
    }

    /// A run given built artifacts, each `<id>@<version>[/<arch>[/<stack>]]=<file in built/>`.
    fn run_with(&self, dry_run: bool, artifacts: &[&str]) -> Vec<FilePlan> {
        let artifacts: Vec<Artifact> = artifacts
            .iter()
            .map(|text| {
                let (key, file) = text.split_once('=').expect("key=file");
                format!("{key}={}", self.mirror.uri(&format!("built/{file}")))
                    .parse()
                    .expect("artifact")
            })
            .collect();
        let http = Http::new(FetchOptions {
            attempts: 2,
            backoff: Duration::from_millis(5),
            max_wait: Duration::from_millis(20),
            trust: TrustSources {
                cert_file: Some(self.dir.path().join("ca.pem")),
                cert_dirs: Vec::new(),
            },
            ..FetchOptions::default()
        })
        .expect("http");
        update(
            &self.metadata(),
            &[],
            dry_run,
            &artifacts,
            &self.upstreams,
            &http,
        )
        .expect("update")
    }

    /// The plan, with the mirror's address and the test keys' fingerprints (they change
    /// with the time the key is made) written the same every run.
    fn report(&self, plans: &[FilePlan]) -> String {
        let text = format!("{}\n{}", render(plans), summary(plans))
            .replace(&self.mirror.url(), "https://mirror");
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find('(') {
            let candidate = rest[start + 1..].get(..41);
            out.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
            if let Some(hex) = candidate.and_then(|c| c.strip_suffix(')'))
                && hex.chars().all(|c| c.is_ascii_hexdigit())
            {
                out.push_str("<fingerprint>");
                rest = &rest[40..];
            }
        }
        out.push_str(rest);
        out
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/update")
}

fn copy_tree(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).expect("mkdir");
    for entry in fs_err::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs_err::copy(entry.path(), target).expect("copy");
        }
    }
}

const PNPM: &str = r#"# pnpm, from the npm registry.

dependency-constraints = [
    { constraint = "9.*", id = "pnpm", patches = 1 },
    { constraint = "10.*", id = "pnpm", patches = 1 },
]

[default-versions]
pnpm = "10.*"

[[dependencies]]
id = "pnpm"
name = "pnpm"
version = "9.15.9"
uri = "https://registry.npmjs.org/pnpm/-/pnpm-9.15.9.tgz"
checksum = "sha512:68046141893c66fad01c079231128e9afb89ef87e2691d69e4d40eee228988295fd4682181bae55b58418c3a253bde65a505ec7c5f9403ece5cc3cd37dcf2531"
source = "https://registry.npmjs.org/pnpm/-/pnpm-9.15.9.tgz"
source-checksum = "sha512:68046141893c66fad01c079231128e9afb89ef87e2691d69e4d40eee228988295fd4682181bae55b58418c3a253bde65a505ec7c5f9403ece5cc3cd37dcf2531"
os = "linux"
stacks = ["*"]
cpe = "cpe:2.3:a:pnpm:pnpm:9.15.9:*:*:*:*:*:*:*"
purl = "pkg:npm/pnpm@9.15.9"
licenses = ["MIT"]
strip-components = 1

[[dependencies]]
id = "pnpm"
name = "pnpm"
version = "10.1.0"
uri = "https://registry.npmjs.org/pnpm/-/pnpm-10.1.0.tgz"
checksum = "sha512:f49b5a8ea0fdedb44bb3c0c1d6575092a53c2950d95b7ad15df11f17974877a2de3a01c07e934e9b28ce716e51c09a94962c7306d09be2e1e4b18a8c8762fd32"
source = "https://registry.npmjs.org/pnpm/-/pnpm-10.1.0.tgz"
source-checksum = "sha512:f49b5a8ea0fdedb44bb3c0c1d6575092a53c2950d95b7ad15df11f17974877a2de3a01c07e934e9b28ce716e51c09a94962c7306d09be2e1e4b18a8c8762fd32"
os = "linux"
stacks = ["*"]
cpe = "cpe:2.3:a:pnpm:pnpm:10.1.0:*:*:*:*:*:*:*"
purl = "pkg:npm/pnpm@10.1.0"
licenses = ["MIT"]
strip-components = 1
"#;

const MAVEN: &str = r#"[default-versions]
maven = "3.*"

[[dependencies]]
checksum = "sha256:80ffca22aed9e8b9713a232f3394fd81d7f20322df75efdb2b047dbd3e3a23bb"
cpe = "cpe:2.3:a:apache:maven:3.9.16:*:*:*:*:*:*:*"
id = "maven"
licenses = ["Apache-2.0"]
name = "Apache Maven"
purl = "pkg:generic/apache-maven@3.9.16"
source = "https://repo1.maven.org/maven2/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-src.tar.gz"
source-checksum = "sha256:f7031b091ad75a226a06a0c092cbf05860dcfc16d140e6da997e6c6b62dbd03c"
stacks = ["*"]
strip-components = 1
uri = "https://repo1.maven.org/maven2/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.tar.gz"
version = "3.9.16"

[[dependencies]]
checksum = "sha256:fc1d150b01999f096629bbaf48e8ae434d004d5dc36c33962bc8be6579d3f91d"
cpe = "cpe:2.3:a:apache:maven:4.0.0:*:*:*:*:*:*:*"
id = "maven"
licenses = ["Apache-2.0"]
name = "Apache Maven"
purl = "pkg:generic/apache-maven@4.0.0"
stacks = ["*"]
strip-components = 1
uri = "https://repo1.maven.org/maven2/org/apache/maven/apache-maven/4.0.0-rc-6/apache-maven-4.0.0-rc-6-bin.tar.gz"
version = "4.0.0"

[[dependencies]]
checksum = "sha256:1a1c2ad0de53669c6d2bf64e2b6bcc7cb96f592c543230f00b4209002b19083c"
id = "mvnd"
name = "Apache Maven Daemon"
stacks = ["*"]
uri = "https://github.com/apache/maven-mvnd/releases/download/1.0.6/maven-mvnd-1.0.6-linux-amd64.zip"
version = "1.0.6"
"#;

const NODE: &str = r#"dependency-constraints = [
    { constraint = "20.*", id = "node", patches = 1 },
    { constraint = "22.*", id = "node", patches = 1 },
]

[default-versions]
node = "22.*.*"

[[dependencies]]
arch = "amd64"
checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000020"
cpe = "cpe:2.3:a:nodejs:node.js:20.1.0:*:*:*:*:*:*:*"
id = "node"
licenses = [
    "MIT",
    "ISC",
]
os = "linux"
purl = "pkg:generic/node@v20.1.0?checksum=0000000000000000000000000000000000000000000000000000000000000020&download_url=https://nodejs.org/dist/v20.1.0/node-v20.1.0-linux-x64.tar.xz"
source = "https://nodejs.org/dist/v20.1.0/node-v20.1.0-linux-x64.tar.xz"
source-checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000020"
stacks = [
    "*",
]
strip-components = 1
uri = "https://nodejs.org/dist/v20.1.0/node-v20.1.0-linux-x64.tar.xz"
version = "20.1.0"

[[dependencies]]
arch = "amd64"
checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000022"
cpe = "cpe:2.3:a:nodejs:node.js:22.1.0:*:*:*:*:*:*:*"
deprecation_date = "2027-04-30T00:00:00Z"
id = "node"
licenses = [
    "MIT",
    "ISC",
]
os = "linux"
purl = "pkg:generic/node@v22.1.0?checksum=0000000000000000000000000000000000000000000000000000000000000022&download_url=https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz"
source = "https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz"
source-checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000022"
stacks = [
    "*",
]
strip-components = 1
uri = "https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz"
version = "22.1.0"
"#;

const JVM: &str = r#"[default-versions]
jdk = "21.*"

[[dependencies]]
arch = "amd64"
checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000021"
cpe = "cpe:2.3:a:oracle:jdk:21.0.11:*:*:*:*:*:*:*"
id = "jdk"
licenses = ["GPL-2.0 WITH Classpath-exception-2.0"]
name = "BellSoft Liberica JDK"
purl = "pkg:generic/bellsoft-jdk@21.0.11?arch=amd64"
source = "https://github.com/bell-sw/Liberica/releases/download/21.0.11+10/bellsoft-jdk21.0.11+10-src.tar.gz"
source-checksum = "sha256:0000000000000000000000000000000000000000000000000000000000000021"
stacks = ["*"]
strip-components = 1
uri = "https://github.com/bell-sw/Liberica/releases/download/21.0.11+10/bellsoft-jdk21.0.11+10-linux-amd64.tar.gz"
version = "21.0.11"
"#;

/// Paketo's 8.0 SDK entries (one per architecture) and its ASP.NET Core runtime.
const DOTNET: &str = r#"dependency-constraints = [
    { constraint = "8.0.*", id = "dotnet-sdk", patches = 1 },
    { constraint = "8.0.*", id = "aspnetcore-runtime", patches = 1 },
]

[default-versions]
dotnet-sdk = "8.*"

[[dependencies]]
arch = "amd64"
checksum = "sha512:6503fd9f464d5e3a4f43a881d2b74afc6a2c46ceda74d027f1565b7239f4b3ec884857c03c0dcd49eb52f384d5ae1fa5aaf135f0a6aabc5518103aceed643c74"
cpe = "cpe:2.3:a:microsoft:.net:8.0.424:*:*:*:*:*:*:*"
deprecation_date = "2026-11-10T00:00:00Z"
id = "dotnet-sdk"
licenses = ["MIT", "MIT-0"]
name = ".NET Core SDK"
os = "linux"
purl = "pkg:generic/dotnet-core-sdk@8.0.424?checksum=6503fd9f&download_url=https://builds.dotnet.microsoft.com/dotnet/Sdk/8.0.424/dotnet-sdk-8.0.424-linux-x64.tar.gz"
source = "https://builds.dotnet.microsoft.com/dotnet/Sdk/8.0.424/dotnet-sdk-8.0.424-linux-x64.tar.gz"
source-checksum = "sha512:6503fd9f464d5e3a4f43a881d2b74afc6a2c46ceda74d027f1565b7239f4b3ec884857c03c0dcd49eb52f384d5ae1fa5aaf135f0a6aabc5518103aceed643c74"
stacks = ["*"]
uri = "https://builds.dotnet.microsoft.com/dotnet/Sdk/8.0.424/dotnet-sdk-8.0.424-linux-x64.tar.gz"
version = "8.0.424"

[[dependencies]]
arch = "arm64"
checksum = "sha512:0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a424"
cpe = "cpe:2.3:a:microsoft:.net:8.0.424:*:*:*:*:*:*:*"
deprecation_date = "2026-11-10T00:00:00Z"
id = "dotnet-sdk"
licenses = ["MIT", "MIT-0"]
name = ".NET Core SDK"
os = "linux"
purl = "pkg:generic/dotnet-core-sdk@8.0.424?checksum=0a424&download_url=https://builds.dotnet.microsoft.com/dotnet/Sdk/8.0.424/dotnet-sdk-8.0.424-linux-arm64.tar.gz"
source = "https://builds.dotnet.microsoft.com/dotnet/Sdk/8.0.424/dotnet-sdk-8.0.424-linux-arm64.tar.gz"
source-checksum = "sha512:0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a424"
stacks = ["*"]
uri = "https://builds.dotnet.microsoft.com/dotnet/Sdk/8.0.424/dotnet-sdk-8.0.424-linux-arm64.tar.gz"
version = "8.0.424"

[[dependencies]]
arch = "amd64"
checksum = "sha512:000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a4"
cpe = "cpe:2.3:a:microsoft:asp.net_core:8.0.24:*:*:*:*:*:*:*"
id = "aspnetcore-runtime"
licenses = ["MIT"]
name = "ASP.NET Core Runtime"
os = "linux"
purl = "pkg:generic/aspnetcore-runtime@8.0.24?checksum=a4&download_url=https://builds.dotnet.microsoft.com/dotnet/aspnetcore/Runtime/8.0.24/aspnetcore-runtime-8.0.24-linux-x64.tar.gz"
source = "https://builds.dotnet.microsoft.com/dotnet/aspnetcore/Runtime/8.0.24/aspnetcore-runtime-8.0.24-linux-x64.tar.gz"
source-checksum = "sha512:000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a4"
stacks = ["*"]
uri = "https://builds.dotnet.microsoft.com/dotnet/aspnetcore/Runtime/8.0.24/aspnetcore-runtime-8.0.24-linux-x64.tar.gz"
version = "8.0.24"
"#;

/// Paketo's Composer entry, one release behind.
const COMPOSER: &str = r#"dependency-constraints = [
    { constraint = "2.*", id = "composer", patches = 2 },
]

[default-versions]
composer = "*"

[[dependencies]]
checksum = "sha256:345b9c6a98da5c30dcbd4b0d99fc8710bf0ae98a3898eea18f7b2ad9dec93f06"
cpe = "cpe:2.3:a:getcomposer:composer:2.10.1:*:*:*:*:python:*:*"
id = "composer"
licenses = ["MIT"]
name = "composer"
purl = "pkg:generic/composer@2.10.1?checksum=345b9c6a98da5c30dcbd4b0d99fc8710bf0ae98a3898eea18f7b2ad9dec93f06&download_url=https://getcomposer.org/download/2.10.1/composer.phar"
source = "https://getcomposer.org/download/2.10.1/composer.phar"
source-checksum = "sha256:345b9c6a98da5c30dcbd4b0d99fc8710bf0ae98a3898eea18f7b2ad9dec93f06"
stacks = ["*"]
uri = "https://getcomposer.org/download/2.10.1/composer.phar"
version = "2.10.1"

[[dependencies]]
checksum = "sha256:5ee7125f8a30a34d246cefdc0bc85b8a783b28f2aec968994118512350d28027"
cpe = "cpe:2.3:a:getcomposer:composer:2.10.2:*:*:*:*:python:*:*"
id = "composer"
licenses = ["MIT"]
name = "composer"
purl = "pkg:generic/composer@2.10.2?checksum=5ee7125f8a30a34d246cefdc0bc85b8a783b28f2aec968994118512350d28027&download_url=https://getcomposer.org/download/2.10.2/composer.phar"
source = "https://getcomposer.org/download/2.10.2/composer.phar"
source-checksum = "sha256:5ee7125f8a30a34d246cefdc0bc85b8a783b28f2aec968994118512350d28027"
stacks = ["*"]
uri = "https://getcomposer.org/download/2.10.2/composer.phar"
version = "2.10.2"
"#;

#[test]
fn dotnet_newest_sdk_band_and_runtime_per_architecture_with_end_of_support() {
    let world = World::new();
    world.file("dotnet.toml", DOTNET);
    let plans = world.run(false);
    insta::assert_snapshot!("dotnet_report", world.report(&plans));
    let written = world.read("dotnet.toml");
    assert!(stowage_kit::inventory::lint(&written).is_empty());
    insta::assert_snapshot!("dotnet_file", written);
}

#[test]
fn a_tampered_dotnet_download_is_refused() {
    let world = World::new();
    world.file("dotnet.toml", DOTNET);
    fs_err::write(
        world.served("dotnet/Sdk/8.0.425/dotnet-sdk-8.0.425-linux-arm64.tar.gz"),
        "tampered",
    )
    .expect("tamper");
    let plans = world.run(false);
    let error = &plans[0].errors[0];
    assert_eq!(error.id, "update/checksum-mismatch");
    assert!(
        error.header.contains(".NET SDK 8.0.425 (linux-arm64)"),
        "{}",
        error.header
    );
    // Nothing of the SDK is written (not even the amd64 entry); the runtime still updates.
    let written = world.read("dotnet.toml");
    assert_eq!(
        written.matches("version = \"8.0.424\"").count(),
        2,
        "{written}"
    );
    assert!(!written.contains("8.0.425"), "{written}");
    assert!(written.contains("version = \"8.0.25\""), "{written}");
}

#[test]
fn composer_newest_release_with_its_published_sha256() {
    let world = World::new();
    world.file("composer.toml", COMPOSER);
    let plans = world.run(false);
    insta::assert_snapshot!("composer_report", world.report(&plans));
    insta::assert_snapshot!("composer_file", world.read("composer.toml"));

    // A checksum file that disagrees with the phar.
    world.file("composer.toml", COMPOSER);
    fs_err::write(
        world.served("composer/download/2.10.3/composer.phar.sha256sum"),
        format!("{}  composer.phar\n", "e".repeat(64)),
    )
    .expect("tamper");
    let plans = world.run(false);
    assert_eq!(plans[0].errors[0].id, "update/checksum-mismatch");
    assert_eq!(world.read("composer.toml"), COMPOSER);
}

#[test]
fn npm_registry_newer_patch_replaces_the_old_one() {
    let world = World::new();
    world.file("pnpm.toml", PNPM);
    let plans = world.run(false);
    insta::assert_snapshot!("npm_report", world.report(&plans));
    let written = world.read("pnpm.toml");
    assert!(stowage_kit::inventory::lint(&written).is_empty());
    insta::assert_snapshot!("npm_file", written);
}

#[test]
fn maven_central_newer_patch_with_verified_sources() {
    let world = World::new();
    world.file("maven.toml", MAVEN);
    let plans = world.run(false);
    insta::assert_snapshot!("maven_report", world.report(&plans));
    insta::assert_snapshot!("maven_file", world.read("maven.toml"));
}

#[test]
fn nodejs_signed_checksums_and_deprecation_dates() {
    let world = World::new();
    world.file("node.toml", NODE);
    let plans = world.run(false);
    insta::assert_snapshot!("nodejs_report", world.report(&plans));
    insta::assert_snapshot!("nodejs_file", world.read("node.toml"));
}

#[test]
fn bellsoft_newer_jdk_with_its_sources() {
    let world = World::new();
    world.file("jvm.toml", JVM);
    let plans = world.run(false);
    insta::assert_snapshot!("bellsoft_report", world.report(&plans));
    insta::assert_snapshot!("bellsoft_file", world.read("jvm.toml"));
}

#[test]
fn dry_run_writes_nothing() {
    let world = World::new();
    world.file("pnpm.toml", PNPM);
    let plans = world.run(true);
    assert!(!plans[0].changes.is_empty());
    assert!(!plans[0].written);
    assert_eq!(world.read("pnpm.toml"), PNPM);
}

#[test]
fn a_tampered_download_is_refused_and_the_other_files_still_update() {
    let world = World::new();
    world.file("pnpm.toml", PNPM);
    world.file("maven.toml", MAVEN);
    fs_err::write(
        world.served("npm-tarballs/pnpm/-/pnpm-10.2.0.tgz"),
        "tampered",
    )
    .expect("tamper");
    let plans = world.run(false);
    let pnpm = plans
        .iter()
        .find(|plan| plan.name == "pnpm.toml")
        .expect("pnpm");
    assert_eq!(pnpm.errors.len(), 1);
    assert_eq!(pnpm.errors[0].id, "update/checksum-mismatch");
    assert!(
        pnpm.errors[0].header.contains("pnpm 10.2.0"),
        "{}",
        pnpm.errors[0].header
    );
    assert!(pnpm.errors[0].header.contains("the npm registry"));
    assert_eq!(world.read("pnpm.toml"), PNPM);
    assert_ne!(
        world.read("maven.toml"),
        MAVEN,
        "maven.toml is still updated"
    );
}

#[test]
fn a_tampered_published_checksum_is_refused() {
    let world = World::new();
    world.file("maven.toml", MAVEN);
    let sha = "maven/org/apache/maven/apache-maven/3.9.17/apache-maven-3.9.17-bin.tar.gz.sha512";
    fs_err::write(world.served(sha), "0".repeat(128)).expect("tamper");
    let plans = world.run(false);
    assert_eq!(plans[0].errors[0].id, "update/checksum-mismatch");
    // Maven keeps its entries; mvnd, the file's other dependency, still updates.
    let written = world.read("maven.toml");
    assert!(!written.contains("3.9.17"), "{written}");
    assert!(written.contains("version = \"3.9.16\""), "{written}");
}

#[test]
fn a_bad_signature_is_refused() {
    let world = World::new();
    world.file("node.toml", NODE);
    // A releaser the repository does not know signed it.
    let shasums = world.served("nodejs/v22.2.0/SHASUMS256.txt");
    let text = fs_err::read_to_string(&shasums).expect("shasums");
    fs_err::write(
        world.served("nodejs/v22.2.0/SHASUMS256.txt.asc"),
        clearsign(&text, &test_key(99)),
    )
    .expect("asc");
    let plans = world.run(false);
    assert_eq!(plans[0].errors.len(), 1);
    let error = &plans[0].errors[0];
    assert_eq!(error.id, "update/bad-signature");
    assert!(error.header.contains("v22.2.0"), "{}", error.header);
    assert!(error.header.contains("nodejs.org"));
    assert!(plans[0].changes.is_empty());
    assert_eq!(world.read("node.toml"), NODE);
}

#[test]
fn a_changed_signed_text_is_refused() {
    let world = World::new();
    world.file("node.toml", NODE);
    let asc = world.served("nodejs/v22.2.0/SHASUMS256.txt.asc");
    let text = fs_err::read_to_string(&asc).expect("asc");
    fs_err::write(&asc, text.replace("darwin-arm64", "darwin-x64")).expect("tamper");
    let plans = world.run(false);
    assert_eq!(plans[0].errors[0].id, "update/bad-signature");
    assert_eq!(world.read("node.toml"), NODE);
}

#[test]
fn an_upstream_down_or_answering_garbage_names_itself() {
    let world = World::new();
    world.file("pnpm.toml", PNPM);
    world.mirror.inject("/npm/pnpm", Fault::Status(503), 2);
    let plans = world.run(false);
    let error = &plans[0].errors[0];
    assert_eq!(error.id, "update/upstream-failed");
    assert_eq!(
        error.header,
        "Could not get the versions of pnpm from the npm registry"
    );
    assert_eq!(world.read("pnpm.toml"), PNPM);

    fs_err::write(world.served("npm/pnpm"), "<html>Service Unavailable</html>").expect("garbage");
    let plans = world.run(false);
    assert_eq!(plans[0].errors[0].id, "update/unexpected-answer");
    assert_eq!(world.read("pnpm.toml"), PNPM);
}

#[test]
fn every_dependency_of_the_metadata_files_but_gradle_has_a_retriever() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let upstreams = Upstreams::from_lookup(&root, |_| None);
    let mut ids = Vec::new();
    for entry in fs_err::read_dir(root.join("dependency-metadata")).expect("metadata") {
        let text = fs_err::read_to_string(entry.expect("entry").path()).expect("file");
        let inventory: stowage_kit::inventory::Inventory = toml::from_str(&text).expect("toml");
        ids.extend(inventory.dependencies.into_iter().map(|entry| entry.id));
    }
    ids.sort();
    ids.dedup();
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| super::retriever_for(id, &upstreams).is_none())
        .collect();
    assert_eq!(missing, ["gradle"]);
}
