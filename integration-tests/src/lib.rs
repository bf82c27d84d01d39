//! Test support for Stowage buildpacks.
//!
//! - [`artifact`]: small dependency artifacts (tarballs) made in a test, with their checksums.
//! - [`direct`]: a packaged buildpack's `bin/detect` and `bin/build`, run exactly as the
//!   lifecycle runs them, without the lifecycle: fast, and enough for one buildpack.
//! - [`jvm_artifacts`]: the JDK and JRE tests install, and inventories for them.
//! - [`maven_artifacts`]: Apache Maven and a Maven repository served on loopback.
//! - [`mirror`]: a local HTTP mirror serving dependency files, with request log and faults.
//! - [`pack_cli`]: the real `pack` CLI with podman as its daemon, and the images it builds.
//! - [`node_artifacts`]: the real Node.js distributions tests install, and inventories for them.
//! - [`spring_boot_artifacts`]: the Spring Boot test app's jar and Spring Cloud Bindings.
//! - [`tomcat_artifacts`]: Apache Tomcat and the test WAR.
//! - [`package_managers`]: Yarn and pnpm releases, inventories and plans for their tests.
//! - [`support`]: fixture apps and archives unpacked once, for the buildpack crates' tests.
//! - [`web_server_artifacts`]: the nginx tests install, and inventories for it.

pub mod artifact;
pub mod direct;
pub mod jvm_artifacts;
pub mod lifecycle;
pub mod maven_artifacts;
pub use stowage_test_mirror as mirror;
pub mod node_artifacts;
pub mod pack_cli;
pub mod package_managers;
pub mod spring_boot_artifacts;
pub mod support;
pub mod tomcat_artifacts;
pub mod web_client;
pub mod web_server_artifacts;
