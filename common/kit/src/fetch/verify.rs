//! The checksum check between download and unpack: unverified bytes are never unpacked.

use super::errors::{Context, checksum_mismatch};
use crate::Error;
use crate::checksum::Checksum;

pub(crate) fn verify(
    context: &Context,
    expected: &Checksum,
    actual: &Checksum,
) -> Result<(), Error> {
    if expected.algorithm == actual.algorithm && expected.hex.eq_ignore_ascii_case(&actual.hex) {
        Ok(())
    } else {
        Err(checksum_mismatch(context, expected, actual))
    }
}
