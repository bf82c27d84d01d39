//! `scripts/bench`'s report: the samples it measured (several runs of each figure) as a
//! table of median, min and max, in markdown to read and JSON to compare with a later run.

pub mod install;

use std::collections::BTreeMap;
use std::fmt::Write;

/// One figure and every run of it, in the order measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub group: String,
    pub measure: String,
    pub unit: String,
    pub runs: Vec<f64>,
}

impl Figure {
    #[must_use]
    pub fn median(&self) -> f64 {
        let mut sorted = self.runs.clone();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        match sorted.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => sorted[middle],
            _ => f64::midpoint(sorted[middle - 1], sorted[middle]),
        }
    }

    #[must_use]
    pub fn min(&self) -> f64 {
        self.runs.iter().copied().fold(f64::INFINITY, f64::min)
    }

    #[must_use]
    pub fn max(&self) -> f64 {
        self.runs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Figures from `group<TAB>measure<TAB>unit<TAB>value` lines, in the order first seen.
pub fn parse_samples(text: &str) -> crate::Result<Vec<Figure>> {
    let mut figures: Vec<Figure> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [group, measure, unit, value] = fields[..] else {
            return Err(format!("sample line {}: not 4 tab-separated fields", number + 1).into());
        };
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("sample line {}: `{value}` is not a number", number + 1))?;
        let key = (group.to_string(), measure.to_string());
        let position = *index.entry(key).or_insert_with(|| {
            figures.push(Figure {
                group: group.to_string(),
                measure: measure.to_string(),
                unit: unit.to_string(),
                runs: Vec::new(),
            });
            figures.len() - 1
        });
        figures[position].runs.push(value);
    }
    Ok(figures)
}

fn shown(value: f64, unit: &str) -> String {
    match unit {
        "s" => format!("{value:.2}"),
        "MB" => format!("{value:.1}"),
        _ => format!("{value:.0}"),
    }
}

/// A table cell: a `|` in a measure's name (`curl | sha256sum`) would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The table: one row a figure, grouped as measured.
#[must_use]
pub fn markdown(figures: &[Figure], title: &str) -> String {
    let mut text = format!(
        "# {title}\n\n| group | measure | median | min | max | unit | runs |\n|---|---|---:|---:|---:|---|---:|\n"
    );
    for figure in figures {
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(&figure.group),
            cell(&figure.measure),
            shown(figure.median(), &figure.unit),
            shown(figure.min(), &figure.unit),
            shown(figure.max(), &figure.unit),
            figure.unit,
            figure.runs.len()
        );
    }
    text
}

/// The same figures as JSON, with every run, for comparing runs.
#[must_use]
pub fn json(figures: &[Figure], title: &str) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "figures": figures.iter().map(|figure| serde_json::json!({
            "group": figure.group,
            "measure": figure.measure,
            "unit": figure.unit,
            "median": figure.median(),
            "min": figure.min(),
            "max": figure.max(),
            "runs": figure.runs,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &str = "nodejs cold build\tbuilder\ts\t9.5\n\
        nodejs cold build\tbuilder\ts\t8.25\n\
        nodejs cold build\tbuilder\ts\t12\n\
        install\tcurl | sha256sum\tMB/s\t410\n\
        install\tcurl | sha256sum\tMB/s\t390\n\
        \n\
        sizes\timage\tMB\t92.4\n";

    #[test]
    fn figures_keep_their_runs_in_order_and_summarise_them() {
        let figures = parse_samples(SAMPLES).expect("samples");
        assert_eq!(figures.len(), 3);
        assert_eq!(figures[0].runs, [9.5, 8.25, 12.0]);
        assert!((figures[0].median() - 9.5).abs() < f64::EPSILON);
        assert!(
            (figures[1].median() - 400.0).abs() < f64::EPSILON,
            "an even count: the mean of the middle two"
        );
        assert!((figures[0].min() - 8.25).abs() < f64::EPSILON);
        assert!((figures[0].max() - 12.0).abs() < f64::EPSILON);
        insta::assert_snapshot!(markdown(&figures, "Stowage bench"));
        let json = json(&figures, "Stowage bench");
        assert_eq!(json["figures"][2]["runs"], serde_json::json!([92.4]));
    }

    #[test]
    fn bad_lines_are_named() {
        let error = parse_samples("a\tb\ts\n").expect_err("three fields");
        assert_eq!(
            error.to_string(),
            "sample line 1: not 4 tab-separated fields"
        );
        let error = parse_samples("a\tb\ts\tfast\n").expect_err("not a number");
        assert_eq!(error.to_string(), "sample line 1: `fast` is not a number");
    }
}
