//! Service bindings as a platform mounts them: each input line `name/key=value` becomes a
//! file (`type` and `provider` are keys like any other), then the kit reads the tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stowage_fuzz::scratch;
use stowage_kit::bindings::Bindings;

fuzz_target!(|data: &[u8]| {
    let root = scratch().join("bindings");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("bindings root");
    let text = String::from_utf8_lossy(data);
    for line in text.lines().take(16) {
        let Some((path, value)) = line.split_once('=') else {
            continue;
        };
        let Some((name, key)) = path.split_once('/') else {
            continue;
        };
        // Names the file system cannot hold are not bindings a platform can mount.
        if [name, key]
            .iter()
            .any(|part| part.is_empty() || part.contains(['/', '\0']) || *part == "." || *part == "..")
        {
            continue;
        }
        let dir = root.join(name);
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = std::fs::write(dir.join(key), value);
        }
    }
    if let Ok(bindings) = Bindings::read(&root) {
        for binding in bindings.iter() {
            for key in binding.keys() {
                let _ = binding.text(key);
                let _ = binding.value(key);
            }
        }
        let _ = bindings.of_type("ca-certificates").count();
    }
});
