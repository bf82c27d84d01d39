//! Dependencies built from upstream sources (nginx, httpd, PHP, Ruby, Bundler) and mvnd:
//! the source release is found and verified; the entry is written from a built artifact.

use super::World;

/// Paketo's nginx entries of the 1.31 line (checksums shortened to what the test needs).
const NGINX: &str = r#"dependency-constraints = [
    { constraint = "1.31.*", id = "nginx", patches = 2 },
]

[[dependencies]]
arch = "amd64"
checksum = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
cpe = "cpe:2.3:a:nginx:nginx:1.31.2:*:*:*:*:*:*:*"
deprecation_date = "2027-04-30T00:00:00Z"
id = "nginx"
licenses = ["BSD-2-Clause"]
name = "Nginx Server"
os = "linux"
purl = "pkg:generic/nginx@1.31.2?checksum=2222222222222222222222222222222222222222222222222222222222222222&download_url=https://nginx.org/download/nginx-1.31.2.tar.gz"
source = "https://nginx.org/download/nginx-1.31.2.tar.gz"
source-checksum = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
stacks = ["io.buildpacks.stacks.jammy"]
uri = "https://artifacts.paketo.io/nginx/nginx_1.31.2_linux_amd64_jammy_11111111.tgz"
version = "1.31.2"

[[dependencies]]
arch = "amd64"
checksum = "sha256:3333333333333333333333333333333333333333333333333333333333333333"
cpe = "cpe:2.3:a:nginx:nginx:1.31.3:*:*:*:*:*:*:*"
deprecation_date = "2027-04-30T00:00:00Z"
id = "nginx"
licenses = ["BSD-2-Clause"]
name = "Nginx Server"
os = "linux"
purl = "pkg:generic/nginx@1.31.3?checksum=4444444444444444444444444444444444444444444444444444444444444444&download_url=https://nginx.org/download/nginx-1.31.3.tar.gz"
source = "https://nginx.org/download/nginx-1.31.3.tar.gz"
source-checksum = "sha256:4444444444444444444444444444444444444444444444444444444444444444"
stacks = ["io.buildpacks.stacks.jammy"]
uri = "https://artifacts.paketo.io/nginx/nginx_1.31.3_linux_amd64_jammy_33333333.tgz"
version = "1.31.3"

[[dependencies]]
arch = "amd64"
checksum = "sha256:5555555555555555555555555555555555555555555555555555555555555555"
cpe = "cpe:2.3:a:nginx:nginx:1.31.3:*:*:*:*:*:*:*"
deprecation_date = "2027-04-30T00:00:00Z"
id = "nginx"
licenses = ["BSD-2-Clause"]
name = "Nginx Server"
os = "linux"
purl = "pkg:generic/nginx@1.31.3?checksum=4444444444444444444444444444444444444444444444444444444444444444&download_url=https://nginx.org/download/nginx-1.31.3.tar.gz"
source = "https://nginx.org/download/nginx-1.31.3.tar.gz"
source-checksum = "sha256:4444444444444444444444444444444444444444444444444444444444444444"
stacks = ["io.buildpacks.stacks.noble"]
uri = "https://artifacts.paketo.io/nginx/nginx_1.31.3_linux_amd64_noble_55555555.tgz"
version = "1.31.3"
"#;

const NGINX_BUILT: [&str; 2] = [
    "nginx@1.31.4/amd64/io.buildpacks.stacks.jammy=nginx_1.31.4_linux_amd64_jammy.tgz",
    "nginx@1.31.4/amd64/io.buildpacks.stacks.noble=nginx_1.31.4_linux_amd64_noble.tgz",
];

const HTTPD: &str = r#"dependency-constraints = [
    { constraint = "*", id = "httpd", patches = 1 },
]

[[dependencies]]
arch = "amd64"
checksum = "sha256:634be354c61039d60d0adc512ed5d63cb52360232565674768573bdeba251c0b"
cpe = "cpe:2.3:a:apache:http_server:2.4.68:*:*:*:*:*:*:*"
id = "httpd"
licenses = ["Apache-2.0"]
name = "Apache HTTP Server"
os = "linux"
purl = "pkg:generic/httpd@2.4.68?checksum=68c74d4df38c26bed4dfbdb8f3baf1eb532f3872357becc1bba5d136f6b63c06&download_url=http://archive.apache.org/dist/httpd/httpd-2.4.68.tar.bz2"
source = "https://archive.apache.org/dist/httpd/httpd-2.4.68.tar.bz2"
source-checksum = "sha256:68c74d4df38c26bed4dfbdb8f3baf1eb532f3872357becc1bba5d136f6b63c06"
stacks = ["io.buildpacks.stacks.jammy"]
uri = "https://artifacts.paketo.io/httpd/httpd_2.4.68_linux_amd64_jammy_634be354.tgz"
version = "2.4.68"
"#;

