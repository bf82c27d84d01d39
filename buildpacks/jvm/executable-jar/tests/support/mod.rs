//! The executable-jar buildpack packaged for a test, and jars made with the `zip` crate.

use integration_tests::direct::Workspace;
use std::io::Write;

pub(crate) const EXECUTABLE: &str = "Manifest-Version: 1.0\nMain-Class: com.example.App\n";
pub(crate) const LIBRARY: &str = "Manifest-Version: 1.0\nCreated-By: Maven\n";

pub(crate) fn workspace() -> Workspace {
    integration_tests::workspace!("executable-jar")
}

/// Writes a jar into the app: its manifest (none when `None`) and one class.
pub(crate) fn jar(workspace: &Workspace, relative: &str, manifest: Option<&str>) {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    if let Some(manifest) = manifest {
        zip.start_file("META-INF/MANIFEST.MF", options)
            .expect("entry");
        zip.write_all(manifest.as_bytes()).expect("write");
    }
    zip.start_file("com/example/App.class", options)
        .expect("entry");
    zip.write_all(b"\xca\xfe\xba\xbe").expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    let path = workspace.app_dir.join(relative);
    fs_err::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs_err::write(path, bytes).expect("write jar");
}
