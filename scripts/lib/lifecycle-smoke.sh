#!/usr/bin/env bash
# End-to-end proof that the reference lifecycle runs on this host without
# Docker: a throwaway bash buildpack is built twice (the second build must
# restore the cache and reuse layers) into an OCI layout on the bookworm run
# image, then the image is unpacked and its `web` process answers HTTP.
# Runs as root. Exits 0 only if the launched process answered.
# STOWAGE_KEEP=1 keeps the work dir; CNB_PLATFORM_API overrides 0.14.
set -euo pipefail
# shellcheck source=tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

[ "$(id -u)" = 0 ] || { echo "lifecycle-smoke: must run as root" >&2; exit 1; }
platform_api="${CNB_PLATFORM_API:-0.14}"
stowage_apt_install jq curl umoci
lifecycle="$(stowage_install_lifecycle)"
stowage_ensure_build_user >/dev/null
stowage_install_run_image >/dev/null

work="$(mktemp -d /tmp/stowage-smoke.XXXXXX)"
cleanup() {
  stowage_stop_image "${STOWAGE_IMAGE_PID:-}"
  if [ "${STOWAGE_KEEP:-}" = 1 ]; then echo "lifecycle-smoke: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- a minimal Buildpack API 0.10 buildpack --------------------------------
bp="$work/cnb/buildpacks/stowage_smoke/0.0.1"   # <escaped id>/<version>
mkdir -p "$bp/bin" "$work/app" "$work/platform/env" "$work/cache" "$work/layout"
cat >"$bp/buildpack.toml" <<'EOF'
api = "0.10"
[buildpack]
id = "stowage/smoke"
version = "0.0.1"
sbom-formats = ["application/vnd.cyclonedx+json"]
[[targets]]
os = "linux"
EOF
cat >"$work/cnb/order.toml" <<'EOF'
[[order]]
[[order.group]]
id = "stowage/smoke"
version = "0.0.1"
EOF
cat >"$bp/bin/detect" <<'EOF'
#!/usr/bin/env bash
[ -f stowage-smoke.txt ] || exit 100
EOF
cat >"$bp/bin/build" <<'EOF'
#!/usr/bin/env bash
# $1 = <layers>/stowage_smoke. Layers: deps (cache only), web (launch only,
# reused from the previous image when its metadata matches).
set -euo pipefail
layers=$1
echo "target: $CNB_TARGET_OS/$CNB_TARGET_ARCH ${CNB_TARGET_DISTRO_NAME:-?} ${CNB_TARGET_DISTRO_VERSION:-?}; BP_GREETING=${BP_GREETING:-unset}; uid=$(id -u)"
if [ -f "$layers/deps/stamp" ]; then echo "deps: restored from cache ($(cat "$layers/deps/stamp"))"
else mkdir -p "$layers/deps" && date +%s >"$layers/deps/stamp" && echo "deps: created"; fi
printf '[types]\ncache = true\n[metadata]\nversion = "1"\n' >"$layers/deps.toml"

if grep -qs 'version = "1"' "$layers/web.toml"; then
  echo "web: metadata restored, leaving the layer dir absent so the exporter reuses it"
else
  echo "web: creating"
  mkdir -p "$layers/web/bin" "$layers/web/env.launch"
  printf 'hello' >"$layers/web/env.launch/SMOKE_GREETING.default"
  # perl-base (Essential in Debian) is in the run image: a tiny HTTP server.
  cat >"$layers/web/bin/stowage-smoke-web" <<'PL'
#!/usr/bin/perl
use strict; use warnings; use IO::Socket::INET;
my $port = $ENV{PORT} || 8080;
my $srv = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $port, Listen => 5, ReuseAddr => 1) or die "listen $port: $!";
$SIG{TERM} = sub { print "web: stopping\n"; exit 0 };
$| = 1; print "web: listening on $port as uid $<\n";
while (my $c = $srv->accept) {
  my $line = <$c>;
  while (my $h = <$c>) { last if $h =~ /^\r?\n$/ }
  my $body = "$ENV{SMOKE_GREETING} from stowage smoke, cwd " . `pwd`;
  print $c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . length($body) . "\r\n\r\n$body";
  close $c;
}
PL
  chmod 0755 "$layers/web/bin/stowage-smoke-web"
