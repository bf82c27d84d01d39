//! Makes a folder of unpacked packages self-contained: distributions packaged for a system
//! link into the rest of it (Debian's JDK links its configuration into `/etc`), and a tarball
//! must not. Each symlink leaving the folder is replaced by a copy of what it names, looked up
//! in the unpacked packages (as if they were `/`), a few known files from this machine, or
//! else dropped with the reason.

use crate::Result;
use std::path::{Component, Path, PathBuf};

/// Files no package ships (made at install time) that a link may name, taken from this
/// machine when it has them, and why.
pub const HOST_FILES: &[(&str, &str)] = &[(
    "/etc/ssl/certs/java/cacerts",
    "the Java trust store ca-certificates-java makes from the system's CA certificates",
)];

/// How deep link chains may go, as the kernel's limit.
const MAX_LINKS: usize = 40;

/// What happened to one link leaving the folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Replaced by a copy of the file or folder it names in the packages.
    Copied { link: PathBuf, target: PathBuf },
    /// Replaced by a copy of a file of this machine's (one of `HOST_FILES`).
    FromHost { link: PathBuf, target: PathBuf },
    /// Removed: nothing it names was found.
    Dropped { link: PathBuf, target: PathBuf },
}

/// Replaces every symlink under `root/home` whose target is outside `home`, resolving
/// targets inside `root` (absolute targets are taken as `root`-relative) and `HOST_FILES`
/// under `host` (`/` in real use). Paths in the result are relative to `home`, targets as
/// seen from `root`.
pub fn make_self_contained(root: &Path, home: &Path, host: &Path) -> Result<Vec<Resolved>> {
    let home_dir = root.join(home);
    let mut results = Vec::new();
    // Copied folders may hold links of their own; a few passes settle them.
    for _ in 0..MAX_LINKS {
        let escaping = escaping_links(root, home)?;
        if escaping.is_empty() {
            return Ok(results);
        }
        for (link, target) in escaping {
            let at = home_dir.join(&link);
            fs_err::remove_file(&at)?;
            let logical = Path::new("/").join(&target);
            results.push(match resolve(root, &target) {
                Some(found) => {
                    copy(&found, &at)?;
                    Resolved::Copied {
                        link,
                        target: logical,
                    }
                }
                None => match host_file(host, &logical) {
                    Some(file) => {
                        fs_err::copy(&file, &at)?;
                        Resolved::FromHost {
                            link,
                            target: logical,
                        }
                    }
                    None => Resolved::Dropped {
                        link,
                        target: logical,
                    },
                },
            });
        }
    }
    Err(format!("links under {} keep pointing outside it", home.display()).into())
}

/// Links under `root/home` leaving it (or absolute), with their targets as `root`-relative paths.
fn escaping_links(root: &Path, home: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut links = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in fs_err::read_dir(root.join(home).join(&relative))? {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_symlink() {
                let target = fs_err::read_link(entry.path())?;
                let in_root = link_target(&home.join(&path), &target);
                // An absolute link breaks once the tree moves, even one into the tree.
                if target.is_absolute() || !in_root.starts_with(home) {
                    links.push((path, in_root));
                }
            }
        }
    }
    links.sort();
    Ok(links)
}

