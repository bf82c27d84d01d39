//! .NET artifacts: `PyPI`'s `dotnetcore2` wheel carries a real Microsoft.NETCore.App 3.1 runtime
//! with the `dotnet` host, repacked in the layout of Microsoft's
//! `dotnet-runtime-<v>-linux-x64.tar.gz` (`./dotnet`, `./host/fxr/<v>/`,
//! `./shared/Microsoft.NETCore.App/<v>/`, the license files; no top folder). No SDK or
//! ASP.NET Core runtime is reachable from this machine.
//!
//! The lifecycle tests' app (`integration-tests/fixtures/dotnet-*/App.cs`) is compiled with
//! Mono's `mcs` against this runtime's own assemblies, cached by the source's hash.
//!
//! Cache folder: `dotnet/runtime-<v>/` with the archive and its `.sha256`, `dotnet/app-<hash>/`.

use super::repack::{unpack_tgz, write_checked_tgz};
use super::{Cache, publish};
use crate::Result;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wheel's version is the runtime's.
pub const VERSION: &str = "3.1.23";
/// Where the runtime sits in the wheel.
const IN_WHEEL: &str = "dotnetcore2/bin";
/// The assemblies the test app references.
const REFERENCES: &[&str] = &[
    "System.Private.CoreLib",
    "System.Runtime",
    "System.Runtime.Extensions",
    "System.Console",
    "System.Globalization",
    "System.IO",
    "System.Net.Primitives",
    "System.Net.Sockets",
    "System.Text.Encoding.Extensions",
];

/// `dotnet-runtime-<v>-linux-x64.tar.gz`, Microsoft's name.
#[must_use]
pub fn archive_name(version: &str) -> String {
    format!("dotnet-runtime-{version}-linux-x64.tar.gz")
}

/// The version of an archive name.
#[must_use]
pub fn archive_version(name: &str) -> Option<&str> {
    name.strip_prefix("dotnet-runtime-")?
        .strip_suffix("-linux-x64.tar.gz")
}

/// `artifacts dotnet [<App.cs>]`: the runtime, and the test app compiled when asked.
pub fn assemble(cache: &Cache, args: &[String]) -> Result<PathBuf> {
    let mut files = vec![runtime(cache)?];
    match args {
        [] => {}
        [source] => files.push(app(cache, Path::new(source))?),
        other => {
            return Err(format!("artifacts dotnet takes [<App.cs>], not {other:?}").into());
        }
    }
    cache.set("dotnet", &files)
}

/// The runtime archive, assembled once and cached.
pub fn runtime(cache: &Cache) -> Result<PathBuf> {
    let dir = cache.folder("dotnet")?.join(format!("runtime-{VERSION}"));
    let archive = dir.join(archive_name(VERSION));
    if Path::new(&format!("{}.sha256", archive.display())).is_file() {
        return Ok(archive);
    }
    eprintln!("stowage-dev: assembling the .NET Core {VERSION} runtime from PyPI's dotnetcore2");
    let work = Cache::work_in(&cache.folder("dotnet")?)?;
    let wheel = download(&work.path().join("download"))?;
    let unpacked = work.path().join("wheel");
    zip::ZipArchive::new(fs_err::File::open(&wheel)?)?.extract(&unpacked)?;
    let stage = work.path().join("stage");
    lay_out(&unpacked.join(IN_WHEEL), &stage)?;
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    let made = out.join(archive_name(VERSION));
    write_checked_tgz(&stage, ".", &made, &work.path().join("verify"), check_runs)?;
    publish(&out, &dir)?;
    Ok(archive)
}

/// The upstream layout from the wheel's `bin/`: the host executable, `host/`, `shared/` and
/// the license files, nothing of the Python package.
fn lay_out(bin: &Path, stage: &Path) -> Result<()> {
    fs_err::create_dir_all(stage)?;
    for name in [
        "dotnet",
        "host",
        "shared",
        "LICENSE.txt",
        "ThirdPartyNotices.txt",
    ] {
        let from = bin.join(name);
        if from.exists() {
            fs_err::rename(&from, stage.join(name))?;
        } else if name != "ThirdPartyNotices.txt" && name != "LICENSE.txt" {
            return Err(format!("the dotnetcore2 wheel has no {IN_WHEEL}/{name}").into());
        }
    }
    // Zip entries carry no Unix modes through `extract` everywhere: the host must run.
    set_executable(&stage.join("dotnet"))?;
    Ok(())
}

fn set_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs_err::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    Ok(())
}

