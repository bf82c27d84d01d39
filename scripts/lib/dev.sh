# shellcheck shell=bash
# stowage_dev ARGS...: runs the project's tool, `stowage-dev` (the crate in scripts/), built
# with the `local` profile for the target local buildpack builds use, so that the two share
# compiled dependencies.
STOWAGE_TARGET_TRIPLE=x86_64-unknown-linux-gnu
_stowage_dev_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

stowage_dev() {
  cargo run --locked --quiet --manifest-path "$_stowage_dev_root/Cargo.toml" \
    --profile local --target "$STOWAGE_TARGET_TRIPLE" -p stowage-dev -- "$@"
}
