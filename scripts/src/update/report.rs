//! The plan as people read it: per file, each entry added, removed or changed and why; then a
//! CHANGELOG-style summary for a release note or a pull request body.

use super::FilePlan;
use super::plan::Change;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use stowage_kit::inventory::Dependency;

fn label(entry: &Dependency) -> String {
    // One named stack (Paketo's per-distribution builds): its last word, `jammy`.
    let stack = match entry.stacks.as_slice() {
        [stack] if stack != "*" => Some(stack.rsplit('.').next().unwrap_or(stack)),
        _ => None,
    };
    let platform = match (&entry.os, &entry.arch, stack) {
        (Some(os), Some(arch), Some(stack)) => format!(" ({os}/{arch}, {stack})"),
        (Some(os), Some(arch), None) => format!(" ({os}/{arch})"),
        (None, Some(arch), Some(stack)) => format!(" ({arch}, {stack})"),
        (None, Some(arch), None) => format!(" ({arch})"),
        (_, None, Some(stack)) => format!(" ({stack})"),
        _ => String::new(),
    };
    format!("{} {}{platform}", entry.id, entry.version)
}

/// Per file: `+`, `-`, `~` lines with their reasons, `>` for a source release to build (its
/// verified source once per release), notes, and errors by header.
#[must_use]
pub fn render(plans: &[FilePlan]) -> String {
    let mut out = String::new();
    for plan in plans {
        let status = if !plan.errors.is_empty() {
            "failed in part"
        } else if plan.changes.is_empty() {
            "up to date"
        } else if plan.written {
            "updated"
        } else if plan.changes.iter().any(Change::writes) {
            "update due"
        } else {
            "source release due"
        };
        let _ = writeln!(out, "{}: {status}", plan.name);
        let mut sources_shown: Vec<&str> = Vec::new();
        for change in &plan.changes {
            let _ = match change {
                Change::Added { entry, why, .. } => {
                    writeln!(out, "  + {:<36} {why}", label(entry))
                }
                Change::Removed { entry, why } => {
                    writeln!(out, "  - {:<36} {why}", label(entry))
                }
                Change::Changed { before, after, why } => writeln!(
                    out,
                    "  ~ {:<36} {why}: deprecation_date {} -> {}",
                    label(before),
                    before.deprecation_date.as_deref().unwrap_or("none"),
                    after.deprecation_date.as_deref().unwrap_or("none")
                ),
                Change::SourceDue {
                    version,
                    template,
                    source,
                    hint,
                    why,
                } => {
                    let mut due = template.clone();
                    due.version = version.clone();
                    if !sources_shown.contains(&source.url.as_str()) {
                        sources_shown.push(&source.url);
                        let _ = writeln!(
                            out,
                            "  > source {} {}\n      {} {}, verified by {}",
                            template.id, version, source.url, source.checksum, source.verified_by
                        );
                    }
                    writeln!(out, "  > {:<36} {why}: build it, then {hint}", label(&due))
                }
            };
        }
        for note in &plan.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        for error in &plan.errors {
            let _ = writeln!(out, "  error: {} [{}]", error.header, error.id);
        }
    }
    out
}

/// `## Dependency updates` with one line per dependency and file; empty when nothing changes.
#[must_use]
pub fn summary(plans: &[FilePlan]) -> String {
    let mut lines = Vec::new();
    for plan in plans {
        let mut ids: Vec<&str> = Vec::new();
        for change in &plan.changes {
            let id = match change {
                Change::Added { entry, .. } | Change::Removed { entry, .. } => entry.id.as_str(),
                Change::Changed { after, .. } => after.id.as_str(),
                Change::SourceDue { template, .. } => template.id.as_str(),
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        for id in ids {
            let versions = |pick: fn(&Change) -> Option<&Dependency>| {
                plan.changes
                    .iter()
                    .filter_map(pick)
                    .filter(|entry| entry.id == id)
                    .map(|entry| entry.version.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .map(|version| version.to_string())
                    .collect::<Vec<_>>()
            };
            let added = versions(|change| match change {
                Change::Added { entry, .. } => Some(entry),
                _ => None,
            });
            let removed = versions(|change| match change {
                Change::Removed { entry, .. } => Some(entry),
                _ => None,
            });
            let changed = versions(|change| match change {
                Change::Changed { after, .. } => Some(after),
                _ => None,
            });
            let to_build: BTreeSet<&semver::Version> = plan
                .changes
                .iter()
                .filter_map(|change| match change {
                    Change::SourceDue {
                        version, template, ..
                    } if template.id == id => Some(version),
                    _ => None,
                })
                .collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("add {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("remove {}", removed.join(", ")));
            }
            if !changed.is_empty() {
                parts.push(format!("new deprecation dates for {}", changed.join(", ")));
            }
            if !to_build.is_empty() {
                let versions: Vec<String> = to_build.iter().map(ToString::to_string).collect();
                parts.push(format!(
                    "build {} from the verified source",
                    versions.join(", ")
                ));
            }
            lines.push(format!("- {id} ({}): {}", plan.name, parts.join("; ")));
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("## Dependency updates\n\n{}\n", lines.join("\n"))
}