/// `pip download` of the manylinux wheel, into `dir`.
fn download(dir: &Path) -> Result<PathBuf> {
    fs_err::create_dir_all(dir)?;
    let output = Command::new("python3")
        .args(["-m", "pip", "download", "--quiet", "--no-deps"])
        .args(["--only-binary=:all:", "--platform", "manylinux1_x86_64"])
        .args(["--python-version", "3.11", "--dest"])
        .arg(dir)
        .arg(format!("dotnetcore2=={VERSION}"))
        .output()
        .map_err(|error| format!("run pip (needed to fetch dotnetcore2): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "pip download dotnetcore2=={VERSION} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    fs_err::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "whl"))
        .ok_or_else(|| "pip downloaded no dotnetcore2 wheel".into())
}

/// `dotnet --list-runtimes` of the repacked runtime names it, in invariant globalization mode
/// (the run image has no libicu).
fn check_runs(root: &Path) -> Result<()> {
    let output = Command::new(root.join("dotnet"))
        .arg("--list-runtimes")
        .env_clear()
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .map_err(|error| format!("run the repacked dotnet: {error}"))?;
    let said = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || !said.contains(&format!("Microsoft.NETCore.App {VERSION}")) {
        return Err(format!(
            "dotnet --list-runtimes said '{said}{}', not Microsoft.NETCore.App {VERSION}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(())
}

/// `App.dll` compiled from `source` with `mcs` against the runtime's assemblies, cached
/// under the source's hash.
pub fn app(cache: &Cache, source: &Path) -> Result<PathBuf> {
    let text = fs_err::read(source)?;
    let key = &hex::encode(Sha256::digest(&text))[..16];
    let dir = cache.folder("dotnet")?.join(format!("app-{key}"));
    let dll = dir.join("App.dll");
    if dll.is_file() {
        return Ok(dll);
    }
    let work = Cache::work_in(&cache.folder("dotnet")?)?;
    let runtime_root = work.path().join("runtime");
    unpack_tgz(&runtime(cache)?, &runtime_root)?;
    let shared = runtime_root.join(format!("shared/Microsoft.NETCore.App/{VERSION}"));
    let out = work.path().join("out");
    fs_err::create_dir_all(&out)?;
    let mut mcs = Command::new("mcs");
    mcs.args(["-nostdlib", "-noconfig", "-nowarn:1702", "-target:exe"])
        .arg(format!("-out:{}", out.join("App.dll").display()));
    for reference in REFERENCES {
        mcs.arg(format!(
            "-r:{}",
            shared.join(format!("{reference}.dll")).display()
        ));
    }
    let output = mcs
        .arg(source)
        .output()
        .map_err(|error| format!("run mcs (apt-get install mono-mcs): {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "mcs could not compile {}:\n{}",
            source.display(),
            String::from_utf8_lossy(&output.stdout)
        )
        .into());
    }
    publish(&out, &dir)?;
    Ok(dll)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_versions() {
        assert_eq!(
            archive_name("3.1.23"),
            "dotnet-runtime-3.1.23-linux-x64.tar.gz"
        );
        assert_eq!(
            archive_version("dotnet-runtime-3.1.23-linux-x64.tar.gz"),
            Some("3.1.23")
        );
        assert_eq!(
            archive_version("aspnetcore-runtime-8.0.1-linux-x64.tar.gz"),
            None
        );
    }

    #[test]
    fn the_stage_has_the_upstream_layout() {
        let dir = tempfile::tempdir().expect("dir");
        let bin = dir.path().join("bin");
        for file in [
            "dotnet",
            "host/fxr/3.1.23/libhostfxr.so",
            "shared/Microsoft.NETCore.App/3.1.23/x.dll",
            "LICENSE.txt",
        ] {
            fs_err::create_dir_all(bin.join(file).parent().expect("parent")).expect("mkdir");
            fs_err::write(bin.join(file), "x").expect("write");
        }
        let stage = dir.path().join("stage");
        lay_out(&bin, &stage).expect("laid out");
        assert!(stage.join("host/fxr/3.1.23/libhostfxr.so").is_file());
        assert!(
            stage
                .join("shared/Microsoft.NETCore.App/3.1.23/x.dll")
                .is_file()
        );
        // A wheel without host/ is refused.
        fs_err::write(bin.join("dotnet"), "x").expect("write");
        let error = lay_out(&bin, &dir.path().join("again")).expect_err("no host");
        assert!(
            error.to_string().contains("no dotnetcore2/bin/host"),
            "{error}"
        );
    }
}
