//! Installing packages into a folder of the app, then moving them into a cached layer.
//!
//! Package managers install into a fixed folder of the project (`node_modules`,
//! `vendor/bundle`) and replace a symlink found there with a real folder, so they write there
//! and the result moves into the layer afterwards.

use crate::Error;
use crate::cached_layer::{CachedLayer, LayerKey, OpenedLayer};
use crate::output::Output;
use crate::tree_move::{folder_name, move_tree};
use libcnb::Buildpack;
use libcnb::build::BuildContext;
use std::path::Path;

/// Opens `layer` and, unless the restored layer was installed from the same key, lets `run`
/// install into `staged` and moves the result to `<layer>/<folder name of staged>`. `run` gets
/// the layer's folder (for state files that belong with the packages). The log says whether
/// the layer is reused and why. A failed install leaves no layer behind.
pub fn install_staged<B, K>(
    context: &BuildContext<B>,
    layer: CachedLayer<K>,
    staged: &Path,
    output: &mut Output,
    run: &mut dyn FnMut(&mut Output, &Path) -> Result<(), Error>,
) -> libcnb::Result<OpenedLayer<B, K>, Error>
where
    B: Buildpack<Error = Error>,
    K: LayerKey,
{
    let opened = layer.open(context)?;
    opened.log_reuse(output);
    opened.fill_if_empty(|layer_dir| {
        prepare(staged, output)?;
        run(output, layer_dir)?;
        place(staged, &layer_dir.join(folder_name(staged)))
    })?;
    Ok(opened)
}

/// A symlink left by an earlier install (or build) must not be written through.
fn prepare(staged: &Path, output: &mut Output) -> Result<(), Error> {
    match fs_err::symlink_metadata(staged) {
        Ok(meta) if meta.is_symlink() => {
            fs_err::remove_file(staged).map_err(|error| link_failed(staged, &error))
        }
        Ok(_) => {
            output.step(&format!(
                "The app ships a {} folder: it is the starting point",
                folder_name(staged)
            ));
            Ok(())
        }
        Err(_) => Ok(()),
    }
}

/// Moves the install into the layer; a project without packages gets an empty folder.
fn place(staged: &Path, target: &Path) -> Result<(), Error> {
    if fs_err::symlink_metadata(staged).is_ok() {
        return move_tree(staged, target);
    }
    fs_err::create_dir_all(target).map_err(|error| layer_failed(target, &error))
}

fn link_failed(link: &Path, error: &std::io::Error) -> Error {
    let name = folder_name(link);
    Error::new(
        "kit/staged-link-failed",
        format!("The app's {name} link could not be replaced"),
        format!(
            "An earlier build left {name} as a symlink, which is replaced before installing. \
             Check that the app folder is writable by the build user."
        ),
    )
    .file(link)
    .debug(error)
}

fn layer_failed(target: &Path, error: &std::io::Error) -> Error {
    Error::new(
        "kit/layer-folder-failed",
        format!("The layer for {} could not be created", folder_name(target)),
        "Check that the disk is not full and that the layers folder is writable by the build user.",
    )
    .file(target)
    .debug(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_system_failures_say_what_to_check() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        insta::assert_snapshot!(format!(
            "{}{}",
            link_failed(Path::new("/workspace/node_modules"), &error).render(),
            layer_failed(Path::new("/layers/x/node_modules"), &error).render()
        ));
    }

    #[test]
    fn an_install_that_made_nothing_gets_an_empty_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("layer/node_modules");
        place(&dir.path().join("app/node_modules"), &target).expect("place");
        assert!(target.is_dir());
    }
}
