//! The handler's launch layer: the ini snippet, its folder appended to `PHP_INI_SCAN_DIR` at
//! launch (after php-dist's own folders, so its settings win).

use super::{SessionStore, errors};
use libcnb::build::BuildContext;
use libcnb::data::layer_name;
use libcnb::layer::UncachedLayerDefinition;
use libcnb::layer_env::{LayerEnv, ModificationBehavior, Scope};
use stowage_kit::Error;
use stowage_kit::bindings::Bindings;
use stowage_kit::output::Output;

/// Writes the snippet for the one binding of `store`'s type. The snippet holds the binding's
/// password, so the log names the file, not its content.
pub fn write_session_layer<B: libcnb::Buildpack<Error = Error>>(
    context: &BuildContext<B>,
    store: SessionStore,
    bindings: &Bindings,
    output: &mut Output,
) -> libcnb::Result<(), Error> {
    output.section(&format!("PHP sessions in {}", store.title()));
    let Some(binding) = store.binding(bindings)? else {
        output.step(&format!(
            "No binding of type `{}`: nothing to do",
            store.binding_type()
        ));
        return Ok(());
    };
    output.step(&format!("Binding: {}", binding.name));
    // Checked before the layer exists, so a bad binding leaves no layer behind.
    let text = store.ini(binding)?;
    let layer = context.uncached_layer(
        layer_name!("php-session-ini"),
        UncachedLayerDefinition {
            build: false,
            launch: true,
        },
    )?;
    let file = layer.path().join(store.file_name());
    fs_err::write(&file, text).map_err(|error| errors::ini_not_written(&file, &error))?;
    output.step(&format!(
        "Wrote {}: session.save_handler = {}",
        store.file_name(),
        store.title().to_lowercase()
    ));
    layer.write_env(
        LayerEnv::new()
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Append,
                "PHP_INI_SCAN_DIR",
                layer.path(),
            )
            .chainable_insert(
                Scope::Launch,
                ModificationBehavior::Delimiter,
                "PHP_INI_SCAN_DIR",
                ":",
            ),
    )?;
    output.step("PHP_INI_SCAN_DIR gets the snippet's folder at launch");
    Ok(())
}
