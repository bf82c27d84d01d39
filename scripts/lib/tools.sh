# shellcheck shell=bash
# Tooling to run the reference CNB lifecycle on this host without Docker.
# Source this file; every function is idempotent and caches its result under
# $STOWAGE_CACHE, keyed by the pinned version or recipe, so reruns are quick.
#
#   stowage_install_lifecycle   builds lifecycle + launcher from tools/lifecycle
#   stowage_ensure_build_user   unprivileged user for detector/builder
#   stowage_install_run_image   Debian 12 run image as an OCI image layout
#   stowage_install_build_image Debian 12 build image: the root every phase runs in
#   stowage_stage_run_image     copies the run image into a build's layout dir
#   stowage_cnb_exec            runs a phase sealed in the build image, /workspace... mounted
#   stowage_unpack_image        unpacks an exported OCI layout to a rootfs
#   stowage_start_image/stop    runs the image's entrypoint in a sandbox
#   stowage_install_pack        builds the pack CLI from tools/pack
#   stowage_start_podman/stop   podman's Docker API on a unix socket, pack's daemon

STOWAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STOWAGE_CACHE="${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage}"
# Bump when the run image recipe below changes, to invalidate cached images.
STOWAGE_RUN_IMAGE_RECIPE=2
STOWAGE_RUN_IMAGE_REF="stowage.local/run:bookworm"
# Bump when the build image recipe below changes. Families add what their builds need
# (compilers, headers, tools) to the package list.
STOWAGE_BUILD_IMAGE_RECIPE=1
STOWAGE_BUILD_IMAGE_PACKAGES="build-essential,git,python3,pkg-config,xz-utils,unzip,curl"
# What the phases mount in the build image (created in it as empty folders).
STOWAGE_BUILD_MOUNT_POINTS="/workspace /layers /cnb /platform /cache /layout /stowage-deps"
STOWAGE_STACK_ID="io.stowage.stacks.bookworm"
STOWAGE_BUILD_USER="${STOWAGE_BUILD_USER:-stowage-build}"
# A fixed base PATH: phases must not depend on the developer's PATH.
STOWAGE_BASE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_stowage_say() { printf 'stowage: %s\n' "$*" >&2; }
_stowage_die() { printf 'stowage: error: %s\n' "$*" >&2; return 1; }
_stowage_hash() { sha256sum | cut -c1-16; }

# Installs missing Debian packages (refreshing the index once if it is empty).
stowage_apt_install() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  _stowage_say "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
  fi
}

