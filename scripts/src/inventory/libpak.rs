//! `convert-libpak`: dependency entries in libpak's format (Paketo's Java buildpacks:
//! `sha256`, `source-sha256`, a `cpes` list, licenses as `{ type, uri }` tables) rewritten in
//! the format of `dependency-metadata/`, value for value.
//!
//! What has no place in our format: a license's `uri` (we keep its SPDX `type`). What our
//! format needs and libpak says elsewhere: `arch` (libpak reads it from the purl's `arch`
//! qualifier; no qualifier means any arch) and `strip-components` (libpak buildpacks unpack
//! every distribution with its one top folder stripped).

use crate::Result;
use std::collections::BTreeMap;
use stowage_kit::inventory::{Inventory, lint};
use toml::{Table, Value};

/// libpak entry keys, and what each becomes. Any other key fails the conversion, so nothing
/// upstream adds is dropped unnoticed.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "uri",
    "sha256",
    "source",
    "source-sha256",
    "stacks",
    "cpes",
    "purl",
    "licenses",
    "deprecation_date",
];

/// What libpak buildpacks strip while unpacking a distribution (libjvm, maven).
const LIBPAK_STRIP_COMPONENTS: i64 = 1;

/// Converts the libpak file `text` (entries under `[[dependencies]]` or a buildpack.toml's
/// `[[metadata.dependencies]]`) into our format, keeping the entries whose id is in `ids`
/// (all when empty), with `defaults` as `[default-versions]`. The text starts with the input's
/// leading comment (its provenance) under a line saying how the file was made.
pub fn convert(text: &str, ids: &[String], defaults: &BTreeMap<String, String>) -> Result<String> {
    let table: Table = text.parse().map_err(|error| format!("not TOML: {error}"))?;
    let entries = table
        .get("metadata")
        .and_then(|metadata| metadata.get("dependencies"))
        .or_else(|| table.get("dependencies"))
        .and_then(Value::as_array)
        .ok_or("no [[dependencies]] or [[metadata.dependencies]] entries")?;
    let mut dependencies = Vec::new();
    let mut notes = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let entry = entry
            .as_table()
            .ok_or_else(|| format!("dependencies[{index}] is not a table"))?;
        let id = entry.get("id").and_then(Value::as_str).unwrap_or_default();
        if ids.is_empty() || ids.iter().any(|wanted| wanted == id) {
            let converted = convert_entry(entry, &mut notes)
                .map_err(|error| format!("dependencies[{index}] ({id}): {error}"))?;
            dependencies.push(Value::Table(converted));
        }
    }
    if dependencies.is_empty() {
        return Err(format!("no entry has an id in {ids:?}").into());
    }
    let mut out = Table::new();
    if !defaults.is_empty() {
        let defaults = defaults
            .iter()
            .map(|(id, constraint)| (id.clone(), Value::String(constraint.clone())))
            .collect();
        out.insert("default-versions".into(), Value::Table(defaults));
    }
    out.insert("dependencies".into(), Value::Array(dependencies));
    let body = toml::to_string(&out)?;
    let problems = lint(&body);
    if !problems.is_empty() {
        return Err(format!(
            "the converted entries are not valid:\n{}",
            problems.join("\n")
        )
        .into());
    }
    toml::from_str::<Inventory>(&body)?;
    Ok(format!("{}\n{body}", header(text, &notes)))
}

fn header(text: &str, notes: &[String]) -> String {
    let mut header = String::from(
        "# Converted with `stowage-dev convert-libpak` from libpak-format entries: regenerate it\n\
         # rather than editing. The source file's header:\n",
    );
    for line in text.lines().take_while(|line| line.starts_with('#')) {
        header.push_str(line);
        header.push('\n');
    }
    if !notes.is_empty() {
        header.push_str("#\n# Left out of the entries, as published invalid:\n");
        for note in notes {
            header.push_str("# - ");
            header.push_str(note);
            header.push('\n');
        }
    }
    header
}

