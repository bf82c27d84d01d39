//! The image name the main command gives an app folder: readable in any language, and always
//! a valid image reference path (lower-case letters, digits and single dashes).

/// `My App ü` → `my-app-u`; `日本` → `ri-ben`; a folder name with no letters → `app`.
#[must_use]
pub fn image_name(folder_name: &str) -> String {
    let ascii = deunicode::deunicode(folder_name).to_ascii_lowercase();
    let mut name = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "app".to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::image_name;

    #[test]
    fn readable_and_valid() {
        for (folder, name) in [
            ("my-app", "my-app"),
            ("My App ü", "my-app-u"),
            ("Café Crème", "cafe-creme"),
            ("Straße", "strasse"),
            ("日本", "ri-ben"),
            ("  --weird__name..  ", "weird-name"),
            ("node_server.v2", "node-server-v2"),
            ("!!!", "app"),
        ] {
            assert_eq!(image_name(folder), name, "{folder}");
        }
    }
}