const PHP: &str = r#"dependency-constraints = [
    { constraint = "8.4.*", id = "php", patches = 1 },
]

[[dependencies]]
arch = "amd64"
checksum = "sha256:69c0b046b16fde4efaccaed6444c897d06d9f64d3c25678210c6164ba23a246e"
cpe = "cpe:2.3:a:php:php:8.4.14:*:*:*:*:*:*:*"
deprecation_date = "2028-12-31T00:00:00Z"
id = "php"
licenses = ["PHP-3.0", "PHP-3.01"]
name = "PHP"
os = "linux"
purl = "pkg:generic/php@8.4.14?checksum=8e1f03eea0b07bc29e1f94d3cfcf0532b0421ec63c1792346b58c3ad8e40fc9b&download_url=https://github.com/php/web-php-distributions/raw/master/php-8.4.14.tar.gz"
source = "https://github.com/php/web-php-distributions/raw/master/php-8.4.14.tar.gz"
source-checksum = "sha256:8e1f03eea0b07bc29e1f94d3cfcf0532b0421ec63c1792346b58c3ad8e40fc9b"
stacks = ["io.buildpacks.stacks.jammy"]
uri = "https://artifacts.paketo.io/php/php_8.4.14_linux_amd64_jammy_69c0b046.tgz"
version = "8.4.14"
"#;

const RUBY: &str = r#"dependency-constraints = [
    { constraint = "3.4.*", id = "ruby", patches = 2 },
]

[[dependencies]]
arch = "amd64"
checksum = "sha256:49b66c1b553c3b3db26af3dad2fb74d5a6cbbaf9a57203d9e59eb9686b114c00"
cpe = "cpe:2.3:a:ruby-lang:ruby:3.4.7:*:*:*:*:*:*:*"
id = "ruby"
licenses = ["BSD-2-Clause", "Ruby"]
name = "Ruby"
os = "linux"
purl = "pkg:generic/ruby@3.4.7?checksum=7777777777777777777777777777777777777777777777777777777777777777&download_url=https://cache.ruby-lang.org/pub/ruby/3.4/ruby-3.4.7.tar.gz"
source = "https://cache.ruby-lang.org/pub/ruby/3.4/ruby-3.4.7.tar.gz"
source-checksum = "sha256:7777777777777777777777777777777777777777777777777777777777777777"
stacks = ["io.buildpacks.stacks.jammy"]
uri = "https://artifacts.paketo.io/ruby/ruby_3.4.7_linux_x64_jammy_49b66c1b.tgz"
version = "3.4.7"
"#;

const BUNDLER: &str = r#"dependency-constraints = [
    { constraint = "2.*.*", id = "bundler", patches = 2 },
]

[[dependencies]]
checksum = "sha256:29b1057dfbc15e8eed4f8b255ba86ca0854c893b7226bcbcffce15adc11000d4"
cpe = "cpe:2.3:a:bundler:bundler:2.7.1:*:*:*:*:ruby:*:*"
id = "bundler"
licenses = ["MIT"]
name = "bundler"
purl = "pkg:generic/bundler@2.7.1?checksum=0ad5a002a879776b2a98be652f557ac8731be3353612d63fa4ef1b2706dc1e0b&download_url=https://rubygems.org/downloads/bundler-2.7.1.gem"
source = "https://rubygems.org/downloads/bundler-2.7.1.gem"
source-checksum = "sha256:0ad5a002a879776b2a98be652f557ac8731be3353612d63fa4ef1b2706dc1e0b"
stacks = ["*"]
strip-components = 2
uri = "https://artifacts.paketo.io/bundler/bundler-resolute-2.7.1-29b1057d.tgz"
version = "2.7.1"

[[dependencies]]
checksum = "sha256:005aa9febc690126846fc91bfb883cfd414b0548016ae2c18260d0f79acfe5c9"
cpe = "cpe:2.3:a:bundler:bundler:2.7.2:*:*:*:*:ruby:*:*"
id = "bundler"
licenses = ["MIT"]
name = "bundler"
purl = "pkg:generic/bundler@2.7.2?checksum=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&download_url=https://rubygems.org/downloads/bundler-2.7.2.gem"
source = "https://rubygems.org/downloads/bundler-2.7.2.gem"
source-checksum = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
stacks = ["*"]
strip-components = 2
uri = "https://artifacts.paketo.io/bundler/bundler-resolute-2.7.2-005aa9fe.tgz"
version = "2.7.2"
"#;

