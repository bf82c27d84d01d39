//! The errors (and warnings) this buildpack reports, beyond the ones the kit makes.

use crate::label_list::ListError;
use crate::labels::IMAGE_LABELS;
use crate::oci::{PREFIX, VARIABLES};
use stowage_kit::Error;

pub(crate) fn malformed_labels(error: &ListError) -> Error {
    Error::new(
        "image-labels/malformed-labels",
        format!("{IMAGE_LABELS} has an item that is not key=value"),
        format!(
            "The item `{}` {}.\n\
             {IMAGE_LABELS} is a space-separated list of key=value items; quote a value that holds\n\
             spaces, and escape a quote inside it with a backslash:\n\
             a=b c=\"d e\" f='g h' g=\"say \\\"hi\\\"\"",
            error.token(),
            error.problem()
        ),
    )
    .variable(IMAGE_LABELS)
}

/// A warning: `name` starts with `BP_OCI_` but is none of the OCI annotations.
pub(crate) fn unknown_oci_variable(name: &str) -> Error {
    let known: Vec<&str> = VARIABLES
        .iter()
        .map(|(variable, _)| variable.trim_start_matches(PREFIX))
        .collect();
    Error::new(
        "image-labels/unknown-oci-variable",
        format!("{name} is not an OCI annotation, so it adds no label"),
        format!(
            "The BP_OCI_ variables are {PREFIX}<NAME> for NAME in: {}.\n\
             Fix the name, or set the label through BP_IMAGE_LABELS, e.g. `my.label=value`.",
            known.join(", ")
        ),
    )
    .variable(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_list_names_the_variable_and_the_item() {
        let error = ListError::UnclosedQuote {
            token: "description=\"unclosed value".to_string(),
        };
        insta::assert_snapshot!(malformed_labels(&error).render());
    }

    #[test]
    fn unknown_variables_warn() {
        insta::assert_snapshot!(unknown_oci_variable("BP_OCI_AUTHOR").render());
    }
}
