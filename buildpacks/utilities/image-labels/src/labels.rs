//! Every label, in the order they are applied: the `BP_OCI_*` annotations, then
//! `BP_IMAGE_LABELS`, whose items replace an earlier label with the same key (as Paketo's
//! order does, where the lifecycle keeps the last label of a key).

use crate::{errors, label_list, oci};
use libcnb::Env;
use stowage_kit::Error;
use stowage_kit::config::Config;

pub(crate) const IMAGE_LABELS: &str = "BP_IMAGE_LABELS";

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label {
    pub key: String,
    pub value: String,
    /// The variable that set it.
    pub source: &'static str,
}

/// The labels, and for each replaced one: (key, old source, new source).
pub(crate) type Collected = (Vec<Label>, Vec<(String, &'static str, &'static str)>);

pub(crate) fn collect(env: &Env) -> Result<Collected, Error> {
    let config = Config::new(env);
    let mut labels: Vec<Label> = Vec::new();
    let mut replaced = Vec::new();
    let mut add = |key: String, value: String, source: &'static str| match labels
        .iter_mut()
        .find(|label| label.key == key)
    {
        Some(existing) => {
            replaced.push((key.clone(), existing.source, source));
            *existing = Label { key, value, source };
        }
        None => labels.push(Label { key, value, source }),
    };
    for (variable, key, value) in oci::labels(&config) {
        add(key.to_string(), value, variable);
    }
    // Read as written: trimming could cut an escaped trailing space.
    if let Some(list) = env.get_string_lossy(IMAGE_LABELS) {
        let items = label_list::parse(&list).map_err(|error| errors::malformed_labels(&error))?;
        for (key, value) in items {
            add(key, value, IMAGE_LABELS);
        }
    }
    Ok((labels, replaced))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_labels_replace_oci_labels_of_the_same_key() {
        let mut env = Env::new();
        env.insert("BP_OCI_VERSION", "1.0.0");
        env.insert("BP_OCI_TITLE", "app");
        env.insert(
            IMAGE_LABELS,
            "org.opencontainers.image.version=2.0.0 team=\"web platform\" team=web",
        );
        let (labels, replaced) = collect(&env).expect("valid");
        let summary: Vec<String> = labels
            .iter()
            .map(|l| format!("{}={} ({})", l.key, l.value, l.source))
            .collect();
        assert_eq!(
            summary,
            [
                "org.opencontainers.image.title=app (BP_OCI_TITLE)",
                "org.opencontainers.image.version=2.0.0 (BP_IMAGE_LABELS)",
                "team=web (BP_IMAGE_LABELS)",
            ]
        );
        assert_eq!(
            replaced,
            [
                (
                    "org.opencontainers.image.version".to_string(),
                    "BP_OCI_VERSION",
                    IMAGE_LABELS
                ),
                ("team".to_string(), IMAGE_LABELS, IMAGE_LABELS),
            ]
        );
    }

    #[test]
    fn a_malformed_list_names_the_variable_and_the_item() {
        let mut env = Env::new();
        env.insert(IMAGE_LABELS, "a=b description=\"unclosed value");
        let error = collect(&env).expect_err("unclosed quote");
        let unclosed = label_list::ListError::UnclosedQuote {
            token: "description=\"unclosed value".to_string(),
        };
        assert_eq!(error, errors::malformed_labels(&unclosed));
    }
}
