#!/usr/bin/env bash
# Installs what the integration tests need (cached, so a second run is quick) and prints
# the environment they read, as KEY=VALUE lines. Progress goes to stderr.
set -euo pipefail
lib="$(dirname "${BASH_SOURCE[0]}")"
source "$lib/tools.sh"
source "$lib/dev.sh"

# Everything that takes dpkg's lock first: the lanes below only download and build.
stowage_apt_install jq umoci patchelf mmdebstrap podman runc skopeo mono-mcs >&2
stowage_ensure_build_user >&2
stowage_dev --help >/dev/null 2>&1 || true # compiled once, before the lanes share it

# Three lanes side by side, as the pieces are mostly downloads from different registries:
# each piece's answer goes to a file and its progress to a log printed when it ends.
answers="$(mktemp -d)"
trap 'rm -rf "$answers"' EXIT
piece() { # NAME COMMAND...
  local name="$1" status=0
  shift
  "$@" >"$answers/$name" 2>"$answers/$name.log" || status=$?
  cat "$answers/$name.log" >&2
  [ "$status" = 0 ] || echo "test-env: $name failed (exit $status)" >&2
  return "$status"
}
images_lane() {
  piece lifecycle stowage_install_lifecycle &&
    piece pack stowage_install_pack &&
    piece run_image stowage_install_run_image &&
    piece build_image stowage_install_build_image
}
registries_lane() {
  piece nodejs stowage_dev artifacts nodejs &&
    piece jvm stowage_dev artifacts jvm &&
    piece spring_boot stowage_dev artifacts spring-boot &&
    piece maven stowage_dev artifacts maven &&
    piece tomcat stowage_dev artifacts tomcat &&
    piece dotnet stowage_dev artifacts dotnet "$lib/../../integration-tests/fixtures/dotnet-app-src/App.cs"
}
debian_lane() {
  piece nginx stowage_dev artifacts nginx &&
    piece icu stowage_dev artifacts icu &&
    piece httpd stowage_dev artifacts httpd &&
    piece php stowage_dev artifacts php &&
    piece ruby stowage_dev artifacts ruby
}
images_lane & images=$!
registries_lane & registries=$!
debian_lane & debian=$!
failed=0
for lane in "$images" "$registries" "$debian"; do
  wait "$lane" || failed=1
done
[ "$failed" = 0 ] || exit 1
answer() { cat "$answers/$1"; }

echo "STOWAGE_LIFECYCLE_DIR=$(answer lifecycle)"
echo "STOWAGE_PACK=$(answer pack)"
echo "STOWAGE_RUN_IMAGE_LAYOUT=$(answer run_image)"
echo "STOWAGE_BUILD_IMAGE_ROOT=$(answer build_image)"
echo "STOWAGE_TEST_ARTIFACTS=$(answer nodejs)"
echo "STOWAGE_TEST_JVM_ARTIFACTS=$(answer jvm)"
echo "STOWAGE_TEST_SPRING_BOOT_ARTIFACTS=$(answer spring_boot)"
echo "STOWAGE_TEST_MAVEN_ARTIFACTS=$(answer maven)"
echo "STOWAGE_TEST_TOMCAT_ARTIFACTS=$(answer tomcat)"
echo "STOWAGE_TEST_NGINX_ARTIFACTS=$(answer nginx)"
echo "STOWAGE_TEST_HTTPD_ARTIFACTS=$(answer httpd)"
echo "STOWAGE_TEST_PHP_ARTIFACTS=$(answer php)"
echo "STOWAGE_TEST_RUBY_ARTIFACTS=$(answer ruby)"
echo "STOWAGE_TEST_DOTNET_ARTIFACTS=$(answer dotnet)"
echo "STOWAGE_TEST_ICU_ARTIFACTS=$(answer icu)"
echo "CNB_USER_ID=$CNB_USER_ID"
echo "CNB_GROUP_ID=$CNB_GROUP_ID"
