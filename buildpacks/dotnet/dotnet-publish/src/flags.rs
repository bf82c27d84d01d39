//! The `dotnet publish` command line (Paketo's `dotnet_publish_process.go`): the project, then
//! `--configuration Release` (`Debug` with `BP_DEBUG_ENABLED`), `--runtime linux-<arch>`,
//! `--self-contained false` and `--output <dir>`, each dropped when a `BP_DOTNET_PUBLISH_FLAGS`
//! word starts with the same option, then the user's words (shell-split, `$VAR` and `${VAR}`
//! expanded from the build's environment).

use std::path::{Path, PathBuf};

/// The defaults, each with the options that replace it.
fn defaults(
    configuration: &str,
    runtime: &str,
    output: &Path,
) -> Vec<(Vec<String>, &'static [&'static str])> {
    vec![
        (
            vec!["--configuration".into(), configuration.into()],
            &["--configuration", "-c"],
        ),
        (
            vec!["--runtime".into(), runtime.into()],
            &["--runtime", "-r"],
        ),
        (
            vec!["--self-contained".into(), "false".into()],
            &["--self-contained", "--no-self-contained"],
        ),
        (
            vec!["--output".into(), output.display().to_string()],
            &["--output", "-o"],
        ),
    ]
}

/// `linux-x64` or `linux-arm64`, .NET's runtime identifier for the target's architecture.
pub(crate) fn runtime_identifier(arch: &str) -> String {
    match arch {
        "arm64" | "aarch64" => "linux-arm64".to_string(),
        _ => "linux-x64".to_string(),
    }
}

/// The arguments after `dotnet`.
pub(crate) fn arguments(
    project: &Path,
    debug: bool,
    runtime: &str,
    output: &Path,
    user: &[String],
) -> Vec<String> {
    let configuration = if debug { "Debug" } else { "Release" };
    let mut arguments = vec!["publish".to_string(), project.display().to_string()];
    for (default, options) in defaults(configuration, runtime, output) {
        let overridden = user
            .iter()
            .any(|word| options.iter().any(|option| word.starts_with(option)));
        if !overridden {
            arguments.extend(default);
        }
    }
    arguments.extend(user.iter().cloned());
    arguments
}

/// Where the published app is: the user's `--output`/`-o` (relative to `app`) or `default`.
pub(crate) fn output_dir(user: &[String], app: &Path, default: &Path) -> PathBuf {
    let mut words = user.iter();
    let mut chosen = None;
    while let Some(word) = words.next() {
        let value = if word == "--output" || word == "-o" {
            words.next().cloned()
        } else {
            word.strip_prefix("--output=")
                .or_else(|| word.strip_prefix("-o="))
                .or_else(|| word.strip_prefix("-o:"))
                .map(str::to_string)
        };
        if value.is_some() {
            chosen = value;
        }
    }
    chosen.map_or_else(|| default.to_path_buf(), |dir| app.join(dir))
}

/// `$NAME` and `${NAME}` replaced by `lookup(NAME)` (empty when unset), as a shell would.
pub(crate) fn expand(word: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, tail) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], &braced[end + 1..]),
                None => ("", after),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
        } else {
            out.push_str(&lookup(name).unwrap_or_default());
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        stowage_kit::words::split_words(text).expect("words")
    }

    #[test]
    fn defaults_then_the_users_words() {
        let args = arguments(
            Path::new("/workspace/src/Web"),
            false,
            "linux-x64",
            Path::new("/tmp/out"),
            &[],
        );
        assert_eq!(
            args.join(" "),
            "publish /workspace/src/Web --configuration Release --runtime linux-x64 --self-contained false --output /tmp/out"
        );
        let args = arguments(
            Path::new("/workspace"),
            true,
            "linux-arm64",
            Path::new("/tmp/out"),
            &words("--verbosity minimal"),
        );
        assert_eq!(
            args.join(" "),
            "publish /workspace --configuration Debug --runtime linux-arm64 --self-contained false --output /tmp/out --verbosity minimal"
        );
        assert_eq!(runtime_identifier("arm64"), "linux-arm64");
        assert_eq!(runtime_identifier("amd64"), "linux-x64");
    }

    #[test]
    fn a_users_option_drops_the_default_it_replaces() {
        let user = words("-c Staging --no-self-contained -r linux-musl-x64 --output=pub");
        let args = arguments(
            Path::new("/workspace"),
            false,
            "linux-x64",
            Path::new("/tmp/out"),
            &user,
        );
        assert_eq!(
            args.join(" "),
            "publish /workspace -c Staging --no-self-contained -r linux-musl-x64 --output=pub"
        );
        assert_eq!(
            output_dir(&user, Path::new("/workspace"), Path::new("/tmp/out")),
            Path::new("/workspace/pub")
        );
        assert_eq!(
            output_dir(
                &words("-o /elsewhere"),
                Path::new("/workspace"),
                Path::new("/tmp/out")
            ),
            Path::new("/elsewhere")
        );
        assert_eq!(
            output_dir(&[], Path::new("/workspace"), Path::new("/tmp/out")),
            Path::new("/tmp/out")
        );
    }

    #[test]
    fn variables_expand_like_a_shell() {
        let lookup = |name: &str| (name == "VERSION").then(|| "1.2.3".to_string());
        assert_eq!(expand("-p:Version=$VERSION", &lookup), "-p:Version=1.2.3");
        assert_eq!(expand("${VERSION}-beta", &lookup), "1.2.3-beta");
        assert_eq!(expand("$UNSET.x", &lookup), ".x");
        assert_eq!(expand("cost$", &lookup), "cost$");
        assert_eq!(expand("${open", &lookup), "${open");
    }
}
