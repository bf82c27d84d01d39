//! `builders/bookworm/kpack/` against kpack v0.12.3's own schemas (vendored in
//! `tests/fixtures/kpack-v0.12.3`, see its README): each manifest's group, version, kind and
//! scope are what one of its CRDs serves, and its body validates against the `OpenAPI`
//! definition kpack generates from its Go types (types, required fields, no unknown field);
//! the builder's order, stack and store agree with `builders/bookworm/builder.toml`.

// The crate's dependencies are the library's; this test uses few of them.
#![allow(unused_crate_dependencies)]

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("scripts lives in the workspace")
        .to_path_buf()
}

fn yaml(path: &Path) -> Value {
    let text = fs_err::read_to_string(path).expect("read YAML");
    serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn fixtures() -> PathBuf {
    root().join("scripts/tests/fixtures/kpack-v0.12.3")
}

/// The manifests of `builders/bookworm/kpack/`, by kind.
fn manifests() -> Vec<(PathBuf, Value)> {
    let dir = root().join("builders/bookworm/kpack");
    let mut files: Vec<PathBuf> = fs_err::read_dir(&dir)
        .expect("kpack folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| (path.clone(), yaml(&path)))
        .collect()
}

fn of_kind<'a>(manifests: &'a [(PathBuf, Value)], kind: &str) -> &'a Value {
    &manifests
        .iter()
        .find(|(_, manifest)| manifest["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} manifest"))
        .1
}

/// What a served CRD version says about a kind: (group/version, kind, scope).
fn served_kinds() -> Vec<(String, String, String)> {
    let mut kinds = Vec::new();
    for file in ["clusterstore", "clusterstack", "clusterbuilder", "image"] {
        let crd = yaml(&fixtures().join(format!("{file}.yaml")));
        let spec = &crd["spec"];
        for version in spec["versions"].as_array().expect("versions") {
            if version["served"] == true {
                kinds.push((
                    format!(
                        "{}/{}",
                        spec["group"].as_str().expect("group"),
                        version["name"].as_str().expect("name")
                    ),
                    spec["names"]["kind"].as_str().expect("kind").to_string(),
                    spec["scope"].as_str().expect("scope").to_string(),
                ));
            }
        }
    }
    kinds
}

/// Errors of `value` at `path` against the swagger definition `schema`.
fn validate(
    definitions: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    errors: &mut Vec<String>,
) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/definitions/");
        let target = &definitions[name];
        assert!(target.is_object(), "the vendored subset lacks {name}");
        return validate(definitions, target, value, path, errors);
    }
    let matches = match schema["type"].as_str() {
        None => true,
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some(other) => panic!("{path}: schema type {other} is not handled"),
    };
    if !matches {
        errors.push(format!(
            "{path}: expected {}, found {value}",
            schema["type"]
        ));
        return;
    }
    if let Some(items) = value.as_array() {
        for (index, item) in items.iter().enumerate() {
            validate(
                definitions,
                &schema["items"],
                item,
                &format!("{path}[{index}]"),
                errors,
            );
        }
    }
    let Some(fields) = value.as_object() else {
        return;
    };
    for required in schema["required"].as_array().into_iter().flatten() {
        let name = required.as_str().expect("required name");
        // Status is the controller's to write, never a manifest's.
        if name != "status" && !fields.contains_key(name) {
            errors.push(format!("{path}.{name}: required"));
        }
    }
    let properties = schema["properties"].as_object();
    for (name, field) in fields {
        let field_path = format!("{path}.{name}");
        match (
            properties.and_then(|properties| properties.get(name)),
            &schema["additionalProperties"],
        ) {
            (Some(property), _) => validate(definitions, property, field, &field_path, errors),
            (None, additional) if additional.is_object() => {
                validate(definitions, additional, field, &field_path, errors);
            }
            (None, _) if properties.is_some() => {
                errors.push(format!("{field_path}: not a field kpack knows"));
            }
            (None, _) => {}
        }
    }
}

fn schema_errors(manifest: &Value) -> Vec<String> {
    let swagger: Value = serde_json::from_str(
        &fs_err::read_to_string(fixtures().join("swagger-subset.json")).expect("read"),
    )
    .expect("swagger subset is JSON");
    let definitions = &swagger["definitions"];
    let kind = manifest["kind"].as_str().expect("kind");
    let version = manifest["apiVersion"].as_str().expect("apiVersion");
    let name = format!(
        "kpack.build.{}.{kind}",
        version.rsplit('/').next().unwrap_or_default()
    );
    let mut errors = Vec::new();
    validate(
        definitions,
        &serde_json::json!({"$ref": name}),
        manifest,
        kind,
        &mut errors,
    );
    errors
}