# Builds the lifecycle multi-call binary and the launcher (static, like the
# lifecycle image) and lays them out as /cnb/lifecycle is: each phase is a
# symlink to `lifecycle`, which picks the phase from basename(argv[0]).
# Exports STOWAGE_LIFECYCLE_DIR and STOWAGE_LIFECYCLE_VERSION, echoes the dir.
stowage_install_lifecycle() {
  local mod="$STOWAGE_ROOT/tools/lifecycle" key dir tmp version p
  command -v go >/dev/null || _stowage_die "go is required to build the lifecycle" || return 1
  version="$(sed -n 's#^[[:space:]]*github.com/buildpacks/lifecycle v\([^ ]*\).*#\1#p' "$mod/go.mod")"
  [ -n "$version" ] || _stowage_die "no lifecycle version pinned in tools/lifecycle/go.mod" || return 1
  # go -C: report the toolchain the module selects (GOTOOLCHAIN may switch it).
  key="$(cat "$mod/go.mod" "$mod/go.sum" <(go -C "$mod" env GOVERSION GOARCH) | _stowage_hash)"
  dir="$STOWAGE_CACHE/lifecycle/$version-$key/lifecycle"
  if [ ! -x "$dir/launcher" ]; then
    _stowage_say "building lifecycle $version (first run: a few minutes)"
    mkdir -p "$STOWAGE_CACHE/lifecycle" && tmp="$(mktemp -d "$STOWAGE_CACHE/lifecycle/tmp.XXXXXX")" || return 1
    # Static, stripped and version-stamped as in the upstream Makefile; -trimpath for reproducibility.
    if ! CGO_ENABLED=0 go -C "$mod" build -trimpath -o "$tmp/" \
        -ldflags "-s -w -X github.com/buildpacks/lifecycle/cmd.Version=$version -X github.com/buildpacks/lifecycle/cmd.SCMRepository=github.com/buildpacks/lifecycle" \
        github.com/buildpacks/lifecycle/cmd/lifecycle github.com/buildpacks/lifecycle/cmd/launcher; then
      rm -rf "$tmp"; _stowage_die "lifecycle build failed"; return 1
    fi
    for p in analyzer detector restorer builder exporter rebaser creator extender; do ln -s lifecycle "$tmp/$p"; done
    # World-readable: the unprivileged build user runs these binaries.
    chmod 0755 "$tmp"
    # Publish atomically; if a concurrent run got there first, keep theirs.
    mkdir -p "$(dirname "$dir")" && { mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"; }
  fi
  export STOWAGE_LIFECYCLE_DIR="$dir" STOWAGE_LIFECYCLE_VERSION="$version"
  echo "$dir"
}

# Creates (if missing) the no-login user that detector and builder run as:
# both refuse to run as root. Exports CNB_USER_ID/CNB_GROUP_ID, which the
# analyzer, restorer and exporter use to chown volumes and drop privileges.
stowage_ensure_build_user() {
  local name="$STOWAGE_BUILD_USER" uid="${STOWAGE_BUILD_UID:-1001}" gid
  gid="${STOWAGE_BUILD_GID:-$uid}"
  if ! getent group "$name" >/dev/null; then
    [ "$(id -u)" = 0 ] || _stowage_die "run as root once to create user $name" || return 1
    # Keep the preferred id when free, else let groupadd pick one.
    if getent group "$gid" >/dev/null; then groupadd --system "$name"; else groupadd --gid "$gid" "$name"; fi || return 1
  fi
  if ! getent passwd "$name" >/dev/null; then
    [ "$(id -u)" = 0 ] || _stowage_die "run as root once to create user $name" || return 1
    local uidopt=(--uid "$uid"); getent passwd "$uid" >/dev/null && uidopt=(--system)
    useradd "${uidopt[@]}" --gid "$name" --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin --comment "Stowage CNB build user" "$name" || return 1
    _stowage_say "created build user $name"
  fi
  CNB_USER_ID="$(id -u "$name")"; CNB_GROUP_ID="$(id -g "$name")"
  export CNB_USER_ID CNB_GROUP_ID
  echo "$CNB_USER_ID:$CNB_GROUP_ID"
}

# Prints one-line apt sources for the Debian bookworm suites this machine's
# apt already uses (both sources.list and deb822 .sources formats).
_stowage_debian_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in
      *.sources) awk '
          function flush() { if (types ~ /(^| )deb( |$)/ && en != "no") { n = split(uris, u, " "); m = split(suites, s, " ");
            for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print "deb " u[i] " " s[j] " main" } types = uris = suites = en = "" }
          /^[ \t]*$/ { flush(); next }
          /^[Tt]ypes:/ { sub(/^[^:]*:[ \t]*/, ""); types = $0 }
          /^URIs:/ { sub(/^[^:]*:[ \t]*/, ""); uris = $0 }
          /^Suites:/ { sub(/^[^:]*:[ \t]*/, ""); suites = $0 }
          /^Enabled:/ { sub(/^[^:]*:[ \t]*/, ""); en = $0 }
          END { flush() }' "$f" ;;
      *) awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++; print "deb " $i " " $(i+1) " main" }' "$f" ;;
    esac
  done | awk '$3 ~ /^bookworm(-updates|-security)?$/' | sort -u
}

# _stowage_debian_root TARGET UID:GID ARCH EXTRA_PACKAGES [HOOK...]: a Debian 12 minbase root
# (ca-certificates, libssl3, tzdata, netbase and EXTRA_PACKAGES; user cnb with UID:GID) from
# the apt sources on stdin, as a tarball or folder TARGET. Docs, man pages and locales are
# dropped to keep it small; the merged-usr hook does what debootstrap does, without usrmerge.
_stowage_debian_root() {
  local target="$1" ids="$2" arch="$3" extra="$4" hooks=() hook
  shift 4
  for hook in "$@"; do hooks+=(--customize-hook="$hook"); done
  mmdebstrap --quiet --variant=minbase --architectures="$arch" \
    --include="ca-certificates,libssl3,tzdata,netbase${extra:+,$extra}" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook="chroot \"\$1\" groupadd --gid ${ids#*:} cnb" \
    --customize-hook="chroot \"\$1\" useradd --uid ${ids%:*} --gid ${ids#*:} --create-home --shell /usr/sbin/nologin cnb" \
    "${hooks[@]}" bookworm "$target" -
}