fn convert_entry(entry: &Table, notes: &mut Vec<String>) -> Result<Table> {
    if let Some(unknown) = entry.keys().find(|key| !KNOWN_KEYS.contains(&key.as_str())) {
        return Err(format!("unknown libpak field `{unknown}`").into());
    }
    let text = |key: &str| -> Result<Option<String>> {
        match entry.get(key) {
            None => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.clone())),
            // libpak writes `deprecation_date` as a TOML date-time.
            Some(Value::Datetime(value)) => Ok(Some(value.to_string())),
            Some(other) => Err(format!("`{key}` is {other}, not a string").into()),
        }
    };
    let required =
        |key: &str| -> Result<String> { text(key)?.ok_or_else(|| format!("no `{key}`").into()) };
    let mut out = Table::new();
    let mut put = |key: &str, value: String| {
        out.insert(key.to_string(), Value::String(value));
    };
    put("id", required("id")?);
    put("version", required("version")?);
    put("uri", required("uri")?);
    put("checksum", format!("sha256:{}", required("sha256")?));
    for (from, to) in [("name", "name"), ("source", "source"), ("purl", "purl")] {
        if let Some(value) = text(from)? {
            put(to, value);
        }
    }
    if let Some(hex) = text("source-sha256")? {
        put("source-checksum", format!("sha256:{hex}"));
    }
    if let Some(date) = text("deprecation_date")? {
        put("deprecation_date", date);
    }
    if let Some(arch) = text("purl")?.as_deref().and_then(purl_arch) {
        put("arch", arch.to_string());
    }
    match strings(entry, "cpes")?.as_slice() {
        [] => {}
        [cpe] if is_cpe23(cpe) => put("cpe", cpe.clone()),
        // Published malformed (Java 8's has one `*` too many): left out rather than guessed,
        // and said in the file's header.
        [cpe] => notes.push(format!(
            "{} {} {}: cpe `{cpe}` is not CPE 2.3",
            required("id")?,
            required("version")?,
            text("purl")?
                .as_deref()
                .and_then(purl_arch)
                .unwrap_or("any arch"),
        )),
        many => {
            return Err(format!(
                "{} cpes ({}), and our format holds one: leave the entry out with --id",
                many.len(),
                many.join(", ")
            )
            .into());
        }
    }
    let stacks = strings(entry, "stacks")?;
    if !stacks.is_empty() {
        out.insert("stacks".into(), string_array(stacks));
    }
    let licenses = licenses(entry)?;
    if !licenses.is_empty() {
        out.insert("licenses".into(), string_array(licenses));
    }
    out.insert(
        "strip-components".into(),
        Value::Integer(LIBPAK_STRIP_COMPONENTS),
    );
    Ok(out)
}

/// `cpe:2.3:` and eleven more parts (the kit's lint checks the rest).
fn is_cpe23(cpe: &str) -> bool {
    cpe.starts_with("cpe:2.3:") && cpe.replace("\\:", "").split(':').count() == 13
}

/// The `arch` qualifier of a purl (`pkg:generic/bellsoft-jdk@21.0.11?arch=amd64`).
fn purl_arch(purl: &str) -> Option<&str> {
    let (_, qualifiers) = purl.split_once('?')?;
    let qualifiers = qualifiers.split('#').next().unwrap_or_default();
    qualifiers
        .split('&')
        .find_map(|pair| pair.strip_prefix("arch="))
}

fn strings(entry: &Table, key: &str) -> Result<Vec<String>> {
    let Some(value) = entry.get(key) else {
        return Ok(Vec::new());
    };
    value
        .as_array()
        .ok_or_else(|| format!("`{key}` is not a list"))?
        .iter()
        .map(|item| {
            item.as_str()
                .map(String::from)
                .ok_or_else(|| format!("`{key}` holds {item}, not a string").into())
        })
        .collect()
}

