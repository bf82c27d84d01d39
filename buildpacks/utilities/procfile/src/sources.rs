//! Where processes come from: the app's `Procfile`, then every binding of type `Procfile` (key
//! `Procfile`) in name order. As at Paketo, a binding's process replaces one of the same type
//! from the file (or from a binding before it); new types are added after.

use crate::errors;
use crate::procfile::{self, Parsed};
use libcnb::data::launch::ProcessType;
use std::fmt::{self, Display};
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;

pub(crate) const PROCFILE: &str = "Procfile";
pub(crate) const BINDING_TYPE: &str = "Procfile";
pub(crate) const BINDING_KEY: &str = "Procfile";

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    File,
    Binding(String),
}

impl Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File => write!(f, "{PROCFILE}"),
            Source::Binding(name) => write!(f, "binding {name}"),
        }
    }
}

/// A process and the source that defined it last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProcfileProcess {
    pub process_type: ProcessType,
    pub command: String,
    pub source: Source,
}

/// Whether the app or the platform gives a Procfile at all (detect).
#[must_use]
pub(crate) fn present(app_dir: &Path, bindings: &Bindings) -> bool {
    app_dir.join(PROCFILE).is_file() || bindings.of_type(BINDING_TYPE).next().is_some()
}

/// Every source's lines, lowest precedence first. Only a file or binding that cannot be read
/// at all is an error (as at Paketo); lines that are not process lines are in
/// [`Parsed::skipped`].
pub(crate) fn read(app_dir: &Path, bindings: &Bindings) -> Result<Vec<(Source, Parsed)>, Error> {
    let mut sources = Vec::new();
    let file = app_dir.join(PROCFILE);
    if file.is_file() {
        let bytes = std::fs::read(&file).map_err(errors::unreadable)?;
        sources.push((Source::File, procfile::parse(&bytes)));
    }
    for binding in bindings.of_type(BINDING_TYPE) {
        let source = Source::Binding(binding.name.clone());
        let Some(text) = binding.text(BINDING_KEY)? else {
            return Err(errors::binding_without_procfile(&binding.name));
        };
        sources.push((source, procfile::parse(text.as_bytes())));
    }
    Ok(sources)
}

/// The warnings for the lines each source skipped.
#[must_use]
pub(crate) fn skipped_lines(sources: &[(Source, Parsed)]) -> Vec<Error> {
    sources
        .iter()
        .flat_map(|(source, parsed)| {
            parsed
                .skipped
                .iter()
                .map(move |error| errors::skipped_line(error, source))
        })
        .collect()
}

/// Whether the sources define a `web` process (detect, before any warning is shown).
#[must_use]
pub(crate) fn defines_web(sources: &[(Source, Parsed)]) -> bool {
    sources.iter().any(|(_, parsed)| {
        parsed
            .entries
            .iter()
            .any(|entry| entry.process_type.as_str() == "web")
    })
}

/// What merging found: the processes, the replacements to log, and warnings.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Merged {
    pub processes: Vec<ProcfileProcess>,
    /// (type, the source replaced, the source that replaced it)
    pub replaced: Vec<(String, Source, Source)>,
    pub warnings: Vec<Error>,
}

/// Later sources win per type; order is first appearance.
#[must_use]
pub(crate) fn merge(sources: Vec<(Source, Parsed)>) -> Merged {
    let mut merged = Merged::default();
    for (source, Parsed { entries, .. }) in sources {
        let mut seen: Vec<&ProcessType> = Vec::new();
        for entry in &entries {
            if seen.contains(&&entry.process_type) {
                merged
                    .warnings
                    .push(errors::duplicate(&entry.process_type, entry.line, &source));
            }
            seen.push(&entry.process_type);
            let process = ProcfileProcess {
                process_type: entry.process_type.clone(),
                command: entry.command.clone(),
                source: source.clone(),
            };
            match merged
                .processes
                .iter_mut()
                .find(|existing| existing.process_type == entry.process_type)
            {
                Some(existing) => {
                    if existing.source != source {
                        merged.replaced.push((
                            entry.process_type.to_string(),
                            existing.source.clone(),
                            source.clone(),
                        ));
                    }
                    *existing = process;
                }
                None => merged.processes.push(process),
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procfile::LineError;

    fn entries(text: &str) -> Parsed {
        procfile::parse(text.as_bytes())
    }

    fn summary(merged: &Merged) -> Vec<String> {
        merged
            .processes
            .iter()
            .map(|p| format!("{}={} ({})", p.process_type, p.command, p.source))
            .collect()
    }

    #[test]
    fn bindings_replace_file_processes_of_the_same_type_in_name_order() {
        let merged = merge(vec![
            (
                Source::File,
                entries("web: file-web\nworker: file-worker\n"),
            ),
            (
                Source::Binding("a".into()),
                entries("web: a-web\nclock: a-clock\n"),
            ),
            (Source::Binding("b".into()), entries("web: b-web\n")),
        ]);
        assert_eq!(
            summary(&merged),
            [
                "web=b-web (binding b)",
                "worker=file-worker (Procfile)",
                "clock=a-clock (binding a)",
            ]
        );
        assert_eq!(merged.replaced.len(), 2);
        assert_eq!(
            merged.replaced[0],
            ("web".into(), Source::File, Source::Binding("a".into()))
        );
        assert!(merged.warnings.is_empty());
    }

    #[test]
    fn a_duplicate_within_one_source_warns_and_the_last_wins() {
        let merged = merge(vec![(Source::File, entries("web: one\nweb: two\n"))]);
        assert_eq!(summary(&merged), ["web=two (Procfile)"]);
        assert!(merged.replaced.is_empty());
        assert_eq!(
            merged.warnings,
            [errors::duplicate("web", 2, &Source::File)]
        );
    }

    #[test]
    fn skipped_lines_warn_with_their_number_and_source() {
        let sources = vec![
            (Source::File, entries("web: ok\n# fine\nnode server.js\n")),
            (Source::Binding("procs".into()), entries("my web: x\n")),
        ];
        let malformed = LineError::Malformed {
            line: 3,
            text: "node server.js".to_string(),
        };
        let invalid = LineError::InvalidType {
            line: 1,
            process_type: "my web".to_string(),
        };
        assert_eq!(
            skipped_lines(&sources),
            [
                errors::skipped_line(&malformed, &Source::File),
                errors::skipped_line(&invalid, &Source::Binding("procs".into())),
            ]
        );
        assert_eq!(
            skipped_lines(&sources)[1].subject,
            Some(stowage_kit::error::Subject::Binding("procs".into()))
        );
        assert!(defines_web(&sources));
        assert!(!defines_web(&[(Source::File, entries("worker: x\n"))]));
    }
}
