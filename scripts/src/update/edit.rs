//! Applies changes to a metadata file's text: untouched entries keep their text byte for
//! byte; a new entry is written in the layout of the entry it was made from.

use super::plan::Change;
use stowage_kit::inventory::Dependency;

struct Block {
    text: String,
    entry: Option<Dependency>,
}

/// The file with `changes` applied.
pub(super) fn apply(text: &str, changes: &[Change]) -> Result<String, String> {
    let (head, mut blocks, tail) = split(text)?;
    let find = |blocks: &[Block], wanted: &Dependency| {
        blocks
            .iter()
            .position(|block| block.entry.as_ref() == Some(wanted))
    };
    // New texts first, from templates that may themselves be removed below.
    let mut added = Vec::new();
    for change in changes {
        match change {
            Change::Added {
                entry, template, ..
            } => {
                let index = find(&blocks, template).ok_or_else(|| {
                    format!("no entry {} {} to follow", template.id, template.version)
                })?;
                added.push((entry.clone(), render(&blocks[index].text, entry)?));
            }
            Change::Changed { before, after, .. } => {
                let index = find(&blocks, before).ok_or_else(|| {
                    format!("no entry {} {} to change", before.id, before.version)
                })?;
                let text = render(&blocks[index].text, after)?;
                blocks[index] = Block {
                    text,
                    entry: Some(after.clone()),
                };
            }
            Change::Removed { .. } | Change::SourceDue { .. } => {}
        }
    }
    for change in changes {
        if let Change::Removed { entry, .. } = change {
            let index = find(&blocks, entry)
                .ok_or_else(|| format!("no entry {} {} to remove", entry.id, entry.version))?;
            blocks.remove(index);
        }
    }
    for (entry, text) in added {
        // After the last entry of the id not newer than it, else before the id's first.
        let same_id = |block: &Block| block.entry.as_ref().is_some_and(|e| e.id == entry.id);
        let position = blocks
            .iter()
            .rposition(|block| {
                same_id(block)
                    && block
                        .entry
                        .as_ref()
                        .is_some_and(|e| (&e.version, &e.arch) <= (&entry.version, &entry.arch))
            })
            .map(|index| index + 1)
            .or_else(|| blocks.iter().position(same_id))
            .unwrap_or(blocks.len());
        blocks.insert(
            position,
            Block {
                text,
                entry: Some(entry),
            },
        );
    }
    let mut out = head;
    for block in &blocks {
        out.push_str(&block.text);
    }
    out.push_str(&tail);
    // Blocks end in a blank line; the file ends in one newline.
    out.truncate(out.trim_end().len());
    out.push('\n');
    Ok(out)
}

/// The text before the first `[[dependencies]]`, one block per entry (its trailing blank
/// lines included, each ending in a blank line), and any table after them.
fn split(text: &str) -> Result<(String, Vec<Block>, String), String> {
    let mut head = String::new();
    let mut blocks: Vec<String> = Vec::new();
    let mut tail = String::new();
    for line in text.split_inclusive('\n') {
        // A table header starts at column 0; array values and their items do not.
        let header = line.starts_with('[') && line.trim_end().ends_with(']');
        if !tail.is_empty() || (header && !blocks.is_empty() && line.trim() != "[[dependencies]]") {
            tail.push_str(line);
        } else if line.trim() == "[[dependencies]]" {
            blocks.push(line.to_string());
        } else if let Some(current) = blocks.last_mut() {
            current.push_str(line);
        } else {
            head.push_str(line);
        }
    }
    let mut parsed = Vec::new();
    for mut text in blocks {
        while !text.ends_with("\n\n") {
            text.push('\n');
        }
        let body = text.split_once('\n').map_or("", |(_, body)| body);
        let entry = toml::from_str::<Dependency>(body).map_err(|error| error.to_string())?;
        parsed.push(Block {
            text,
            entry: Some(entry),
        });
    }
    Ok((head, parsed, tail))
}

/// `entry` in the layout of `template`'s text: its key order, its blank lines, its multi-line
/// arrays; keys the template lacks go where they sort when its keys are sorted (Paketo's
/// files), else last.
fn render(template: &str, entry: &Dependency) -> Result<String, String> {
    let toml::Value::Table(mut values) =
        toml::Value::try_from(entry).map_err(|error| error.to_string())?
    else {
        return Err("an entry is not a table".to_string());
    };
    // Each piece: the key it writes (none for a comment) and its text.
    let mut pieces: Vec<(Option<String>, String)> = Vec::new();
    let mut lines = template.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((key, value)) = line.split_once('=') else {
            if !line.trim().is_empty() {
                pieces.push((None, line_of(line, "", "")));
            }
            continue;
        };
        let key = key.trim();
        let multiline = value.trim() == "[";
        if multiline {
            for rest in lines.by_ref() {
                if rest.trim() == "]" {
                    break;
                }
            }
        }
        let Some(value) = values.remove(key) else {
            continue;
        };
        let text = match value {
            toml::Value::Array(items) if multiline => {
                let mut text = format!("{key} = [\n");
                for item in items {
                    text.push_str(&line_of("    ", &item.to_string(), ","));
                }
                text.push_str("]\n");
                text
            }
            value => line_of(key, " = ", &value.to_string()),
        };
        pieces.push((Some(key.to_string()), text));
    }
    let keys: Vec<&String> = pieces.iter().filter_map(|(key, _)| key.as_ref()).collect();
    let sorted = keys.windows(2).all(|pair| pair[0] <= pair[1]);
    for (key, value) in values {
        let text = line_of(&key, " = ", &value.to_string());
        let at = if sorted {
            pieces
                .iter()
                .position(|(other, _)| other.as_ref().is_some_and(|other| *other > key))
                .unwrap_or(pieces.len())
        } else {
            pieces.len()
        };
        pieces.insert(at, (Some(key), text));
    }
    let mut out: String = pieces.into_iter().map(|(_, text)| text).collect();
    out.push('\n');
    Ok(out)
}

fn line_of(a: &str, b: &str, c: &str) -> String {
    [a, b, c, "\n"].concat()
}