# Builds the Debian 12 run image (minbase + ca-certificates, libssl3, tzdata,
# netbase; user cnb with the build user's uid/gid) as an OCI image layout with
# the CNB run-image labels. Exports STOWAGE_RUN_IMAGE_LAYOUT, echoes the dir.
stowage_install_run_image() {
  local ids sources arch key dir tmp
  stowage_ensure_build_user >/dev/null || return 1
  ids="$CNB_USER_ID:$CNB_GROUP_ID"
  sources="$(_stowage_debian_sources)"
  [ -n "$sources" ] || _stowage_die "no Debian bookworm mirror found in /etc/apt/sources.list*" || return 1
  arch="$(dpkg --print-architecture)"
  key="$(printf '%s\n' "$STOWAGE_RUN_IMAGE_RECIPE" "$ids" "$arch" "$sources" | _stowage_hash)"
  dir="$STOWAGE_CACHE/run-image/bookworm-$key"
  if [ ! -f "$dir/index.json" ]; then
    [ "$(id -u)" = 0 ] || _stowage_die "building the run image needs root" || return 1
    stowage_apt_install mmdebstrap umoci || return 1
    _stowage_say "building the bookworm run image (about a minute)"
    mkdir -p "$STOWAGE_CACHE/run-image"
    tmp="$(mktemp -d "$STOWAGE_CACHE/run-image/tmp.XXXXXX")"
    # merged-usr hook: like debootstrap, without pulling usrmerge and perl.
    # Docs, man pages and locales are dropped to keep the image small.
    if ! printf '%s\n' "$sources" | _stowage_debian_root "$tmp/rootfs.tar" "$ids" "$arch" "" \
        >"$tmp/mmdebstrap.log" 2>&1; then
      cat "$tmp/mmdebstrap.log" >&2; rm -rf "$tmp"; _stowage_die "mmdebstrap failed"; return 1
    fi
    # One gzip layer; config carries os/arch, PATH, the CNB user and the
    # labels the analyzer turns into the target (distro name/version).
    if ! { umoci init --layout "$tmp/oci" && umoci new --image "$tmp/oci:bookworm" &&
        umoci raw add-layer --image "$tmp/oci:bookworm" "$tmp/rootfs.tar" &&
        umoci config --image "$tmp/oci:bookworm" --os linux --architecture "$arch" \
          --config.user "$ids" --config.env "PATH=$STOWAGE_BASE_PATH" --config.workingdir / \
          --config.label "io.buildpacks.stack.id=$STOWAGE_STACK_ID" \
          --config.label io.buildpacks.base.distro.name=debian \
          --config.label io.buildpacks.base.distro.version=12 \
          --config.label "io.buildpacks.base.maintainer=Stowage" \
          --config.label "io.buildpacks.base.homepage=https://github.com/stowage-buildpacks/stowage" \
          --config.label "io.buildpacks.stack.description=Debian 12 (bookworm) run image for Stowage" &&
        umoci gc --layout "$tmp/oci"; }; then
      rm -rf "$tmp"; _stowage_die "writing the OCI layout failed"; return 1
    fi
    # umoci writes 0600 blobs; the exporter reads them after dropping to the build user.
    chmod -R a+rX "$tmp/oci"
    mv -T "$tmp/oci" "$dir" 2>/dev/null; rm -rf "$tmp"   # first concurrent run wins
  fi
  export STOWAGE_RUN_IMAGE_LAYOUT="$dir"
  echo "$dir"
}

# The certificates an operator added to this machine's trust (a corporate or proxy CA): the
# build image trusts them too, as a builder does that an operator made for their network.
STOWAGE_LOCAL_CA_DIR=/usr/local/share/ca-certificates
_stowage_local_cas() {
  [ -d "$STOWAGE_LOCAL_CA_DIR" ] && find "$STOWAGE_LOCAL_CA_DIR" -type f -name '*.crt' -print0 | sort -z | xargs -0r cat
}

# Builds the Debian 12 build image: the run image's packages plus what builds need
# (STOWAGE_BUILD_IMAGE_PACKAGES), user cnb with the build user's uid/gid, and empty mount
# points for the phases' folders. A root folder, cached like the run image; phases run in it
# read-only. Exports STOWAGE_BUILD_IMAGE_ROOT, echoes the folder.
stowage_install_build_image() {
  local ids sources arch key dir tmp mounts
  stowage_ensure_build_user >/dev/null || return 1
  ids="$CNB_USER_ID:$CNB_GROUP_ID"
  sources="$(_stowage_debian_sources)"
  [ -n "$sources" ] || _stowage_die "no Debian bookworm mirror found in /etc/apt/sources.list*" || return 1
  arch="$(dpkg --print-architecture)"
  key="$(printf '%s\n' "$STOWAGE_BUILD_IMAGE_RECIPE" "$STOWAGE_BUILD_IMAGE_PACKAGES" \
    "$STOWAGE_BUILD_MOUNT_POINTS" "$ids" "$arch" "$sources" "$(_stowage_local_cas | sha256sum)" | _stowage_hash)"
  dir="$STOWAGE_CACHE/build-image/bookworm-$key"
  if [ ! -d "$dir/rootfs/workspace" ]; then
    [ "$(id -u)" = 0 ] || _stowage_die "building the build image needs root" || return 1
    stowage_apt_install mmdebstrap || return 1
    _stowage_say "building the bookworm build image (a few minutes, once)"
    mkdir -p "$STOWAGE_CACHE/build-image"
    tmp="$(mktemp -d "$STOWAGE_CACHE/build-image/tmp.XXXXXX")"
    mounts="$STOWAGE_BUILD_MOUNT_POINTS"
    # resolv.conf and hosts are empty files the phases mount the host's over.
    if ! printf '%s\n' "$sources" | _stowage_debian_root "$tmp/rootfs" "$ids" "$arch" "$STOWAGE_BUILD_IMAGE_PACKAGES" \
        "for d in $mounts; do mkdir -p \"\$1\$d\"; done" \
        ': >"$1/etc/resolv.conf"; : >"$1/etc/hosts"; apt-get clean' \
        "cp -r $STOWAGE_LOCAL_CA_DIR/. \"\$1$STOWAGE_LOCAL_CA_DIR/\" 2>/dev/null; chroot \"\$1\" update-ca-certificates >/dev/null" \
        >"$tmp/mmdebstrap.log" 2>&1; then
      cat "$tmp/mmdebstrap.log" >&2; rm -rf "$tmp"; _stowage_die "mmdebstrap failed"; return 1
    fi
    mkdir -p "$dir" && mv -T "$tmp/rootfs" "$dir/rootfs" 2>/dev/null; rm -rf "$tmp"   # first concurrent run wins
  fi
  export STOWAGE_BUILD_IMAGE_ROOT="$dir/rootfs"
  echo "$dir/rootfs"
}

