//! The errors this buildpack reports, beyond the ones the kit and the Node.js crate make.
