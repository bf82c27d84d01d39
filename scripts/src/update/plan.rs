//! What should change in one metadata file: the lines tracked, and per line the newest
//! `patches` releases kept, older ones dropped.

use super::built::{self, Artifact};
use super::http::Http;
use super::retriever::{Found, Release, Retriever, VerifiedSource};
use stowage_kit::Error;
use stowage_kit::inventory::{Dependency, Inventory};
use stowage_kit::version::{NpmRange, VersionConstraint};

/// A version line tracked for one id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Line {
    pub id: String,
    pub constraint: String,
    pub patches: usize,
}

impl Line {
    /// `22.*` → `22.x`, as release notes write it.
    fn display(&self) -> String {
        self.constraint.replace(".*", ".x")
    }

    fn newest(&self) -> String {
        match self.patches {
            1 => format!("the newest patch of {}", self.display()),
            n => format!("the newest {n} patches of {}", self.display()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added {
        entry: Dependency,
        /// The existing entry whose style and platform it follows.
        template: Dependency,
        why: String,
    },
    Removed {
        entry: Dependency,
        why: String,
    },
    Changed {
        before: Dependency,
        after: Dependency,
        why: String,
    },
    /// A source release to build on `template`'s platform; nothing is written until its
    /// built artifact is given.
    SourceDue {
        version: semver::Version,
        template: Dependency,
        source: VerifiedSource,
        /// The `--artifact` option that would write it.
        hint: String,
        why: String,
    },
}

impl Change {
    /// Whether applying it changes the file.
    #[must_use]
    pub fn writes(&self) -> bool {
        !matches!(self, Self::SourceDue { .. })
    }
}

/// The lines of `id`: the file's `dependency-constraints`, else one per major present, keeping
/// as many patches as it has now (the note says so).
pub(super) fn lines(inventory: &Inventory, id: &str) -> (Vec<Line>, Option<String>) {
    let declared: Vec<Line> = inventory
        .dependency_constraints
        .iter()
        .filter(|constraint| constraint.id == id)
        .map(|constraint| Line {
            id: id.to_string(),
            constraint: constraint.constraint.clone(),
            patches: constraint.patches.max(1),
        })
        .collect();
    if !declared.is_empty() {
        return (declared, None);
    }
    let mut majors: Vec<u64> = entries_of(inventory, id).map(|e| e.version.major).collect();
    majors.sort_unstable();
    majors.dedup();
    let lines: Vec<Line> = majors
        .iter()
        .map(|major| {
            let mut versions: Vec<_> = entries_of(inventory, id)
                .filter(|e| e.version.major == *major)
                .map(|e| &e.version)
                .collect();
            versions.sort();
            versions.dedup();
            Line {
                id: id.to_string(),
                constraint: format!("{major}.*"),
                patches: versions.len(),
            }
        })
        .collect();
    let note = format!(
        "{id}: no dependency-constraints; tracking the majors present ({}) with as many patches as now",
        lines
            .iter()
            .map(Line::display)
            .collect::<Vec<_>>()
            .join(", ")
    );
    (lines, Some(note))
}

fn entries_of<'a>(inventory: &'a Inventory, id: &'a str) -> impl Iterator<Item = &'a Dependency> {
    inventory.dependencies.iter().filter(move |e| e.id == id)
}

fn range(line: &Line) -> Option<NpmRange> {
    NpmRange::parse(&line.constraint).ok()
}

/// The changes for `id`, downloading and verifying every entry to add. Any error leaves the
/// whole id unchanged.
pub(super) fn plan_id(
    inventory: &Inventory,
    id: &str,
    retriever: &dyn Retriever,
    http: &Http,
    artifacts: &[Artifact],
    notes: &mut Vec<String>,
) -> Result<Vec<Change>, Error> {
    let (lines, note) = lines(inventory, id);
    notes.extend(note);
    let mut releases: Vec<Release> = retriever
        .releases(http)?
        .into_iter()
        .filter(|release| release.version.pre.is_empty())
        .collect();
    releases.sort_by(|a, b| b.version.cmp(&a.version));
    releases.dedup_by(|a, b| a.version == b.version);

    let mut changes = Vec::new();
    for line in &lines {
        let mut line_changes = Vec::new();
        let Some(range) = range(line) else {
            notes.push(format!(
                "{id}: `{}` is not a version range; skipped",
                line.constraint
            ));
            continue;
        };
        let existing: Vec<&Dependency> = entries_of(inventory, id)
            .filter(|e| range.matches(&e.version))
            .collect();
        let wanted: Vec<&Release> = releases
            .iter()
            .filter(|release| range.matches(&release.version))
            .take(line.patches)
            .collect();
        if wanted.is_empty() {
            notes.push(format!(
                "{id} {}: {} lists no stable release; entries kept",
                line.display(),
                retriever.upstream()
            ));
            continue;
        }
        // An upstream behind the file (Maven Central's Tomcat lags Apache's downloads) would
        // swap newer entries for older ones: the line is left as it is.
        let newest_listed = &wanted[0].version;
        if let Some(ahead) = existing.iter().find(|e| e.version > *newest_listed) {
            notes.push(format!(
                "{id} {}: {} lists {newest_listed} as the newest, behind {} in the file; entries kept",
                line.display(),
                retriever.upstream(),
                ahead.version
            ));
            continue;
        }
        line_changes.extend(removals(&existing, &wanted, line, retriever.upstream()));
        let templates = templates(if existing.is_empty() {
            entries_of(inventory, id).collect()
        } else {
            existing.clone()
        });
        let newest_present = existing.iter().map(|e| &e.version).max();
        for release in &wanted {
            for template in &templates {
                // Stacks tell platforms apart only where one platform has several templates.
                let per_stack = templates
                    .iter()
                    .filter(|t| t.os == template.os && t.arch == template.arch)
                    .count()
                    > 1;
                let present = existing.iter().find(|e| {
                    e.version == release.version
                        && e.os == template.os
                        && e.arch == template.arch
                        && (!per_stack || e.stacks == template.stacks)
                });
                if let Some(present) = present {
                    if release.deprecation_date.is_some()
                        && release.deprecation_date != present.deprecation_date
                    {
                        let mut after = (*present).clone();
                        after.deprecation_date.clone_from(&release.deprecation_date);
                        line_changes.push(Change::Changed {
                            before: (*present).clone(),
                            after,
                            why: "deprecation date from the upstream schedule".to_string(),
                        });
                    }
                    continue;
                }
                let why = if newest_present.is_none_or(|newest| release.version > *newest) {
                    format!("newer patch of {}", line.display())
                } else {
                    format!("one of {}", line.newest())
                };
                line_changes.push(addition(
                    retriever, release, template, artifacts, http, why,
                )?);
            }
        }
        keep_until_built(id, line, &mut line_changes, notes);
        changes.extend(line_changes);
    }
    Ok(changes)
}

/// The entries of the line that are not among the releases wanted.
fn removals(
    existing: &[&Dependency],
    wanted: &[&Release],
    line: &Line,
    upstream: &str,
) -> Vec<Change> {
    let oldest_wanted = wanted.last().map(|release| &release.version);
    existing
        .iter()
        .filter(|entry| {
            !wanted
                .iter()
                .any(|release| release.version == entry.version)
        })
        .map(|entry| Change::Removed {
            entry: (*entry).clone(),
            why: if oldest_wanted.is_some_and(|oldest| entry.version < *oldest) {
                format!("fell out of {}", line.newest())
            } else {
                format!("not listed by {upstream}")
            },
        })
        .collect()
}

/// The entry `release` adds on `template`'s platform; for a source release, the entry from
/// its built artifact, else the source to build.
fn addition(
    retriever: &dyn Retriever,
    release: &Release,
    template: &Dependency,
    artifacts: &[Artifact],
    http: &Http,
    why: String,
) -> Result<Change, Error> {
    let entry = match retriever.entry(release, template, http)? {
        Found::Entry(entry) => *entry,
        Found::Source(source) => {
            let Some(artifact) = built::artifact_for(artifacts, release, template)? else {
                return Ok(Change::SourceDue {
                    version: release.version.clone(),
                    template: template.clone(),
                    source,
                    hint: Artifact::hint(release, template),
                    why,
                });
            };
            built::entry(release, template, &source, artifact, http)?
        }
    };
    Ok(Change::Added {
        entry,
        template: template.clone(),
        why,
    })
}

/// While a newer release of the line waits for its built artifact, the entries it would
/// push out stay: the line is never left with fewer builds than it had.
fn keep_until_built(id: &str, line: &Line, changes: &mut Vec<Change>, notes: &mut Vec<String>) {
    if !changes.iter().any(|change| !change.writes()) {
        return;
    }
    let mut kept: Vec<String> = Vec::new();
    changes.retain(|change| match change {
        Change::Removed { entry, .. } => {
            let version = entry.version.to_string();
            if !kept.contains(&version) {
                kept.push(version);
            }
            false
        }
        _ => true,
    });
    if !kept.is_empty() {
        notes.push(format!(
            "{id} {}: {} kept until the built artifacts of its newer releases are added",
            line.display(),
            kept.join(", ")
        ));
    }
}

/// One entry per platform (os, arch), the newest of each; where the newest release has
/// several entries for one platform (one per stack), each of them.
fn templates(mut entries: Vec<&Dependency>) -> Vec<Dependency> {
    entries.sort_by(|a, b| b.version.cmp(&a.version));
    let newest = entries.first().map(|entry| entry.version.clone());
    let mut templates: Vec<Dependency> = Vec::new();
    for entry in entries {
        let taken = templates.iter().any(|t| {
            t.os == entry.os
                && t.arch == entry.arch
                && (t.stacks == entry.stacks || Some(&entry.version) != newest.as_ref())
        });
        if !taken {
            templates.push(entry.clone());
        }
    }
    templates.sort_by(|a, b| a.arch.cmp(&b.arch).then_with(|| a.stacks.cmp(&b.stacks)));
    templates
}