# stowage_stage_run_image LAYOUT_DIR: copies the run image to where the
# lifecycle looks for STOWAGE_RUN_IMAGE_REF in CNB_LAYOUT_DIR (<registry>/<repo>/<tag>),
# owned by the build user (the phases drop to it before reading or writing).
stowage_stage_run_image() {
  local layout="$1" src dst
  stowage_ensure_build_user >/dev/null || return 1
  src="$(stowage_install_run_image)" || return 1
  dst="$layout/stowage.local/run/bookworm"
  if [ ! -f "$dst/index.json" ]; then
    mkdir -p "$(dirname "$dst")" && cp -r "$src" "$dst" || return 1
  fi
  chown -R "$CNB_USER_ID:$CNB_GROUP_ID" "$layout"
  echo "$STOWAGE_RUN_IMAGE_REF"
}

# stowage_cnb_exec [-u] SRC:DST... -- CMD [ARGS]
# Runs CMD (as root, or with -u as the build user) sealed in the build image: its own mount,
# PID, IPC and UTS namespaces, the build image's root read-only, and nothing of the host but
# the SRC folders bind-mounted at DST (DSTs are mount points the image has) and its DNS
# files; a fresh /proc, a minimal /dev and a tmpfs /tmp. The network stays: builds reach package registries.
# Every mount lives in the private namespace, so nothing is left behind when CMD ends or is
# killed. The environment is passed as is: callers use `env -i` for a clean one.
stowage_cnb_exec() {
  local user=() mounts=() image
  if [ "$1" = -u ]; then user=(--userspec="$CNB_USER_ID:$CNB_GROUP_ID" --groups="$CNB_GROUP_ID"); shift; fi
  while [ $# -gt 0 ] && [ "$1" != -- ]; do mounts+=("$1"); shift; done
  shift
  image="${STOWAGE_BUILD_IMAGE_ROOT:-$(stowage_install_build_image)}" || return 1
  # shellcheck disable=SC2016  # the script expands its own arguments
  unshare --mount --pid --ipc --uts --fork --kill-child --propagation private -- bash -ec '
    r=$1; shift
    # The image root becomes a mount of its own, read-only; the mounts below stay writable.
    mount --bind "$r" "$r"; mount -o remount,bind,ro "$r"
    while [ "$1" != -- ]; do
      src=${1%%:*}; dst=${1#*:}; shift
      # Below another mount (/cnb/lifecycle) the folder may be made; the image itself is read-only.
      { [ ! -L "$r$dst" ] && mkdir -p "$r$dst" 2>/dev/null; } || { echo "stowage: $dst is not a mount point of the build image" >&2; exit 125; }
      mount --bind "$src" "$r$dst"
    done
    shift
    mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
    mount -t tmpfs -o mode=1777,nosuid,nodev stowage-tmp "$r/tmp"
    mount -t tmpfs -o mode=0755,nosuid stowage-dev "$r/dev"
    for d in null zero full random urandom tty; do : >"$r/dev/$d"; mount --bind "/dev/$d" "$r/dev/$d"; done
    ln -s /proc/self/fd "$r/dev/fd"; ln -s fd/0 "$r/dev/stdin"; ln -s fd/1 "$r/dev/stdout"; ln -s fd/2 "$r/dev/stderr"
    mkdir "$r/dev/shm" && mount -t tmpfs -o mode=1777,nosuid,nodev stowage-shm "$r/dev/shm"
    for f in /etc/resolv.conf /etc/hosts; do
      [ -f "$f" ] && [ -f "$r$f" ] && mount --bind -o ro "$f" "$r$f"
    done
    hostname stowage-build
    exec chroot "$@"
  ' stowage-cnb-exec "$image" "${mounts[@]}" -- "${user[@]}" "$image" "$@"
}

# stowage_unpack_image IMAGE_LAYOUT_DIR TAG BUNDLE_DIR: unpacks an image from
# an OCI layout into an OCI runtime bundle (BUNDLE/rootfs + config.json with
# the entrypoint, env, cwd and user). umoci applies whiteouts, refuses paths
# that escape the rootfs and keeps owners and modes (we run as root).
# The lifecycle's layout export lists its own layers with Docker media types
# inside an OCI manifest, which umoci rejects: unpack from a scratch copy
# (blobs hard-linked) whose manifest names the OCI type for the same bytes.
stowage_unpack_image() {
  local src="$1" tag="$2" bundle="$3" tmp manifest digest size
  stowage_apt_install umoci jq || return 1
  # Beside the bundle, so the hard links stay on one file system; an interrupted unpack's
  # scratch copy is removed by the next.
  mkdir -p "$(dirname "$bundle")" || return 1
  rm -rf "$(dirname "$bundle")"/.unpack.*
  tmp="$(mktemp -d "$(dirname "$bundle")/.unpack.XXXXXX")" && cp -rl "$src/." "$tmp/" || return 1
  digest="$(jq -r --arg t "$tag" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' "$tmp/index.json" | head -n1)"
  [ -n "$digest" ] || { rm -rf "$tmp"; _stowage_die "no image tagged $tag in $src"; return 1; }
  manifest="$(jq -c '(.layers[] | select(.mediaType == "application/vnd.docker.image.rootfs.diff.tar.gzip") | .mediaType) = "application/vnd.oci.image.layer.v1.tar+gzip"' "$tmp/blobs/${digest/://}")"
  printf '%s' "$manifest" >"$tmp/manifest.json"
  digest="sha256:$(sha256sum <"$tmp/manifest.json" | cut -d' ' -f1)"; size="$(stat -c %s "$tmp/manifest.json")"
  mv "$tmp/manifest.json" "$tmp/blobs/${digest/://}"
  jq -n --arg d "$digest" --argjson s "$size" --arg t "$tag" '{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s, annotations: {"org.opencontainers.image.ref.name": $t}}]}' >"$tmp/index.json.new"
  mv "$tmp/index.json.new" "$tmp/index.json"   # replaces the hard link, not the source
  rm -rf "$bundle" && mkdir -p "$bundle" || return 1
  # The raw commands skip the mtree manifest `umoci unpack` writes, which hashes every file
  # of the root file system again; the runtime config is all a start reads.
  local rc=0
  umoci raw unpack --image "$tmp:$tag" "$bundle/rootfs" >/dev/null 2>"$tmp/unpack.log" &&
    umoci raw runtime-config --image "$tmp:$tag" --rootfs "$bundle/rootfs" "$bundle/config.json" \
      2>>"$tmp/unpack.log" || { rc=$?; cat "$tmp/unpack.log" >&2; }
  rm -rf "$tmp"
  return $rc
}

# stowage_start_image BUNDLE_DIR LOG [VAR=VALUE...] [-- CMD ARGS...]: starts
# the bundle's entrypoint (or CMD) in the background (output to LOG), as the image user, chrooted
# into its rootfs, in new mount and PID namespaces with a fresh /proc, a
# minimal /dev and a private /tmp. The network namespace is the host's, so a
# server in the image is reachable on 127.0.0.1. VAR=VALUE pairs (e.g.
# PORT=8080) are added to the image's env. STOWAGE_MEMORY_LIMIT (e.g. 512M) runs it in a
# memory cgroup of that limit, seen by the app as its container's. Sets STOWAGE_IMAGE_PID (the
# unshare process) for stowage_stop_image.
stowage_start_image() {
  local bundle="$1" log="$2" cfg="$1/config.json" uid gid args=() env=() vars=() cgroup=""
  shift 2
  STOWAGE_IMAGE_CGROUP=""
  if [ -n "${STOWAGE_MEMORY_LIMIT:-}" ]; then
    cgroup="$(_stowage_memory_cgroup "$STOWAGE_MEMORY_LIMIT")" || return 1
    STOWAGE_IMAGE_CGROUP="$cgroup"
  fi
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  uid="$(jq -r .process.user.uid "$cfg")"; gid="$(jq -r .process.user.gid "$cfg")"
  if [ "${1:-}" = -- ]; then shift; args=("$@"); else mapfile -t args < <(jq -r '.process.args[]' "$cfg"); fi
  mapfile -t env < <(jq -r '.process.env[]' "$cfg")
  # shellcheck disable=SC2016  # the script expands its own arguments
  # With a memory limit, the sandbox joins its cgroup and gets a cgroup namespace rooted there,
  # so the app reads the limit at /sys/fs/cgroup/memory as it would in a container.
  _stowage_in_cgroup "$cgroup" unshare ${cgroup:+--cgroup} --mount --pid --fork --kill-child --propagation private -- bash -c '
    r=$1 uid=$2 gid=$3 limited=$4; shift 4
    # Mounts below follow symlinks outside the chroot: refuse linked targets.
    for d in proc dev tmp etc etc/hosts etc/resolv.conf; do
      [ -L "$r/$d" ] && { echo "stowage-run: /$d is a symlink in the image" >&2; exit 125; }
    done
    mount -t proc proc "$r/proc"
    if [ -n "$limited" ]; then
      mkdir -p "$r/sys/fs/cgroup"
      if [ -d /sys/fs/cgroup/memory ]; then
        mount -t tmpfs -o mode=0755 stowage-cgroup "$r/sys/fs/cgroup"
        mkdir "$r/sys/fs/cgroup/memory"
        mount -t cgroup -o memory,ro cgroup "$r/sys/fs/cgroup/memory"
      else
        mount -t cgroup2 -o ro cgroup2 "$r/sys/fs/cgroup"
      fi
    fi
    mount -t tmpfs -o mode=0755,nosuid stowage-dev "$r/dev"
    for d in null zero full random urandom tty; do touch "$r/dev/$d"; mount --bind "/dev/$d" "$r/dev/$d"; done
    ln -s /proc/self/fd "$r/dev/fd"; ln -s fd/0 "$r/dev/stdin"; ln -s fd/1 "$r/dev/stdout"; ln -s fd/2 "$r/dev/stderr"
    mkdir "$r/dev/shm" && mount -t tmpfs -o mode=1777 stowage-shm "$r/dev/shm"
    mount -t tmpfs -o mode=1777 stowage-tmp "$r/tmp"
    # Name resolution like a container runtime: the host resolv.conf and hosts.
    for f in resolv.conf hosts; do [ -f "/etc/$f" ] && touch "$r/etc/$f" && mount --bind "/etc/$f" "$r/etc/$f"; done
    # Stay the namespace init, which ignores signals it has no handler for,
    # and forward SIGTERM/SIGINT to the app.
    trap "kill -TERM \$app 2>/dev/null" TERM INT
    envv=(); while [ "$1" != -- ]; do envv+=("$1"); shift; done; shift
    env -i "${envv[@]}" chroot --userspec="$uid:$gid" --groups="$gid" "$r" "$@" &
    app=$!
    wait $app; rc=$?
    if kill -0 $app 2>/dev/null; then wait $app; rc=$?; fi   # woken by the trap
    exit $rc
  ' stowage-run "$bundle/rootfs" "$uid" "$gid" "$cgroup" "${env[@]}" "${vars[@]}" -- "${args[@]}" </dev/null >"$log" 2>&1 &
  STOWAGE_IMAGE_PID=$!
}

# _stowage_memory_cgroup LIMIT: a new memory cgroup (v2 where the memory controller is unified,
# else v1) below this process's own, limited to LIMIT (bytes, or with a K, M or G suffix);
# prints its folder.
_stowage_memory_cgroup() {
  local limit="$1" bytes base dir
  bytes="$(numfmt --from=iec "${limit%[bB]}" 2>/dev/null)" || { _stowage_die "not a memory size: $limit"; return 1; }
  if [ -d /sys/fs/cgroup/memory ]; then
    base="/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)"
    dir="$(mktemp -d "$base/stowage-run.XXXXXX")" && chmod 755 "$dir" || return 1
    echo "$bytes" >"$dir/memory.limit_in_bytes" || { rmdir "$dir"; return 1; }
  else
    base="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)"
    dir="$(mktemp -d "$base/stowage-run.XXXXXX")" && chmod 755 "$dir" || return 1
    echo "$bytes" >"$dir/memory.max" || { rmdir "$dir"; return 1; }
  fi
  echo "$dir"
}

# _stowage_in_cgroup CGROUP COMMAND...: runs COMMAND in CGROUP (none when empty).
_stowage_in_cgroup() {
  local cgroup="$1"; shift
  if [ -z "$cgroup" ]; then "$@"; return; fi
  # shellcheck disable=SC2016  # the child writes its own pid
  bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cgroup" "$@"
}

# _stowage_drop_cgroup: removes the memory cgroup of the last start once its processes are gone.
_stowage_drop_cgroup() {
  [ -n "${STOWAGE_IMAGE_CGROUP:-}" ] || return 0
  for _ in $(seq 50); do rmdir "$STOWAGE_IMAGE_CGROUP" 2>/dev/null && break; sleep 0.1; done
  STOWAGE_IMAGE_CGROUP=""
}

# stowage_stop_image [PID]: SIGTERM to the app (via the namespace init:
# unshare blocks SIGTERM while it waits), SIGKILL to all of it after 10 s.
stowage_stop_image() {
  local pid="${1:-${STOWAGE_IMAGE_PID:-}}" init
  [ -n "$pid" ] || return 0
  init="$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)"
  [ -n "$init" ] && kill -TERM "$init" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  # unshare --kill-child passes SIGKILL on to the init, which takes the namespace down.
  kill -0 "$pid" 2>/dev/null && { _stowage_say "app ignored SIGTERM, killing it"; kill -KILL "$pid"; }
  wait "$pid" 2>/dev/null || true
  _stowage_drop_cgroup
}

# stowage_run_image BUNDLE_DIR [VAR=VALUE...] [-- CMD ARGS...]: runs the image's
# entrypoint (or CMD) in the sandbox in the foreground, its output on this
# shell's stdout, until it exits (its exit code is returned) or this shell gets
# SIGTERM or SIGINT, which stop it cleanly.
stowage_run_image() {
  local log rc
  log="$(mktemp)"
  stowage_start_image "$1" "$log" "${@:2}" </dev/null
  tail -n +1 -F --pid="$STOWAGE_IMAGE_PID" "$log" 2>/dev/null &
  local tail_pid=$!
  trap 'stowage_stop_image; rc=143' TERM INT
  rc=0
  wait "$STOWAGE_IMAGE_PID" || rc=$?
  # A signal interrupts `wait`; the trap has stopped the app by then.
  trap - TERM INT
  wait "$tail_pid" 2>/dev/null
  rm -f "$log"
  _stowage_drop_cgroup
  return "$rc"
}

# stowage_build_phases WORK IMAGE_REF: builds the app in WORK through the lifecycle,
# phase by phase as a platform runs them, into the OCI layout WORK/layout.
# WORK holds cnb/{buildpacks,order.toml}, app/, platform/, cache/ and layout/.
# Each phase's output goes to WORK/logs/<phase>.log, its exit code to WORK/logs/<phase>.code
# and its wall time to WORK/logs/<phase>.seconds; a failed phase ends the build with its
# exit code.
# Set STOWAGE_VERBOSE=1 to also show every phase's output as it ends,
# STOWAGE_DEPENDENCY_DIR to mount a folder of dependency files at /stowage-deps, and
# STOWAGE_PHASES to run only the first phases (e.g. "analyzer detector" to detect only).
stowage_build_phases() {
  local work="$1" image="$2" run_image phase rc user
  rm -rf "$work/layers" "$work/logs" && mkdir -p "$work/layers" "$work/logs" || return 1
  # Buildpacks may write to the app, which becomes the image's app layer.
  chown -R "$CNB_USER_ID:$CNB_GROUP_ID" "$work/app" || return 1
  run_image="$(stowage_stage_run_image "$work/layout")" || return 1
  # run.toml is how a builder names its run image; the analyzer and exporter read it.
  printf '[[images]]\nimage = "%s"\n' "$run_image" >"$work/cnb/run.toml"
  chmod -R a+rX "$work/cnb" "$work/platform"
  local mounts=("$work/cnb:/cnb" "$STOWAGE_LIFECYCLE_DIR:/cnb/lifecycle" "$work/app:/workspace"
    "$work/layers:/layers" "$work/platform:/platform" "$work/cache:/cache" "$work/layout:/layout")
  # Locally assembled dependencies, for inventories with file:///stowage-deps/... URIs.
  [ -n "${STOWAGE_DEPENDENCY_DIR:-}" ] && mounts+=("$STOWAGE_DEPENDENCY_DIR:/stowage-deps")
  local env=(PATH="$STOWAGE_BASE_PATH" CNB_PLATFORM_API=0.14 CNB_USER_ID="$CNB_USER_ID"
    CNB_GROUP_ID="$CNB_GROUP_ID" CNB_EXPERIMENTAL_MODE=warn CNB_USE_LAYOUT=true
    CNB_LAYOUT_DIR=/layout CNB_NO_COLOR=true)
  local common=(-app /workspace -layers /layers)
  for phase in ${STOWAGE_PHASES:-analyzer detector restorer builder exporter}; do
    local args=()
    user=()
    case "$phase" in
      analyzer) args=(-layers /layers -run-image "$run_image" "$image") ;;
      detector) user=(-u); args=("${common[@]}" -buildpacks /cnb/buildpacks -order /cnb/order.toml -platform /platform) ;;
      restorer) args=(-layers /layers -cache-dir /cache) ;;
      builder) user=(-u); args=("${common[@]}" -buildpacks /cnb/buildpacks -platform /platform) ;;
      exporter) args=("${common[@]}" -cache-dir /cache -launcher /cnb/lifecycle/launcher "$image") ;;
    esac
    rc=0
    local started="$EPOCHREALTIME"
    # In the background, so a caller's INT/TERM trap runs at once (bash defers traps until a
    # foreground child ends); the trap stops the phase with stowage_stop_phase.
    stowage_cnb_exec "${user[@]}" "${mounts[@]}" -- env -i "${env[@]}" "/cnb/lifecycle/$phase" "${args[@]}" \
      >"$work/logs/$phase.log" 2>&1 &
    STOWAGE_PHASE_PID=$! STOWAGE_PHASE="$phase"
    wait "$STOWAGE_PHASE_PID" || rc=$?
    STOWAGE_PHASE_PID=""
    awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }' >"$work/logs/$phase.seconds"
    echo "$rc" >"$work/logs/$phase.code"
    [ "${STOWAGE_VERBOSE:-}" = 1 ] && cat "$work/logs/$phase.log" >&2
    [ "$rc" = 0 ] || return "$rc"
  done
}