#[test]
fn every_manifest_is_a_kind_kpack_serves_and_validates_against_its_schema() {
    let kinds = served_kinds();
    let manifests = manifests();
    assert_eq!(
        manifests.len(),
        4,
        "ClusterStore, ClusterStack, ClusterBuilder and Image"
    );
    for (path, manifest) in &manifests {
        let api_version = manifest["apiVersion"].as_str().unwrap_or_default();
        let kind = manifest["kind"].as_str().unwrap_or_default();
        let (_, _, scope) = kinds
            .iter()
            .find(|(served, served_kind, _)| served == api_version && served_kind == kind)
            .unwrap_or_else(|| {
                panic!(
                    "{}: kpack v0.12.3 serves no {api_version} {kind}",
                    path.display()
                )
            });
        assert_eq!(
            manifest["metadata"]["namespace"].is_string(),
            scope == "Namespaced",
            "{}: a {scope} resource {} a namespace",
            path.display(),
            if scope == "Namespaced" {
                "needs"
            } else {
                "takes no"
            }
        );
        let errors = schema_errors(manifest);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_catches_a_wrong_type_a_typo_and_a_missing_required_field() {
    let manifests = manifests();
    let mut image = of_kind(&manifests, "Image").clone();
    image["spec"]["tag"] = serde_json::json!(7);
    image["spec"]["sourc"] = serde_json::json!({});
    image["spec"]["source"]["git"]
        .as_object_mut()
        .expect("git source")
        .remove("revision");
    let errors = schema_errors(&image);
    for expected in [
        "Image.spec.tag: expected \"string\"",
        "Image.spec.sourc: not a field kpack knows",
        "Image.spec.source.git.revision: required",
    ] {
        assert!(
            errors.iter().any(|error| error.starts_with(expected)),
            "{expected} in {errors:#?}"
        );
    }
}

#[test]
fn the_cluster_builder_is_builder_toml_on_the_stack_and_store_of_the_folder() {
    let builder: toml::Table =
        fs_err::read_to_string(root().join("builders/bookworm/builder.toml"))
            .expect("read builder.toml")
            .parse()
            .expect("builder.toml is TOML");
    let manifests = manifests();
    let (store, stack) = (
        of_kind(&manifests, "ClusterStore"),
        of_kind(&manifests, "ClusterStack"),
    );
    let cluster_builder = of_kind(&manifests, "ClusterBuilder");
    let spec = &cluster_builder["spec"];

    let order: Vec<Vec<(String, String)>> = builder["order"]
        .as_array()
        .expect("[[order]]")
        .iter()
        .map(|order| {
            order["group"]
                .as_array()
                .expect("group")
                .iter()
                .map(|entry| {
                    (
                        entry["id"].as_str().expect("id").into(),
                        entry["version"].as_str().expect("version").into(),
                    )
                })
                .collect()
        })
        .collect();
    let kpack_order: Vec<Vec<(String, String)>> = spec["order"]
        .as_array()
        .expect("order")
        .iter()
        .map(|order| {
            order["group"]
                .as_array()
                .expect("group")
                .iter()
                .map(|entry| {
                    (
                        entry["id"].as_str().expect("id").into(),
                        entry["version"].as_str().expect("version").into(),
                    )
                })
                .collect()
        })
        .collect();
    assert_eq!(
        kpack_order, order,
        "the ClusterBuilder's order is builder.toml's"
    );

    // Every buildpack of the order comes from a buildpackage in the store.
    let sources: Vec<&str> = store["spec"]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|source| source["image"].as_str().expect("image"))
        .collect();
    for (id, version) in order.iter().flatten() {
        let name = id.trim_start_matches("stowage/");
        assert!(
            sources
                .iter()
                .any(|image| image.ends_with(&format!("/{name}:{version}"))),
            "{id} {version} is in the store: {sources:?}"
        );
    }

    // The stack's images are builder.toml's, in a registry; its id is the stack's label.
    let image_of = |value: &Value| value["image"].as_str().expect("image").to_string();
    let build_image = builder["build"]["image"].as_str().expect("[build] image");
    let run_image = builder["run"]["images"][0]["image"]
        .as_str()
        .expect("[[run.images]]");
    for (ours, kpack) in [
        (build_image, image_of(&stack["spec"]["buildImage"])),
        (run_image, image_of(&stack["spec"]["runImage"])),
    ] {
        let tail = ours.trim_start_matches("stowage.local/");
        assert!(
            kpack.ends_with(&format!("/{tail}")),
            "{kpack} is {ours} in a registry"
        );
    }
    let tools = fs_err::read_to_string(root().join("scripts/lib/tools.sh")).expect("read tools.sh");
    let stack_id = tools
        .lines()
        .find_map(|line| line.strip_prefix("STOWAGE_STACK_ID="))
        .expect("tools.sh sets the stack id")
        .trim_matches('"');
    assert_eq!(stack["spec"]["id"], stack_id);

    // The references name the resources of this folder.
    assert_eq!(spec["stack"]["kind"], "ClusterStack");
    assert_eq!(spec["stack"]["name"], stack["metadata"]["name"]);
    assert_eq!(spec["store"]["kind"], "ClusterStore");
    assert_eq!(spec["store"]["name"], store["metadata"]["name"]);
    let image = of_kind(&manifests, "Image");
    assert_eq!(image["spec"]["builder"]["kind"], "ClusterBuilder");
    assert_eq!(
        image["spec"]["builder"]["name"],
        cluster_builder["metadata"]["name"]
    );
}