#[test]
fn nginx_signed_source_is_due_until_its_builds_are_given() {
    let world = World::new();
    world.file("nginx.toml", NGINX);
    // Without built artifacts: the verified source is reported, nothing is written, and
    // 1.31.2 stays until 1.31.4's builds exist.
    let plans = world.run(false);
    assert!(plans[0].errors.is_empty(), "{:?}", plans[0].errors);
    assert!(!plans[0].written);
    insta::assert_snapshot!("nginx_source_due", world.report(&plans));
    assert_eq!(world.read("nginx.toml"), NGINX);

    // With one build per stack, the entries are written and 1.31.2 falls out.
    let plans = world.run_with(false, &NGINX_BUILT);
    assert!(plans[0].errors.is_empty(), "{:?}", plans[0].errors);
    insta::assert_snapshot!("nginx_built_report", world.report(&plans));
    let written = world.read("nginx.toml");
    assert!(stowage_kit::inventory::lint(&written).is_empty());
    insta::assert_snapshot!("nginx_built_file", written);
}

#[test]
fn nginx_source_signed_by_an_unknown_key_or_changed_after_signing_is_refused() {
    let world = World::new();
    world.file("nginx.toml", NGINX);
    let tarball = world.served("nginx/download/nginx-1.31.4.tar.gz");
    let signature = world.served("nginx/download/nginx-1.31.4.tar.gz.asc");
    let signed = fs_err::read_to_string(&signature).expect("asc");

    fs_err::write(
        &signature,
        super::detached_sign(
            &fs_err::read(&tarball).expect("tarball"),
            &super::test_key(98),
        ),
    )
    .expect("asc");
    let plans = world.run_with(false, &NGINX_BUILT);
    let error = &plans[0].errors[0];
    assert_eq!(error.id, "update/bad-signature");
    assert!(
        error.header.contains("nginx 1.31.4 source"),
        "{}",
        error.header
    );
    assert!(error.body.contains("nginx-keys"), "{}", error.body);
    assert_eq!(world.read("nginx.toml"), NGINX);

    fs_err::write(&signature, signed).expect("asc");
    fs_err::write(&tarball, "nginx 1.31.4 with a backdoor\n").expect("tamper");
    let plans = world.run_with(false, &NGINX_BUILT);
    assert_eq!(plans[0].errors[0].id, "update/bad-signature");
    assert!(plans[0].changes.is_empty());
    assert_eq!(world.read("nginx.toml"), NGINX);
}

#[test]
fn artifacts_that_fit_no_due_release_or_one_platform_twice_are_refused() {
    let world = World::new();
    world.file("nginx.toml", NGINX);
    let plans = world.run_with(
        true,
        &["nginx@1.31.9/amd64=nginx_1.31.4_linux_amd64_jammy.tgz"],
    );
    assert_eq!(plans[0].errors[0].id, "update/unused-artifact");
    assert!(plans[0].errors[0].header.contains("nginx 1.31.9"));

    let plans = world.run_with(
        true,
        &[
            "nginx@1.31.4=nginx_1.31.4_linux_amd64_jammy.tgz",
            "nginx@1.31.4/amd64=nginx_1.31.4_linux_amd64_noble.tgz",
        ],
    );
    assert_eq!(plans[0].errors[0].id, "update/ambiguous-artifact");
    assert_eq!(world.read("nginx.toml"), NGINX);
}

#[test]
fn httpd_source_checked_against_apache_sha512() {
    let world = World::new();
    world.file("httpd.toml", HTTPD);
    let plans = world.run_with(
        false,
        &["httpd@2.4.69/amd64=httpd_2.4.69_linux_amd64_jammy.tgz"],
    );
    insta::assert_snapshot!("httpd_report", world.report(&plans));
    insta::assert_snapshot!("httpd_file", world.read("httpd.toml"));

    world.file("httpd.toml", HTTPD);
    fs_err::write(
        world.served("apache/httpd/httpd-2.4.69.tar.bz2.sha512"),
        format!("{}  httpd-2.4.69.tar.bz2\n", "0".repeat(128)),
    )
    .expect("tamper");
    let plans = world.run_with(
        false,
        &["httpd@2.4.69/amd64=httpd_2.4.69_linux_amd64_jammy.tgz"],
    );
    assert_eq!(plans[0].errors[0].id, "update/checksum-mismatch");
    assert!(plans[0].errors[0].header.contains("Apache dist"));
    assert_eq!(world.read("httpd.toml"), HTTPD);
}