# stowage_stop_phase: stops the phase stowage_build_phases is running, if any: SIGKILL to
# the init of its PID namespace (the lifecycle phase), which takes every process of the
# namespace down with it. (unshare ignores SIGTERM while it waits, and --kill-child does not
# reach a child that has changed its user.)
stowage_stop_phase() {
  [ -n "${STOWAGE_PHASE_PID:-}" ] || return 0
  local unshare init
  for unshare in $(pgrep -P "$STOWAGE_PHASE_PID"); do
    for init in $(pgrep -P "$unshare"); do kill -KILL "$init" 2>/dev/null || true; done
  done
  wait "$STOWAGE_PHASE_PID" 2>/dev/null || true
  STOWAGE_PHASE_PID=""
}

# stowage_app_work_dir APP_DIR: the folder that keeps one app's builds (cache, layout,
# layers) between runs of scripts/build-app and scripts/run-app.
stowage_app_work_dir() {
  local key
  key="$(printf '%s' "$1" | _stowage_hash)"
  mkdir -p "$STOWAGE_CACHE/apps/$key" && echo "$STOWAGE_CACHE/apps/$key"
}

# Builds the pack CLI pinned in tools/pack (static, version-stamped as its Makefile does).
# Exports STOWAGE_PACK, echoes the binary.
stowage_install_pack() {
  local mod="$STOWAGE_ROOT/tools/pack" key dir tmp version
  command -v go >/dev/null || _stowage_die "go is required to build pack" || return 1
  version="$(sed -n 's#^[[:space:]]*github.com/buildpacks/pack v\([^ ]*\).*#\1#p' "$mod/go.mod")"
  [ -n "$version" ] || _stowage_die "no pack version pinned in tools/pack/go.mod" || return 1
  key="$(cat "$mod/go.mod" "$mod/go.sum" <(go -C "$mod" env GOVERSION GOARCH) | _stowage_hash)"
  dir="$STOWAGE_CACHE/pack/$version-$key"
  if [ ! -x "$dir/pack" ]; then
    _stowage_say "building pack $version (first run: a minute or two)"
    mkdir -p "$STOWAGE_CACHE/pack" && tmp="$(mktemp -d "$STOWAGE_CACHE/pack/tmp.XXXXXX")" || return 1
    if ! CGO_ENABLED=0 go -C "$mod" build -trimpath -o "$tmp/pack" \
        -ldflags "-s -w -X github.com/buildpacks/pack/pkg/client.Version=$version" github.com/buildpacks/pack; then
      rm -rf "$tmp"; _stowage_die "pack build failed"; return 1
    fi
    chmod 0755 "$tmp"
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"   # first concurrent run wins
  fi
  export STOWAGE_PACK="$dir/pack"
  echo "$dir/pack"
}

