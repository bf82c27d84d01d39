#!/usr/bin/env bash
# Installs what the integration tests need (cached, so a second run is quick) and prints
# the environment they read, as KEY=VALUE lines. Progress goes to stderr.
set -euo pipefail
lib="$(dirname "${BASH_SOURCE[0]}")"
source "$lib/tools.sh"
source "$lib/dev.sh"

stowage_apt_install jq umoci patchelf mono-mcs >&2
lifecycle="$(stowage_install_lifecycle)"
stowage_ensure_build_user >&2
run_image="$(stowage_install_run_image)"
build_image="$(stowage_install_build_image)"
artifacts="$(stowage_dev artifacts nodejs)"
jvm_artifacts="$(stowage_dev artifacts jvm)"
spring_boot_artifacts="$(stowage_dev artifacts spring-boot)"
maven_artifacts="$(stowage_dev artifacts maven)"
tomcat_artifacts="$(stowage_dev artifacts tomcat)"
nginx_artifacts="$(stowage_dev artifacts nginx)"
httpd_artifacts="$(stowage_dev artifacts httpd)"
php_artifacts="$(stowage_dev artifacts php)"
dotnet_artifacts="$(stowage_dev artifacts dotnet "$lib/../../integration-tests/fixtures/dotnet-app-src/App.cs")"

echo "STOWAGE_LIFECYCLE_DIR=$lifecycle"
echo "STOWAGE_RUN_IMAGE_LAYOUT=$run_image"
echo "STOWAGE_BUILD_IMAGE_ROOT=$build_image"
echo "STOWAGE_TEST_ARTIFACTS=$artifacts"
echo "STOWAGE_TEST_JVM_ARTIFACTS=$jvm_artifacts"
echo "STOWAGE_TEST_SPRING_BOOT_ARTIFACTS=$spring_boot_artifacts"
echo "STOWAGE_TEST_MAVEN_ARTIFACTS=$maven_artifacts"
echo "STOWAGE_TEST_TOMCAT_ARTIFACTS=$tomcat_artifacts"
echo "STOWAGE_TEST_NGINX_ARTIFACTS=$nginx_artifacts"
echo "STOWAGE_TEST_HTTPD_ARTIFACTS=$httpd_artifacts"
echo "STOWAGE_TEST_PHP_ARTIFACTS=$php_artifacts"
echo "STOWAGE_TEST_DOTNET_ARTIFACTS=$dotnet_artifacts"
echo "CNB_USER_ID=$CNB_USER_ID"
echo "CNB_GROUP_ID=$CNB_GROUP_ID"