/// Where a link at `link` (root-relative) pointing to `target` leads, root-relative and
/// normalised; `..` never climbs above the root.
fn link_target(link: &Path, target: &Path) -> PathBuf {
    let base = if target.is_absolute() {
        PathBuf::new()
    } else {
        link.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    normalise(&base.join(target))
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

/// The file or folder `path` (root-relative) names inside `root`, following links in any of
/// its components within `root`; `None` when something on the way is missing.
fn resolve(root: &Path, path: &Path) -> Option<PathBuf> {
    let mut done = PathBuf::new();
    let mut rest: Vec<PathBuf> = path
        .components()
        .rev()
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect();
    let mut hops = 0;
    while let Some(part) = rest.pop() {
        let candidate = done.join(&part);
        let metadata = fs_err::symlink_metadata(root.join(&candidate)).ok()?;
        if metadata.is_symlink() {
            hops += 1;
            if hops > MAX_LINKS {
                return None;
            }
            let target = fs_err::read_link(root.join(&candidate)).ok()?;
            let next = link_target(&candidate, &target);
            done = PathBuf::new();
            let mut parts: Vec<PathBuf> = next
                .components()
                .map(|c| PathBuf::from(c.as_os_str()))
                .collect();
            parts.reverse();
            rest.extend(parts);
        } else {
            done = candidate;
        }
    }
    Some(root.join(done))
}

fn host_file(host: &Path, logical: &Path) -> Option<PathBuf> {
    HOST_FILES
        .iter()
        .find(|(file, _)| Path::new(file) == logical)
        .map(|(file, _)| host.join(file.trim_start_matches('/')))
        .filter(|file| file.is_file())
}

/// Copies a file, or a folder with its links kept as they are (a later pass resolves them).
fn copy(from: &Path, to: &Path) -> Result<()> {
    let metadata = fs_err::symlink_metadata(from)?;
    if metadata.is_symlink() {
        std::os::unix::fs::symlink(fs_err::read_link(from)?, to)?;
    } else if metadata.is_dir() {
        fs_err::create_dir(to)?;
        for entry in fs_err::read_dir(from)? {
            let name = entry?.file_name();
            copy(&from.join(&name), &to.join(&name))?;
        }
    } else {
        fs_err::copy(from, to)?;
    }
    Ok(())
}

impl Resolved {
    /// One line for the assembler's log.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Resolved::Copied { link, target } => {
                format!(
                    "{} -> {}: copied from the package",
                    link.display(),
                    target.display()
                )
            }
            Resolved::FromHost { link, target } => {
                let why = HOST_FILES
                    .iter()
                    .find(|(file, _)| Path::new(file) == target)
                    .map_or("", |(_, why)| why);
                format!(
                    "{} -> {}: copied from this machine ({why})",
                    link.display(),
                    target.display()
                )
            }
            Resolved::Dropped { link, target } => format!(
                "{} -> {}: dropped, the packages do not ship it",
                link.display(),
                target.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    const HOME: &str = "usr/lib/jvm/java-17-openjdk-amd64";

    fn write(path: &Path, text: &str) {
        fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs_err::write(path, text).expect("write");
    }

    fn link(root: &Path, at: &str, target: &str) {
        let at = root.join(at);
        fs_err::create_dir_all(at.parent().expect("parent")).expect("mkdir");
        symlink(target, at).expect("symlink");
    }

    /// Debian's JDK in miniature: links into `/etc`, a chain through `/etc/alternatives`, a
    /// relative link to a folder outside, one inside, and ones nothing satisfies.
    fn fake_packages(root: &Path) {
        let home = root.join(HOME);
        write(&home.join("bin/java"), "#!/bin/sh\n");
        write(&home.join("release"), "JAVA_VERSION=\"17.0.21.1\"\n");
        write(&home.join("legal/java.base/LICENSE"), "GPL");
        link(
            root,
            &format!("{HOME}/legal/java.se/LICENSE"),
            "../java.base/LICENSE",
        );
        write(
            &root.join("etc/java-17-openjdk/jvm-amd64.cfg"),
            "-server KNOWN\n",
        );
        link(
            root,
            &format!("{HOME}/lib/jvm.cfg"),
            "/etc/java-17-openjdk/jvm-amd64.cfg",
        );
        link(
            root,
            "etc/alternatives/policy",
            "/etc/java-17-openjdk/java.policy",
        );
        write(&root.join("etc/java-17-openjdk/java.policy"), "grant {};\n");
        link(
            root,
            &format!("{HOME}/conf/java.policy"),
            "/etc/alternatives/policy",
        );
        write(
            &root.join("usr/share/doc/openjdk-17-jre-headless/copyright"),
            "(c)",
        );
        link(
            root,
            "usr/share/doc/openjdk-17-jre-headless/NEWS",
            "copyright",
        );
        link(
            root,
            "usr/share/doc/openjdk-17-jdk-headless",
            "openjdk-17-jre-headless",
        );
        link(
            root,
            &format!("{HOME}/docs"),
            "../../../share/doc/openjdk-17-jdk-headless",
        );
        link(
            root,
            &format!("{HOME}/lib/src.zip"),
            "../../openjdk-17/src.zip",
        );
        link(
            root,
            &format!("{HOME}/lib/security/cacerts"),
            "/etc/ssl/certs/java/cacerts",
        );
        link(root, &format!("{HOME}/lib/passwd"), "/etc/passwd");
        link(
            root,
            &format!("{HOME}/lib/climb"),
            "../../../../../../../../etc/passwd",
        );
    }

    #[test]
    fn links_out_of_the_tree_become_copies_or_are_dropped_with_the_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        fake_packages(&root);
        let host = dir.path().join("host");
        write(&host.join("etc/ssl/certs/java/cacerts"), "trust store");
        write(&host.join("etc/passwd"), "secret");

        let results = make_self_contained(&root, Path::new(HOME), &host).expect("resolves");

        let home = root.join(HOME);
        let read = |path: &str| fs_err::read_to_string(home.join(path)).expect(path);
        let is_link = |path: &str| {
            fs_err::symlink_metadata(home.join(path))
                .expect(path)
                .is_symlink()
        };
        assert_eq!(read("lib/jvm.cfg"), "-server KNOWN\n");
        assert!(!is_link("lib/jvm.cfg"));
        assert_eq!(read("conf/java.policy"), "grant {};\n");
        assert_eq!(read("docs/copyright"), "(c)");
        assert!(!is_link("docs"));
        // A link inside a copied folder that stays inside is kept as a link.
        assert!(is_link("docs/NEWS"));
        assert_eq!(read("docs/NEWS"), "(c)");
        assert!(is_link("legal/java.se/LICENSE"));
        assert_eq!(read("lib/security/cacerts"), "trust store");
        // Only the named host files are read from the machine, never another file of /etc.
        for gone in ["lib/src.zip", "lib/passwd", "lib/climb"] {
            assert!(fs_err::symlink_metadata(home.join(gone)).is_err(), "{gone}");
        }
        let lines: Vec<String> = results.iter().map(Resolved::describe).collect();
        assert!(
            lines.contains(
                &"lib/src.zip -> /usr/lib/jvm/openjdk-17/src.zip: dropped, the packages do not ship it"
                    .to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"lib/passwd -> /etc/passwd: dropped, the packages do not ship it".to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.iter().any(|line| line.starts_with(
                "lib/security/cacerts -> /etc/ssl/certs/java/cacerts: copied from this machine"
            )),
            "{lines:#?}"
        );
        assert!(
            escaping_links(&root, Path::new(HOME))
                .expect("walk")
                .is_empty()
        );
    }

    #[test]
    fn a_missing_host_trust_store_is_dropped_and_link_loops_end() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("root");
        link(
            &root,
            &format!("{HOME}/lib/security/cacerts"),
            "/etc/ssl/certs/java/cacerts",
        );
        link(&root, "etc/loop", "/etc/loop");
        link(&root, &format!("{HOME}/lib/loop"), "/etc/loop");
        let results = make_self_contained(&root, Path::new(HOME), &dir.path().join("empty-host"))
            .expect("resolves");
        assert_eq!(
            results,
            [
                Resolved::Dropped {
                    link: "lib/loop".into(),
                    target: "/etc/loop".into()
                },
                Resolved::Dropped {
                    link: "lib/security/cacerts".into(),
                    target: "/etc/ssl/certs/java/cacerts".into()
                },
            ]
        );
    }
}