/// libpak licenses are `{ type = "<SPDX>", uri = "…" }`; ours are the SPDX ids.
fn licenses(entry: &Table) -> Result<Vec<String>> {
    let Some(value) = entry.get("licenses") else {
        return Ok(Vec::new());
    };
    value
        .as_array()
        .ok_or("`licenses` is not a list")?
        .iter()
        .map(|license| {
            license
                .get("type")
                .and_then(Value::as_str)
                .map(String::from)
                .ok_or_else(|| format!("license {license} has no `type`").into())
        })
        .collect()
}

fn string_array(items: Vec<String>) -> Value {
    Value::Array(items.into_iter().map(Value::String).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stowage_kit::inventory::Target;

    const JDK_SHA: &str = "579d283f92e4a45a3d809312ab8ceb3890cfced65e48ecf9a99e77ce88634fa4";
    const SRC_SHA: &str = "021e58f25f5c686d0065c9cec2c0b9f3ff53328b4f9fc93afe3872e2e0c9ee8f";
    const ARM_SHA: &str = "f23c319112f9f1ac50082eed2768f24551420fd2f31773045679de1e831588b7";

    /// Both TOML spellings of licenses libpak files use, a buildpack.toml's `metadata` table,
    /// an entry of another id and one with two cpes.
    fn sample() -> String {
        format!(
            r#"# Entries from some buildpack at commit abc.

api = "0.7"

[[metadata.dependencies]]
cpes = ["cpe:2.3:a:oracle:jdk:11.0.31:*:*:*:*:*:*:*"]
id = "jdk"
name = "BellSoft Liberica JDK"
purl = "pkg:generic/bellsoft-jdk@11.0.31?arch=amd64"
sha256 = "{JDK_SHA}"
source = "https://github.com/bell-sw/Liberica/releases/download/11.0.31+11/src.tar.gz"
source-sha256 = "{SRC_SHA}"
stacks = ["io.buildpacks.stacks.bionic", "*"]
uri = "https://github.com/bell-sw/Liberica/releases/download/11.0.31+11/jdk-linux-amd64.tar.gz"
version = "11.0.31"
deprecation_date = 2027-01-01T00:00:00Z

[[metadata.dependencies.licenses]]
type = "GPL-2.0 WITH Classpath-exception-2.0"
uri = "https://openjdk.java.net/legal/gplv2+ce.html"

[[metadata.dependencies]]
id = "jre"
purl = "pkg:generic/bellsoft-jre@11.0.31?arch=arm64"
sha256 = "{ARM_SHA}"
stacks = ["*"]
uri = "https://github.com/bell-sw/Liberica/releases/download/11.0.31+11/jre-linux-aarch64.tar.gz"
version = "11.0.31"
licenses = [{{ type = "GPL-2.0 WITH Classpath-exception-2.0", uri = "https://x.org/" }}]

[[metadata.dependencies]]
cpes = ["cpe:2.3:a:oracle:graalvm:22.3.4:*:*:*:community:*:*:*", "cpe:2.3:a:oracle:jdk:11.0.22:*:*:*:*:*:*:*"]
id = "native-image-svm"
purl = "pkg:generic/bellsoft-nik@22.3.5"
sha256 = "{JDK_SHA}"
uri = "https://github.com/bell-sw/LibericaNIK/releases/download/nik.tar.gz"
version = "11.0.22"
"#
        )
    }

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(ToString::to_string).collect()
    }

    fn defaults() -> BTreeMap<String, String> {
        BTreeMap::from([("jdk".to_string(), "11.*".to_string())])
    }

    #[test]
    fn every_value_is_carried_over_under_our_names() {
        let text = convert(&sample(), &ids(&["jdk", "jre"]), &defaults()).expect("converts");
        assert!(
            text.starts_with("# Converted with `stowage-dev convert-libpak`"),
            "{text}"
        );
        assert!(text.contains("# Entries from some buildpack at commit abc.\n"));
        let inventory: Inventory = toml::from_str(&text).expect("an inventory");
        assert_eq!(inventory.default_version("jdk"), Some("11.*"));
        let [jdk, jre] = inventory.dependencies.as_slice() else {
            panic!("two entries: {inventory:?}");
        };
        assert_eq!(jdk.id, "jdk");
        assert_eq!(jdk.name.as_deref(), Some("BellSoft Liberica JDK"));
        assert_eq!(jdk.version.to_string(), "11.0.31");
        assert_eq!(
            jdk.uri,
            "https://github.com/bell-sw/Liberica/releases/download/11.0.31+11/jdk-linux-amd64.tar.gz"
        );
        assert_eq!(jdk.checksum.to_string(), format!("sha256:{JDK_SHA}"));
        assert_eq!(
            jdk.source.as_deref(),
            Some("https://github.com/bell-sw/Liberica/releases/download/11.0.31+11/src.tar.gz")
        );
        assert_eq!(
            jdk.source_checksum.as_ref().map(ToString::to_string),
            Some(format!("sha256:{SRC_SHA}"))
        );
        assert_eq!(jdk.stacks, ["io.buildpacks.stacks.bionic", "*"]);
        assert_eq!(
            jdk.cpe.as_deref(),
            Some("cpe:2.3:a:oracle:jdk:11.0.31:*:*:*:*:*:*:*")
        );
        assert_eq!(
            jdk.purl.as_deref(),
            Some("pkg:generic/bellsoft-jdk@11.0.31?arch=amd64")
        );
        assert_eq!(jdk.licenses, ["GPL-2.0 WITH Classpath-exception-2.0"]);
        assert_eq!(
            jdk.deprecation_date.as_deref(),
            Some("2027-01-01T00:00:00Z")
        );
        assert_eq!(jdk.strip_components, 1);
        assert_eq!(jdk.arch.as_deref(), Some("amd64"));
        // The arm64 entry fits arm64 machines only, as libpak picks it.
        assert_eq!(jre.arch.as_deref(), Some("arm64"));
        assert_eq!(jre.checksum.to_string(), format!("sha256:{ARM_SHA}"));
        assert_eq!(jre.cpe, None);
        assert_eq!(jre.licenses, ["GPL-2.0 WITH Classpath-exception-2.0"]);
        let arm = Target::new("linux", "aarch64", "debian", "12");
        assert!(arm.fits(jre) && !arm.fits(jdk));
    }

    #[test]
    fn an_entry_with_two_cpes_is_refused_unless_left_out() {
        let error = convert(&sample(), &[], &BTreeMap::new()).expect_err("two cpes");
        let message = error.to_string();
        assert!(
            message.contains("dependencies[2] (native-image-svm): 2 cpes"),
            "{message}"
        );
        let error = convert(&sample(), &ids(&["maven"]), &BTreeMap::new()).expect_err("none");
        assert!(error.to_string().contains("no entry has an id"), "{error}");
    }

    #[test]
    fn unknown_fields_bad_checksums_and_defaults_matching_nothing_fail() {
        let unknown = sample().replace(
            "version = \"11.0.31\"\ndeprecation",
            "colour = \"red\"\nversion = \"11.0.31\"\ndeprecation",
        );
        let error = convert(&unknown, &ids(&["jdk"]), &BTreeMap::new()).expect_err("unknown");
        assert!(
            error.to_string().contains("unknown libpak field `colour`"),
            "{error}"
        );

        let short = sample().replace(JDK_SHA, "abc");
        let error = convert(&short, &ids(&["jdk"]), &BTreeMap::new()).expect_err("checksum");
        assert!(
            error.to_string().contains("`sha256:abc` is not a checksum"),
            "{error}"
        );

        let wrong = BTreeMap::from([("jdk".to_string(), "21.*".to_string())]);
        let error = convert(&sample(), &ids(&["jdk"]), &wrong).expect_err("default");
        assert!(
            error.to_string().contains("`21.*` matches no jdk entry"),
            "{error}"
        );
    }

    #[test]
    fn arch_comes_from_the_purl_qualifier() {
        assert_eq!(purl_arch("pkg:generic/x@1?arch=arm64"), Some("arm64"));
        assert_eq!(
            purl_arch("pkg:generic/x@1?os=linux&arch=ppc64le#sub"),
            Some("ppc64le")
        );
        assert_eq!(purl_arch("pkg:generic/apache-maven@3.9.13"), None);
    }

    #[test]
    fn a_malformed_cpe_is_left_out_and_said_in_the_header() {
        let java8 = sample().replace(
            "cpe:2.3:a:oracle:jdk:11.0.31:*:*:*:*:*:*:*",
            "cpe:2.3:a:oracle:jdk:1.8.0:update492:*:*:*:*:*:*:*",
        );
        let text = convert(&java8, &ids(&["jdk"]), &BTreeMap::new()).expect("converts");
        assert!(text.contains(
            "# - jdk 11.0.31 amd64: cpe `cpe:2.3:a:oracle:jdk:1.8.0:update492:*:*:*:*:*:*:*` is not CPE 2.3\n"
        ), "{text}");
        let inventory: Inventory = toml::from_str(&text).expect("an inventory");
        assert_eq!(inventory.dependencies[0].cpe, None);
    }

    /// The committed files made with this command: ids, platforms and checksums.
    #[test]
    fn the_jvm_and_maven_metadata_files() {
        let read = |name: &str| -> Inventory {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../dependency-metadata")
                .join(name);
            toml::from_str(&fs_err::read_to_string(path).expect("readable")).expect("inventory")
        };
        let is_sha256 = |checksum: &stowage_kit::checksum::Checksum| {
            let text = checksum.to_string();
            text.len() == 71
                && text.starts_with("sha256:")
                && text[7..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        };
        let amd64 = Target::new("linux", "x86_64", "debian", "12");
        let arm64 = Target::new("linux", "aarch64", "debian", "12");
        for (file, wanted_ids, default) in [
            ("jvm.toml", &["jdk", "jre"][..], "21.*"),
            ("maven.toml", &["maven", "mvnd"][..], "3.*"),
        ] {
            let inventory = read(file);
            let mut ids: Vec<&str> = inventory
                .dependencies
                .iter()
                .map(|d| d.id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids, wanted_ids, "{file}");
            for dependency in &inventory.dependencies {
                assert!(is_sha256(&dependency.checksum), "{file}: {dependency:?}");
                let source = dependency
                    .source_checksum
                    .as_ref()
                    .expect("source checksum");
                assert!(is_sha256(source), "{file}: {dependency:?}");
            }
            for id in wanted_ids {
                for target in [&amd64, &arm64] {
                    assert!(
                        inventory
                            .dependencies
                            .iter()
                            .any(|d| d.id == *id && target.fits(d)),
                        "{file}: {id} for {target}"
                    );
                }
            }
            assert_eq!(
                inventory.default_version(wanted_ids[0]),
                Some(default),
                "{file}"
            );
        }
        let jvm = read("jvm.toml");
        let majors: Vec<u64> = jvm
            .dependencies
            .iter()
            .filter(|d| d.id == "jdk" && amd64.fits(d))
            .map(|d| d.version.major)
            .collect();
        assert_eq!(majors, [8, 11, 17, 21, 25, 26]);
        let maven = read("maven.toml");
        let newest_3 = maven
            .dependencies
            .iter()
            .filter(|d| d.id == "maven" && d.version.major == 3)
            .map(|d| d.version.to_string())
            .max();
        assert_eq!(newest_3.as_deref(), Some("3.9.16"));
    }
}
