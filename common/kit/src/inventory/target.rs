//! The platform a dependency must fit: os, arch and distribution (or an explicit stack id).

use super::Dependency;
use std::fmt::{self, Display};

/// Stack ids that name one distribution release. Entries listing other stack ids fit only a
/// target whose explicit stack id equals them.
const STACK_DISTROS: &[(&str, &str, &str)] = &[
    ("io.buildpacks.stacks.bionic", "ubuntu", "18.04"),
    ("io.buildpacks.stacks.jammy", "ubuntu", "22.04"),
    ("io.buildpacks.stacks.noble", "ubuntu", "24.04"),
    ("io.buildpacks.stacks.resolute", "ubuntu", "26.04"),
    ("io.stowage.stacks.bookworm", "debian", "12"),
];

/// Where the build runs. Arch uses CNB names (`amd64`, `arm64`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub os: String,
    pub arch: String,
    pub distro_name: String,
    pub distro_version: String,
    /// A stack id the platform named explicitly, matched verbatim against `stacks`.
    pub stack_id: Option<String>,
}

impl Target {
    #[must_use]
    pub fn new(os: &str, arch: &str, distro_name: &str, distro_version: &str) -> Self {
        Self {
            os: os.to_string(),
            arch: cnb_arch(arch).to_string(),
            distro_name: distro_name.to_string(),
            distro_version: distro_version.to_string(),
            stack_id: None,
        }
    }

    #[must_use]
    pub fn with_stack_id(mut self, stack_id: impl Into<String>) -> Self {
        self.stack_id = Some(stack_id.into());
        self
    }

    /// Whether the entry's os and arch fit (a missing value fits any).
    #[must_use]
    pub fn fits_os_arch(&self, dependency: &Dependency) -> bool {
        dependency.os.as_ref().is_none_or(|os| *os == self.os)
            && dependency
                .arch
                .as_ref()
                .is_none_or(|arch| cnb_arch(arch) == self.arch)
    }

    /// Whether one of the entry's stacks is `*`, names this distribution, or is our stack id.
    #[must_use]
    pub fn fits_stack(&self, dependency: &Dependency) -> bool {
        dependency.stacks.is_empty()
            || dependency.stacks.iter().any(|stack| {
                stack == "*"
                    || self.stack_id.as_ref() == Some(stack)
                    || STACK_DISTROS.iter().any(|(id, name, version)| {
                        id == stack && *name == self.distro_name && *version == self.distro_version
                    })
            })
    }

    #[must_use]
    pub fn fits(&self, dependency: &Dependency) -> bool {
        self.fits_os_arch(dependency) && self.fits_stack(dependency)
    }
}

impl From<&libcnb::Target> for Target {
    fn from(target: &libcnb::Target) -> Self {
        Target::new(
            &target.os,
            &target.arch,
            &target.distro_name,
            &target.distro_version,
        )
    }
}

impl Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.arch)?;
        if !self.distro_name.is_empty() {
            write!(f, " ({} {})", self.distro_name, self.distro_version)?;
        }
        if let Some(stack_id) = &self.stack_id {
            write!(f, " on stack {stack_id}")?;
        }
        Ok(())
    }
}

/// Kernel names (`uname -m`) to the CNB/Go names dependency entries use.
fn cnb_arch(arch: &str) -> &str {
    match arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}
