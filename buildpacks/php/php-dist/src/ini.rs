//! The ini files php-dist writes: php.ini (upstream's production settings with Paketo's
//! additions and the extensions every app gets) and buildpack.ini (paths of this build).

use std::fmt::Write;
use std::path::Path;

/// Extensions php.ini loads for every app: Paketo's `zip`, and those upstream PHP builds in
/// by default that Debian builds as shared modules (Paketo's PHP has them without ini lines).
pub(crate) const DEFAULT_EXTENSIONS: &[&str] = &[
    "ctype",
    "dom",
    "fileinfo",
    "iconv",
    "pdo",
    "pdo_sqlite",
    "phar",
    "posix",
    "simplexml",
    "sqlite3",
    "tokenizer",
    "xml",
    "xmlreader",
    "xmlwriter",
    "zip",
];

pub(crate) struct Inputs<'a> {
    pub app: &'a Path,
    pub lib_dir: &'a str,
    /// Ini lines enabling the extensions composer.json asks for.
    pub enable: &'a [String],
}

/// `production` (the distribution's php.ini-production) with Paketo's settings appended.
pub(crate) fn php_ini(production: &str) -> String {
    let mut text = production.trim_end().to_string();
    text.push_str("\n\n; Added by stowage/php-dist, as Paketo's php-dist does.\n[PHP]\n");
    text.push_str("date.timezone = UTC\nsession.name = JSESSIONID\n");
    for extension in DEFAULT_EXTENSIONS {
        let _ = writeln!(text, "extension = {extension}.so");
    }
    text
}

/// `include_path` (the distribution's PHP libraries, then the app's lib folder) and the
/// extension folder.
pub(crate) fn buildpack_ini(home: &Path, extension_dir: &Path, inputs: &Inputs<'_>) -> String {
    format!(
        "[PHP]\ninclude_path = \"{}:{}\"\nextension_dir = \"{}\"\n",
        home.join("lib/php").display(),
        inputs.app.join(inputs.lib_dir).display(),
        extension_dir.display()
    )
}

/// The lines enabling composer.json's extensions, or `None` when there are none.
pub(crate) fn composer_extensions_ini(enable: &[String]) -> Option<String> {
    (!enable.is_empty()).then(|| {
        let mut text =
            String::from("; The ext-* requirements of composer.json and composer.lock.\n");
        for line in enable {
            text.push_str(line);
            text.push('\n');
        }
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_ini_keeps_production_and_adds_paketo_settings() {
        let text = php_ini("[PHP]\nexpose_php = Off\n");
        assert!(text.starts_with("[PHP]\nexpose_php = Off\n"));
        assert!(text.contains("date.timezone = UTC\n"));
        assert!(text.contains("extension = zip.so\n"));
        let ini = buildpack_ini(
            Path::new("/layers/php"),
            Path::new("/layers/php/lib/php/extensions/no-debug-non-zts-20220829"),
            &Inputs {
                app: Path::new("/workspace"),
                lib_dir: "lib",
                enable: &[],
            },
        );
        assert_eq!(
            ini,
            "[PHP]\ninclude_path = \"/layers/php/lib/php:/workspace/lib\"\n\
             extension_dir = \"/layers/php/lib/php/extensions/no-debug-non-zts-20220829\"\n"
        );
        assert_eq!(composer_extensions_ini(&[]), None);
    }
}