fi
printf '[types]\nlaunch = true\n[metadata]\nversion = "1"\n' >"$layers/web.toml"
echo '{"bomFormat":"CycloneDX","specVersion":"1.4","version":1,"components":[]}' >"$layers/web.sbom.cdx.json"
cat >"$layers/launch.toml" <<'TOML'
[[processes]]
type = "web"
command = ["stowage-smoke-web"]
default = true
TOML
EOF
chmod 0755 "$bp/bin/detect" "$bp/bin/build"
echo "hi" >"$work/app/stowage-smoke.txt"
printf 'world' >"$work/platform/env/BP_GREETING"
chmod -R a+rX "$work/cnb" "$work/platform"

# --- the phases, as a platform runs them ------------------------------------
image="stowage.local/smoke-app:latest"
run_image="$(stowage_stage_run_image "$work/layout")"
# run.toml is how a builder names its run image; the restorer and exporter read it too.
printf '[[images]]\nimage = "%s"\n' "$run_image" >"$work/cnb/run.toml"
mounts=("$work/cnb:/cnb" "$lifecycle:/cnb/lifecycle" "$work/app:/workspace" "$work/layers:/layers"
        "$work/platform:/platform" "$work/cache:/cache" "$work/layout:/layout")
envs=(PATH="$STOWAGE_BASE_PATH" CNB_PLATFORM_API="$platform_api" CNB_USER_ID="$CNB_USER_ID"
      CNB_GROUP_ID="$CNB_GROUP_ID" CNB_EXPERIMENTAL_MODE=warn CNB_USE_LAYOUT=true CNB_LAYOUT_DIR=/layout
      CNB_NO_COLOR=true)
phase() { # phase [-u] NAME ARGS...: logs to $work/logs/<build>-<name>.log
  local u=() ; [ "$1" = -u ] && { u=(-u); shift; }
  local name=$1; shift
  local t0; t0=$(date +%s%N)
  if ! stowage_cnb_exec "${u[@]}" "${mounts[@]}" -- env -i "${envs[@]}" "/cnb/lifecycle/$name" "$@" \
      >"$work/logs/$build-$name.log" 2>&1; then
    cat "$work/logs/$build-$name.log" >&2; echo "lifecycle-smoke: $name failed" >&2; exit 1
  fi
  echo "--- $name ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" >&2
  sed 's/^/    /' "$work/logs/$build-$name.log" >&2
}
mkdir -p "$work/logs"
for build in 1 2; do
  t0=$(date +%s%N)
  # Each build starts from an empty layers dir (state comes back only via the
  # restorer); the app dir must be writable by the build user (buildpacks may
  # write to it) and becomes the image's app layer.
  rm -rf "$work/layers" && mkdir -p "$work/layers"
  chown -R "$CNB_USER_ID:$CNB_GROUP_ID" "$work/app"
  echo "=== build $build" >&2
  phase analyzer -layers /layers -run-image "$run_image" "$image"
  phase -u detector -app /workspace -buildpacks /cnb/buildpacks -order /cnb/order.toml -layers /layers -platform /platform
  phase restorer -layers /layers -cache-dir /cache
  phase -u builder -app /workspace -buildpacks /cnb/buildpacks -layers /layers -platform /platform
  phase exporter -app /workspace -layers /layers -cache-dir /cache -launcher /cnb/lifecycle/launcher "$image"
  echo "=== build $build took $(( ($(date +%s%N) - t0) / 1000000 )) ms" >&2
done
grep -q 'deps: restored from cache' "$work/logs/2-builder.log" || { echo "lifecycle-smoke: cache layer not restored" >&2; exit 1; }
grep -q 'Reusing layer' "$work/logs/2-exporter.log" || { echo "lifecycle-smoke: exporter reused no layer" >&2; exit 1; }

# --- run the image ------------------------------------------------------------
stowage_unpack_image "$work/layout/stowage.local/smoke-app/latest" latest "$work/bundle"
port=$(( 20000 + RANDOM % 20000 ))
stowage_start_image "$work/bundle" "$work/logs/run.log" PORT="$port"
for _ in $(seq 50); do
  if body="$(curl -fsS --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null)"; then break; fi
  kill -0 "$STOWAGE_IMAGE_PID" 2>/dev/null || break
  sleep 0.2
done
stowage_stop_image "$STOWAGE_IMAGE_PID"; STOWAGE_IMAGE_PID=""
sed 's/^/    /' "$work/logs/run.log" >&2
if [ "${body:-}" = "hello from stowage smoke, cwd /workspace" ]; then
  echo "lifecycle-smoke: OK: 127.0.0.1:$port answered: $body"
else
  echo "lifecycle-smoke: FAILED: no expected answer on 127.0.0.1:$port (got '${body:-}')" >&2; exit 1
fi