#[test]
fn php_source_checked_against_php_net_sha256() {
    let world = World::new();
    world.file("php.toml", PHP);
    let plans = world.run(true);
    insta::assert_snapshot!("php_source_due", world.report(&plans));
    let plans = world.run_with(false, &["php@8.4.15=php_8.4.15_linux_amd64_jammy.tgz"]);
    insta::assert_snapshot!("php_file", world.read("php.toml"));
    assert!(plans[0].written);

    world.file("php.toml", PHP);
    fs_err::write(
        world.served("php/distributions/php-8.4.15.tar.gz"),
        "php 8.4.15, changed on the way\n",
    )
    .expect("tamper");
    let plans = world.run_with(false, &["php@8.4.15=php_8.4.15_linux_amd64_jammy.tgz"]);
    assert_eq!(plans[0].errors[0].id, "update/checksum-mismatch");
    assert!(plans[0].errors[0].header.contains("php.net"));
    assert_eq!(world.read("php.toml"), PHP);
}

#[test]
fn ruby_source_with_the_branch_end_of_life() {
    let world = World::new();
    world.file("ruby.toml", RUBY);
    let plans = world.run_with(false, &["ruby@3.4.8=ruby_3.4.8_linux_x64_jammy.tgz"]);
    insta::assert_snapshot!("ruby_report", world.report(&plans));
    insta::assert_snapshot!("ruby_file", world.read("ruby.toml"));

    world.file("ruby.toml", RUBY);
    fs_err::write(world.served("ruby-cache/3.4/ruby-3.4.8.tar.gz"), "tampered").expect("tamper");
    let plans = world.run_with(false, &["ruby@3.4.8=ruby_3.4.8_linux_x64_jammy.tgz"]);
    assert_eq!(plans[0].errors[0].id, "update/checksum-mismatch");
    assert_eq!(world.read("ruby.toml"), RUBY);
}

#[test]
fn bundler_gem_checked_against_rubygems_sha256() {
    let world = World::new();
    world.file("bundler.toml", BUNDLER);
    let plans = world.run_with(false, &["bundler@2.7.3=bundler-2.7.3.tgz"]);
    insta::assert_snapshot!("bundler_report", world.report(&plans));
    insta::assert_snapshot!("bundler_file", world.read("bundler.toml"));

    world.file("bundler.toml", BUNDLER);
    fs_err::write(
        world.served("rubygems/downloads/bundler-2.7.3.gem"),
        "tampered",
    )
    .expect("tamper");
    let plans = world.run_with(false, &["bundler@2.7.3=bundler-2.7.3.tgz"]);
    assert_eq!(plans[0].errors[0].id, "update/checksum-mismatch");
    assert!(plans[0].errors[0].header.contains("rubygems.org"));
    assert_eq!(world.read("bundler.toml"), BUNDLER);
}

#[test]
fn mvnd_binary_and_sources_checked_against_apache_dist() {
    let world = World::new();
    world.file("maven.toml", super::MAVEN);
    fs_err::write(
        world.served("apache/maven/mvnd/1.0.7/maven-mvnd-1.0.7-linux-amd64.zip.sha256"),
        format!("{}\n", "f".repeat(64)),
    )
    .expect("tamper");
    let plans = world.run(false);
    let error = plans[0]
        .errors
        .iter()
        .find(|error| error.header.contains("mvnd"))
        .expect("mvnd refused");
    assert_eq!(error.id, "update/checksum-mismatch");
    let written = world.read("maven.toml");
    assert!(!written.contains("1.0.7"), "{written}");
    assert!(written.contains("3.9.17"), "maven still updates: {written}");
}

#[test]
fn an_upstream_behind_the_file_leaves_the_line_as_it_is() {
    let world = World::new();
    // httpd 2.4.70 is in the file; the recorded Apache dist lists 2.4.69 as its newest.
    let ahead = HTTPD.replace("2.4.68", "2.4.70");
    world.file("httpd.toml", &ahead);
    let plans = world.run(false);
    assert!(plans[0].changes.is_empty(), "{:?}", plans[0].changes);
    assert_eq!(
        plans[0].notes,
        [
            "httpd *: Apache dist lists 2.4.69 as the newest, behind 2.4.70 in the file; entries kept"
        ]
    );
    assert_eq!(world.read("httpd.toml"), ahead);
}
