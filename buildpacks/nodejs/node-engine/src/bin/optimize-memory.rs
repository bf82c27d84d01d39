//! exec.d program (`BP_NODE_OPTIMIZE_MEMORY`): at launch, sizes the V8 heap to 75% of the
//! memory the container may use, and exposes that memory as `MEMORY_AVAILABLE` (MiB).

// The package's buildpack binary share its dependencies; some only they use. Unit tests also see the
// dev-dependencies, which only the integration tests use.
#![allow(unused_crate_dependencies)]

use libcnb::data::exec_d::ExecDProgramOutputKey;
use libcnb::data::exec_d_program_output_key;
use std::collections::HashMap;
use std::path::Path;
use stowage_kit::memory::available_memory;

fn main() {
    let Some((bytes, _)) = available_memory(Path::new("/")) else {
        // Nothing to size against: leave Node's defaults alone rather than guess.
        return;
    };
    let existing = std::env::var("NODE_OPTIONS").unwrap_or_default();
    libcnb::exec_d::write_exec_d_program_output(memory_env(bytes, &existing));
}

fn memory_env(bytes: u64, existing_node_options: &str) -> HashMap<ExecDProgramOutputKey, String> {
    let available_mib = bytes / (1024 * 1024);
    let mut env = HashMap::from([(
        exec_d_program_output_key!("MEMORY_AVAILABLE"),
        available_mib.to_string(),
    )]);
    // A heap size the user chose stays.
    let user_chose = existing_node_options.contains("max-old-space-size")
        || existing_node_options.contains("max_old_space_size");
    if !user_chose {
        let heap = format!("--max-old-space-size={}", available_mib * 3 / 4);
        let options = [existing_node_options.trim(), &heap]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        env.insert(exec_d_program_output_key!("NODE_OPTIONS"), options);
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_heap_to_three_quarters_and_keeps_other_options() {
        let env = memory_env(1024 * 1024 * 1024, "--use-openssl-ca");
        assert_eq!(env[&exec_d_program_output_key!("MEMORY_AVAILABLE")], "1024");
        assert_eq!(
            env[&exec_d_program_output_key!("NODE_OPTIONS")],
            "--use-openssl-ca --max-old-space-size=768"
        );
    }

    #[test]
    fn keeps_a_heap_size_the_user_chose() {
        let env = memory_env(512 * 1024 * 1024, "--max-old-space-size=100");
        assert_eq!(env[&exec_d_program_output_key!("MEMORY_AVAILABLE")], "512");
        assert!(!env.contains_key(&exec_d_program_output_key!("NODE_OPTIONS")));
    }
}
