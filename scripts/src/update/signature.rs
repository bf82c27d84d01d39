//! `OpenPGP` checks against release keys kept in the repository: clear-signed files (Node.js's
//! `SHASUMS256.txt.asc`) and detached signatures (nginx's `nginx-<version>.tar.gz.asc`).

use pgp::composed::{CleartextSignedMessage, Deserializable, DetachedSignature, SignedPublicKey};
use pgp::types::KeyDetails as _;
use std::path::Path;

/// Every public key in the `*.asc` files of `dir`; a file may hold several.
pub(super) fn load_keys(dir: &Path) -> Result<Vec<SignedPublicKey>, String> {
    let mut keys = Vec::new();
    let listing = fs_err::read_dir(dir).map_err(|error| error.to_string())?;
    let mut files: Vec<_> = listing
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "asc"))
        .collect();
    files.sort();
    for file in files {
        let text = fs_err::read_to_string(&file).map_err(|error| error.to_string())?;
        // Each armored block on its own: files kept as upstreams ship them have comments
        // between blocks (Debian's `signing-key.asc`).
        for block in armored_blocks(&text) {
            let (key, _) = SignedPublicKey::from_string(block)
                .map_err(|error| format!("{}: {error}", file.display()))?;
            keys.push(key);
        }
    }
    Ok(keys)
}

fn armored_blocks(text: &str) -> Vec<&str> {
    const BEGIN: &str = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    const END: &str = "-----END PGP PUBLIC KEY BLOCK-----";
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let Some(length) = rest[start..].find(END) else {
            // An unterminated block: left to the parser to name the error.
            blocks.push(&rest[start..]);
            break;
        };
        let end = start + length + END.len();
        blocks.push(&rest[start..end]);
        rest = &rest[end..];
    }
    blocks
}

/// The text of a clear-signed message whose signature one of `keys` (or a subkey) made.
pub(super) fn verify_clearsigned(
    armored: &str,
    keys: &[SignedPublicKey],
) -> Result<String, String> {
    let (message, _) = CleartextSignedMessage::from_string(armored)
        .map_err(|error| format!("not a clear-signed OpenPGP message: {error}"))?;
    if keys.is_empty() {
        return Err("no release key to check it against".to_string());
    }
    for key in keys {
        let verified = message.verify(key).is_ok()
            || key
                .public_subkeys
                .iter()
                .any(|subkey| message.verify(subkey).is_ok());
        if verified {
            return Ok(message.text().to_string());
        }
    }
    Err(format!(
        "none of the {} release keys made this signature, or the text was changed after signing",
        keys.len()
    ))
}

/// `Name <mail> (fingerprint)` of a key, for the plan.
pub(super) fn identity(key: &SignedPublicKey) -> String {
    let user = key
        .details
        .users
        .first()
        .map(|user| String::from_utf8_lossy(user.id.id()).into_owned())
        .unwrap_or_default();
    format!("{user} ({:X})", key.fingerprint())
}

/// The identity of the key (or subkey's primary) among `keys` that made the detached
/// signature `armored` over `data`.
pub(super) fn verify_detached(
    armored: &str,
    data: &[u8],
    keys: &[SignedPublicKey],
) -> Result<String, String> {
    let (signature, _) = DetachedSignature::from_string(armored)
        .map_err(|error| format!("not an armored OpenPGP signature: {error}"))?;
    if keys.is_empty() {
        return Err("no release key to check it against".to_string());
    }
    for key in keys {
        let verified = signature.verify(key, data).is_ok()
            || key
                .public_subkeys
                .iter()
                .any(|subkey| signature.verify(subkey, data).is_ok());
        if verified {
            return Ok(identity(key));
        }
    }
    Err(format!(
        "none of the {} release keys made this signature, or the file was changed after signing",
        keys.len()
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use pgp::composed::{KeyType, SecretKeyParamsBuilder, SignedSecretKey};
    use pgp::types::Password;
    use rand::SeedableRng;

    /// A throwaway signing key, made per test.
    pub(crate) fn test_key(seed: u64) -> SignedSecretKey {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        SecretKeyParamsBuilder::default()
            .key_type(KeyType::Ed25519Legacy)
            .can_certify(true)
            .can_sign(true)
            .primary_user_id("Test Releaser <releaser@example.com>".into())
            .passphrase(None)
            .build()
            .expect("key params")
            .generate(&mut rng)
            .expect("key")
    }

    pub(crate) fn clearsign(text: &str, key: &SignedSecretKey) -> String {
        let rng = rand::rngs::StdRng::seed_from_u64(7);
        CleartextSignedMessage::sign(rng, text, &key.primary_key, &Password::empty())
            .expect("sign")
            .to_armored_string(pgp::composed::ArmorOptions::default())
            .expect("armor")
    }

    #[test]
    fn a_signature_verifies_only_against_its_key_and_text() {
        let releaser = test_key(1);
        let stranger = test_key(2);
        let signed = clearsign("abc  node-v22.1.0-linux-x64.tar.xz\n", &releaser);

        let text = verify_clearsigned(&signed, &[releaser.to_public_key()]).expect("verifies");
        assert!(text.contains("node-v22.1.0-linux-x64.tar.xz"));

        let error = verify_clearsigned(&signed, &[stranger.to_public_key()])
            .expect_err("a stranger did not sign it");
        assert!(error.contains("none of the 1 release keys"), "{error}");

        let tampered = signed.replace("abc", "abd");
        assert!(verify_clearsigned(&tampered, &[releaser.to_public_key()]).is_err());
        assert!(verify_clearsigned("plain text", &[releaser.to_public_key()]).is_err());
    }

    pub(crate) fn detached_sign(data: &[u8], key: &SignedSecretKey) -> String {
        let rng = rand::rngs::StdRng::seed_from_u64(7);
        DetachedSignature::sign_binary_data(
            rng,
            &key.primary_key,
            &Password::empty(),
            pgp::crypto::hash::HashAlgorithm::Sha256,
            data,
        )
        .expect("sign")
        .to_armored_string(pgp::composed::ArmorOptions::default())
        .expect("armor")
    }

    #[test]
    fn a_detached_signature_verifies_only_against_its_key_and_bytes() {
        let releaser = test_key(4);
        let signature = detached_sign(b"nginx source", &releaser);
        let who = verify_detached(&signature, b"nginx source", &[releaser.to_public_key()])
            .expect("verifies");
        assert!(
            who.starts_with("Test Releaser <releaser@example.com> ("),
            "{who}"
        );
        assert!(verify_detached(&signature, b"nginx sourcE", &[releaser.to_public_key()]).is_err());
        let error = verify_detached(&signature, b"nginx source", &[test_key(5).to_public_key()])
            .expect_err("a stranger did not sign it");
        assert!(error.contains("none of the 1 release keys"), "{error}");
        assert!(verify_detached("garbage", b"x", &[releaser.to_public_key()]).is_err());
    }

    #[test]
    fn keys_load_from_armored_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let public = test_key(3)
            .to_public_key()
            .to_armored_string(pgp::composed::ArmorOptions::default())
            .expect("armor");
        fs_err::write(dir.path().join("releaser.asc"), public).expect("write");
        fs_err::write(dir.path().join("README.md"), "not a key").expect("write");
        assert_eq!(load_keys(dir.path()).expect("keys").len(), 1);
    }
}