# What podman needs on this kind of machine: runc (crun refuses hybrid cgroups), cgroupfs and
# a file event log (no systemd), and rlimits a container may have (higher ones are refused).
STOWAGE_CONTAINERS_CONF=/etc/containers/containers.conf
STOWAGE_PODMAN_DIR="${STOWAGE_PODMAN_DIR:-/run/stowage-podman}"
# The service exits after this many seconds without a request, so a test never leaves it behind.
STOWAGE_PODMAN_IDLE="${STOWAGE_PODMAN_IDLE:-300}"

# stowage_start_podman: installs podman, runc and skopeo, and serves podman's Docker-compatible
# API on a unix socket (the one already serving, if any). Exports DOCKER_HOST (what pack and
# `podman --remote` use), echoes it. Stop it with stowage_stop_podman, or it stops when idle.
stowage_start_podman() {
  local socket="$STOWAGE_PODMAN_DIR/podman.sock"
  [ "$(id -u)" = 0 ] || _stowage_die "podman's service needs root here" || return 1
  stowage_apt_install podman runc skopeo curl >&2 || return 1
  if [ ! -e "$STOWAGE_CONTAINERS_CONF" ]; then
    mkdir -p "$(dirname "$STOWAGE_CONTAINERS_CONF")"
    cat >"$STOWAGE_CONTAINERS_CONF" <<'CONF'
# Written by Stowage (scripts/lib/tools.sh) for podman as pack's daemon.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=8192:8192"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  fi
  mkdir -p "$STOWAGE_PODMAN_DIR"
  export DOCKER_HOST="unix://$socket"
  # One start at a time; a live socket is reused. The service must not inherit the lock.
  (
    flock 9
    curl -fsS --max-time 5 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && exit 0
    rm -f "$socket"
    setsid podman system service --time "$STOWAGE_PODMAN_IDLE" "$DOCKER_HOST" \
      </dev/null >>"$STOWAGE_PODMAN_DIR/service.log" 2>&1 9>&- &
    echo $! >"$STOWAGE_PODMAN_DIR/service.pid"
    for _ in $(seq 100); do
      curl -fsS --max-time 5 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && exit 0
      sleep 0.1
    done
    cat "$STOWAGE_PODMAN_DIR/service.log" >&2
    _stowage_die "podman system service did not answer on $socket"
  ) 9>"$STOWAGE_PODMAN_DIR/lock" || return 1
  echo "$DOCKER_HOST"
}

# stowage_stop_podman: stops the service stowage_start_podman started (its containers stay).
stowage_stop_podman() {
  local pid
  pid="$(cat "$STOWAGE_PODMAN_DIR/service.pid" 2>/dev/null)" || return 0
  kill -TERM "$pid" 2>/dev/null && for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$STOWAGE_PODMAN_DIR/service.pid" "$STOWAGE_PODMAN_DIR/podman.sock"
}
