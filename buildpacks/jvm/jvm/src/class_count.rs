//! How many classes the runtime holds (`BPI_JVM_CLASS_COUNT`, which the memory calculator
//! adds to the app's): the `class` entries of its `lib/modules` jimage (Java 9 and later), or
//! for Java 8, which has no jimage, the classes in its jars.
//!
//! The jimage layout (`jimage/imageFile.hpp`): a header of seven native-endian u32 (magic
//! `0xCAFEDADA`, version, flags, resource count, table length, locations size, strings size),
//! then the redirect and offsets tables (table length × u32 each), the location attributes,
//! and the strings. A location is a run of attributes, each a byte `kind << 3 | (length − 1)`
//! and a big-endian value of that length, ended by kind 0; kind 4 is the string offset of the
//! resource's extension.

use std::path::Path;

const MAGIC: u32 = 0xCAFE_DADA;
const HEADER_LEN: usize = 7 * 4;
const ATTRIBUTE_END: u8 = 0;
const ATTRIBUTE_EXTENSION: u8 = 4;

/// The runtime's class count; `None` when neither a jimage nor a class in a jar is found.
pub(crate) fn runtime_classes(java_home: &Path) -> Option<u64> {
    let modules = java_home.join("lib/modules");
    if modules.is_file() {
        return std::fs::read(&modules)
            .ok()
            .and_then(|bytes| jimage_classes(&bytes));
    }
    Some(stowage_jvm::app_classes(&java_home.join("lib"))).filter(|count| *count > 0)
}

/// The `class` entries of a jimage, or `None` if the bytes are not one.
pub(crate) fn jimage_classes(bytes: &[u8]) -> Option<u64> {
    let u32_at = |offset: usize| -> Option<u32> {
        let slice = bytes.get(offset..offset + 4)?;
        Some(u32::from_le_bytes(slice.try_into().ok()?))
    };
    if u32_at(0)? != MAGIC {
        return None;
    }
    let table_length = usize::try_from(u32_at(16)?).ok()?;
    let locations_size = usize::try_from(u32_at(20)?).ok()?;
    let offsets_start = HEADER_LEN + table_length * 4;
    let locations_start = offsets_start + table_length * 4;
    let strings_start = locations_start + locations_size;
    let locations = bytes.get(locations_start..strings_start)?;
    let strings = bytes.get(strings_start..)?;
    let mut count = 0;
    for index in 0..table_length {
        let location = usize::try_from(u32_at(offsets_start + index * 4)?).ok()?;
        let extension = attribute(locations.get(location..)?, ATTRIBUTE_EXTENSION);
        if extension.and_then(|offset| string_at(strings, offset)) == Some(b"class".as_slice()) {
            count += 1;
        }
    }
    Some(count)
}

/// The value of attribute `kind` in the location starting at `bytes[0]`.
fn attribute(bytes: &[u8], kind: u8) -> Option<usize> {
    let mut position = 0;
    loop {
        let byte = *bytes.get(position)?;
        let this_kind = byte >> 3;
        if this_kind == ATTRIBUTE_END {
            return None;
        }
        let length = usize::from(byte & 0x7) + 1;
        let value = bytes
            .get(position + 1..position + 1 + length)?
            .iter()
            .fold(0usize, |value, byte| (value << 8) | usize::from(*byte));
        if this_kind == kind {
            return Some(value);
        }
        position += 1 + length;
    }
}

fn string_at(strings: &[u8], offset: usize) -> Option<&[u8]> {
    let rest = strings.get(offset..)?;
    let end = rest.iter().position(|byte| *byte == 0)?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A jimage with one location per extension given (`None`: no extension attribute).
    fn jimage(extensions: &[Option<&str>]) -> Vec<u8> {
        let mut strings = vec![0u8]; // offset 0 is the empty string, as in real images
        let mut locations = Vec::new();
        let mut offsets = Vec::new();
        for extension in extensions {
            offsets.push(u32::try_from(locations.len()).expect("small"));
            // A module attribute first, so the extension is not the first attribute read.
            locations.extend([(1 << 3), 0]);
            if let Some(extension) = extension {
                let offset = u16::try_from(strings.len()).expect("small");
                strings.extend(extension.as_bytes());
                strings.push(0);
                locations.push((ATTRIBUTE_EXTENSION << 3) | 1);
                locations.extend(offset.to_be_bytes());
            }
            locations.push(0);
        }
        let count = u32::try_from(extensions.len()).expect("small");
        let mut bytes = Vec::new();
        for word in [
            MAGIC,
            0x0001_0000,
            0,
            count,
            count,
            u32::try_from(locations.len()).expect("small"),
            u32::try_from(strings.len()).expect("small"),
        ] {
            bytes.extend(word.to_le_bytes());
        }
        for _ in 0..count {
            bytes.extend(0u32.to_le_bytes()); // redirects, unused here
        }
        for offset in offsets {
            bytes.extend(offset.to_le_bytes());
        }
        bytes.extend(locations);
        bytes.extend(strings);
        bytes
    }

    #[test]
    fn counts_the_class_entries_only() {
        let image = jimage(&[
            Some("class"),
            Some("properties"),
            None,
            Some("class"),
            Some("classdata"),
        ]);
        assert_eq!(jimage_classes(&image), Some(2));
    }

    #[test]
    fn other_or_truncated_bytes_are_not_an_image() {
        assert_eq!(jimage_classes(b"PK\x03\x04 not a jimage at all....."), None);
        let image = jimage(&[Some("class")]);
        assert_eq!(jimage_classes(&image[..HEADER_LEN + 4]), None);
    }

    #[test]
    fn a_runtime_without_classes_has_no_count() {
        let home = tempfile::tempdir().expect("temp dir");
        assert_eq!(runtime_classes(home.path()), None);
        fs_err::create_dir_all(home.path().join("lib")).expect("mkdir");
        fs_err::write(home.path().join("lib/modules"), jimage(&[Some("class")])).expect("write");
        assert_eq!(runtime_classes(home.path()), Some(1));
    }
}
