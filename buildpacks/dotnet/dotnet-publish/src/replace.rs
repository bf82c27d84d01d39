//! The published app replaces the source (Paketo's `dotnet_source_remover.go`): every
//! top-level entry of the app folder goes, dotfiles too, and the output's entries move in.

use crate::errors;
use std::path::Path;
use stowage_kit::Error;
use stowage_kit::tree_move::move_tree;

/// Moves `published` to a folder of its own first when it lies inside `app` (a user's
/// `--output`), so removing the source keeps it. Returns how many entries the app now has.
pub(crate) fn replace_source(app: &Path, published: &Path, scratch: &Path) -> Result<usize, Error> {
    let fail = |path: &Path, error: &std::io::Error| errors::replace_failed(path, error);
    let kept = scratch.join("published");
    move_tree(published, &kept)?;
    for entry in fs_err::read_dir(app).map_err(|error| fail(app, &error))? {
        let path = entry.map_err(|error| fail(app, &error))?.path();
        let removed = if fs_err::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
            fs_err::remove_dir_all(&path)
        } else {
            fs_err::remove_file(&path)
        };
        removed.map_err(|error| fail(&path, &error))?;
    }
    let mut count = 0;
    for entry in fs_err::read_dir(&kept).map_err(|error| fail(&kept, &error))? {
        let entry = entry.map_err(|error| fail(&kept, &error))?;
        let target = app.join(entry.file_name());
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            move_tree(&entry.path(), &target)?;
        } else if fs_err::rename(entry.path(), &target).is_err() {
            // Another filesystem: copy (permissions too), then let the scratch folder go.
            fs_err::copy(entry.path(), &target).map_err(|error| fail(&target, &error))?;
        }
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_goes_and_the_output_moves_in() {
        let root = tempfile::tempdir().expect("dir");
        let app = root.path().join("app");
        for file in [
            "Web.csproj",
            ".gitignore",
            "src/Program.cs",
            "obj/project.assets.json",
        ] {
            let path = app.join(file);
            fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs_err::write(path, "source").expect("write");
        }
        // A user's --output inside the app survives the clean-up.
        let published = app.join("out");
        fs_err::create_dir_all(published.join("wwwroot")).expect("mkdir");
        fs_err::write(published.join("Web.dll"), "MZ").expect("write");
        fs_err::write(published.join("wwwroot/site.css"), "css").expect("write");
        let scratch = root.path().join("scratch");
        fs_err::create_dir_all(&scratch).expect("mkdir");
        assert_eq!(
            replace_source(&app, &published, &scratch).expect("replaced"),
            2
        );
        let mut names: Vec<String> = fs_err::read_dir(&app)
            .expect("read")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(names, ["Web.dll", "wwwroot"]);
        assert_eq!(
            fs_err::read_to_string(app.join("wwwroot/site.css")).expect("css"),
            "css"
        );
    }
}
