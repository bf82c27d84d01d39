//! The processes the launcher runs together, as the build writes them (`procs.json` in the
//! layer) and the launcher reads them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Procs {
    pub processes: Vec<Proc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Proc {
    pub name: String,
    /// The program and its arguments.
    pub command: Vec<String>,
    /// A file (FPM's socket) whose appearance says it is ready: the next process starts then,
    /// or after 10 seconds, so the web server never answers before FPM listens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_file: Option<String>,
}
