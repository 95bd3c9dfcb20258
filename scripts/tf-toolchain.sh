#!/usr/bin/env bash
# Builds the real Terraform engine for the offline test loop from the Go module proxy:
#   - OpenTofu (cmd/tofu), through a wrapper module that copies opentofu's `replace` directives
#   - terraform-provider-google, pinned by the v6.50.0 tag's commit (pseudo-version)
#   - terraform-provider-azuredevops, through a wrapper module (it has a `replace` too)
# and lays out an unpacked filesystem provider mirror plus a CLI config with no `direct {}`
# block, so `tofu init/validate/plan` never reach a provider registry.
#
# Binaries are cached outside the repository, keyed by version:
#   ${TF_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vertex-mlops-cdktf/tf}
# A warm run only checks the cached binaries and rewrites the mirror links and the config.
#
# Usage:
#   scripts/tf-toolchain.sh                  build what is missing, then print the exports
#   scripts/tf-toolchain.sh --print-env      print the exports only (fails when tofu is not built)
#   scripts/tf-toolchain.sh --force          rebuild everything
#   scripts/tf-toolchain.sh --only tofu      build one component (tofu|google|azuredevops; repeatable)
#   scripts/tf-toolchain.sh --strict         exit non-zero when any component could not be built
#   scripts/tf-toolchain.sh --import-provider google=/path/to/terraform-provider-google_v6.50.0
#                                            put a provider binary obtained elsewhere (e.g. from
#                                            the real registry on a machine with network) into
#                                            the cache instead of building it
# Then:  eval "$(scripts/tf-toolchain.sh --print-env)"
#
# Versions can be overridden with TOFU_VERSION, GOOGLE_PROVIDER_VERSION,
# GOOGLE_PROVIDER_COMMIT, GOOGLE_PROVIDER_PSEUDO_VERSION, AZUREDEVOPS_PROVIDER_VERSION.
set -euo pipefail
export CHECKPOINT_DISABLE=1

TOFU_VERSION="${TOFU_VERSION:-v1.12.6}"
GOOGLE_PROVIDER_VERSION="${GOOGLE_PROVIDER_VERSION:-6.50.0}"
# The provider's module path has no /v6 suffix, so its v6.x tags are not valid module
# versions: it is pinned by the tag's commit, as a pseudo-version on the last v1 tag (v1.20.0).
GOOGLE_PROVIDER_COMMIT="${GOOGLE_PROVIDER_COMMIT:-956f510990a78614a06730c34e93779171c5e8f7}"
GOOGLE_PROVIDER_PSEUDO_VERSION="${GOOGLE_PROVIDER_PSEUDO_VERSION:-v1.20.1-0.20250919180509-956f510990a7}"
# The checksum database has no entry for that pseudo-version (and the proxy refuses its .info),
# so its go.sum lines are pinned here. They were checked against the tag: the module zip's files
# are byte-identical to `git archive v6.50.0` (less the nested scripts/ module) and the .mod is
# the tag's go.mod. Other versions: set GOOGLE_PROVIDER_SUMS, or GONOSUMDB to trust on first use.
if [ -z "${GOOGLE_PROVIDER_SUMS:-}" ] && \
   [ "$GOOGLE_PROVIDER_PSEUDO_VERSION" = v1.20.1-0.20250919180509-956f510990a7 ]; then
  GOOGLE_PROVIDER_SUMS="github.com/hashicorp/terraform-provider-google v1.20.1-0.20250919180509-956f510990a7 h1:3EEvZb7SRzXfp5+6ZPNZuN6nAB8DmSAr/cpVL65dHgs=
github.com/hashicorp/terraform-provider-google v1.20.1-0.20250919180509-956f510990a7/go.mod h1:RAmCm7Ff/t3bxpkiAEymzJWxxEmtEVg2eRbG5zRJtTQ="
fi
GOOGLE_PROVIDER_SUMS="${GOOGLE_PROVIDER_SUMS:-}"
AZUREDEVOPS_PROVIDER_VERSION="${AZUREDEVOPS_PROVIDER_VERSION:-1.16.0}"

TOFU_MODULE=github.com/opentofu/opentofu
TOFU_PKG=github.com/opentofu/opentofu/cmd/tofu
GOOGLE_MODULE=github.com/hashicorp/terraform-provider-google
AZDO_MODULE=github.com/microsoft/terraform-provider-azuredevops

CACHE="${TF_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vertex-mlops-cdktf/tf}"

PRINT_ENV_ONLY=0
FORCE=0
STRICT=0
ONLY=()
IMPORTS=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --print-env) PRINT_ENV_ONLY=1 ;;
    --force) FORCE=1 ;;
    --strict) STRICT=1 ;;
    --only) shift; ONLY+=("${1:?--only needs tofu|google|azuredevops}") ;;
    --only=*) ONLY+=("${1#--only=}") ;;
    --import-provider) shift; IMPORTS+=("${1:?--import-provider needs NAME=PATH}") ;;
    --import-provider=*) IMPORTS+=("${1#--import-provider=}") ;;
    -h|--help) usage; exit 0 ;;
    *) echo "tf-toolchain: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[tf-toolchain] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

wanted() {
  [ ${#ONLY[@]} -eq 0 ] && return 0
  local c
  for c in "${ONLY[@]}"; do [ "$c" = "$1" ] && return 0; done
  return 1
}

mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"
BIN="$CACHE/bin"
MIRROR="$CACHE/mirror"
CLI_CONFIG="$CACHE/tofu.tfrc"
PATH_DIR="$CACHE/path"
STATUS_DIR="$CACHE/status"

TOFU_BIN="$BIN/tofu_${TOFU_VERSION}"
GOOGLE_BIN="$BIN/terraform-provider-google_v${GOOGLE_PROVIDER_VERSION}"
AZDO_BIN="$BIN/terraform-provider-azuredevops_v${AZUREDEVOPS_PROVIDER_VERSION}"

print_env() {
  cat <<EOF
export TF_CLI_CONFIG_FILE='$CLI_CONFIG'
export TOFU_BIN='$TOFU_BIN'
export TERRAFORM_BINARY_NAME='$TOFU_BIN'
export PATH='$PATH_DIR':"\$PATH"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
unset TF_PLUGIN_CACHE_DIR
EOF
}

# `tofu version` must report exactly the release (a build without -X version.dev=no says -dev).
tofu_ok() {
  [ -x "$TOFU_BIN" ] || return 1
  local out
  out="$(TF_CLI_CONFIG_FILE=/dev/null "$TOFU_BIN" version 2>/dev/null)" || return 1
  printf '%s\n' "$out" | head -n 1 | grep -qx "OpenTofu ${TOFU_VERSION}"
}

# A provider binary has no --version: running it by hand prints a "This binary is a plugin"
# notice and exits 1. Check it is an executable Go binary of the expected module instead.
provider_ok() { # path module
  [ -x "$1" ] || return 1
  local info
  info="$(go version -m "$1" 2>/dev/null)" || return 1
  printf '%s\n' "$info" | grep -Eq "^[[:space:]]+(path|mod)[[:space:]]+$2([[:space:]]|/|$)"
}

if [ "$PRINT_ENV_ONLY" = 1 ]; then
  if ! tofu_ok || [ ! -f "$CLI_CONFIG" ]; then
    die "no OpenTofu $TOFU_VERSION in $CACHE: run scripts/tf-toolchain.sh first"
  fi
  print_env
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go is not installed (the builds use the Go module proxy)"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED="${CGO_ENABLED:-0}"
GOOS_ARCH="$(go env GOOS)_$(go env GOARCH)"

mkdir -p "$BIN" "$MIRROR" "$PATH_DIR" "$STATUS_DIR" "$CACHE/build"

# Where the module cache keeps MODULE@VERSION (upper-case letters are escaped as !lower).
module_dir() { # module version
  printf '%s/%s@%s\n' "$(go env GOMODCACHE)" "$(printf '%s' "$1" | sed 's/[A-Z]/!\L&/g')" "$2"
}

# Copy the `replace` directives of a module's own go.mod (single-line and block form) into the
# wrapper module in the current directory; local-path replacements cannot apply and are skipped.
copy_replaces() { # path-to-upstream-go.mod
  awk '
    /^replace[ \t]*\(/ { blk = 1; next }
    blk && /^[ \t]*\)/ { blk = 0; next }
    blk { print; next }
    /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print }
  ' "$1" | sed 's://.*$::' | while read -r line; do
    [ -n "$line" ] || continue
    local left="${line%%=>*}" right="${line#*=>}"
    # shellcheck disable=SC2086
    set -- $left
    local old="$1" oldv="${2:-}"
    # shellcheck disable=SC2086
    set -- $right
    local new="$1" newv="${2:-}"
    case "$new" in .*|/*) echo "skipping local replace $old => $new"; continue ;; esac
    go mod edit -replace "${old}${oldv:+@$oldv}=${new}${newv:+@$newv}" || exit 1
    echo "replace ${old}${oldv:+ $oldv} => $new $newv"
  done
}

# Fetch MODULE@VERSION into the module cache. `go mod download` asks the proxy for the
# version's .info first; where the proxy refuses that (it does for the google provider's
# pseudo-version) loading the packages still fetches the .mod and .zip, checked against the
# go.sum lines already in the wrapper (tidy -e goes on past the dependencies' errors).
fetch_module() { # module version
  local dir
  dir="$(module_dir "$1" "$2")"
  [ -f "$dir/go.mod" ] && return 0
  go mod download "$1@$2" || true
  [ -f "$dir/go.mod" ] && return 0
  echo "go mod download $1@$2 failed; loading the packages instead (go mod tidy -e)"
  go mod tidy -e || true
  [ -f "$dir/go.mod" ] || { echo "could not fetch $1@$2 from the Go module proxy"; return 1; }
}

# go_build NAME MODULE VERSION PACKAGE OUT LDFLAGS [GO.SUM LINES]
# Builds PACKAGE of MODULE@VERSION in a wrapper module that requires it, copies its replace
# directives, and starts its go.sum from the module's own go.sum (so the dependencies are
# checked against the hashes upstream recorded, with no checksum-database look-up for them).
go_build() {
  local name="$1" module="$2" version="$3" pkg="$4" out="$5" ldflags="$6" sums="${7:-}"
  local dir="$CACHE/build/${name}-${version}" start end mdir
  mdir="$(module_dir "$module" "$version")"
  start=$(date +%s)
  log "building $name $version ..."
  rm -rf "$dir"
  mkdir -p "$dir"
  # errexit does not apply inside a `||` list, hence the explicit && chain.
  (
    cd "$dir" &&
    go mod init "vertex-mlops-cdktf.local/build/${name}" &&
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" > tools.go &&
    go mod edit -require "${module}@${version}" &&
    { [ -z "$sums" ] || printf '%s\n' "$sums" > go.sum; } &&
    fetch_module "$module" "$version" &&
    { [ ! -f "$mdir/go.sum" ] || cat "$mdir/go.sum" >> go.sum; } &&
    copy_replaces "$mdir/go.mod" &&
    go mod tidy &&
    go build -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp" "$pkg" &&
    mv -f "$out.tmp" "$out"
  ) > "$dir.log" 2>&1 || {
    end=$(date +%s)
    log "building $name $version ... FAILED after $((end - start))s; last lines of $dir.log:"
    tail -n 15 "$dir.log" | sed 's/^/    /' >&2
    return 1
  }
  end=$(date +%s)
  log "building $name $version ... done in $((end - start))s"
  printf '%s\n' "$((end - start))" > "$STATUS_DIR/${name}-${version}.build-seconds"
  mv -f "$dir.log" "$STATUS_DIR/${name}-${version}.build.log"
  rm -rf "$dir"
}

FAILED=()

import_provider() { # name=path
  local name="${1%%=*}" src="${1#*=}" dest module
  case "$name" in
    google) dest="$GOOGLE_BIN"; module="$GOOGLE_MODULE" ;;
    azuredevops) dest="$AZDO_BIN"; module="$AZDO_MODULE" ;;
    *) die "--import-provider: unknown provider '$name' (google|azuredevops)" ;;
  esac
  [ -x "$src" ] || die "--import-provider: $src is not an executable file"
  provider_ok "$src" "$module" || log "warning: $src does not look like a build of $module; importing anyway"
  cp -f "$src" "$dest.tmp" && mv -f "$dest.tmp" "$dest"
  log "imported $name provider from $src"
}

for imp in ${IMPORTS[@]+"${IMPORTS[@]}"}; do import_provider "$imp"; done

# --- OpenTofu -------------------------------------------------------------------------------
if wanted tofu; then
  if [ "$FORCE" = 0 ] && tofu_ok; then
    log "opentofu $TOFU_VERSION: cached"
  # Same ldflags as OpenTofu's release builds (.goreleaser.yaml): version.dev=no drops "-dev".
  elif go_build opentofu "$TOFU_MODULE" "$TOFU_VERSION" "$TOFU_PKG" "$TOFU_BIN" \
      "-X ${TOFU_MODULE}/version.dev=no"; then
    tofu_ok || die "built tofu does not run: $TOFU_BIN"
  else
    FAILED+=("opentofu $TOFU_VERSION")
  fi
fi

# --- google provider ------------------------------------------------------------------------
if wanted google; then
  if [ "$FORCE" = 0 ] && provider_ok "$GOOGLE_BIN" "$GOOGLE_MODULE"; then
    log "terraform-provider-google $GOOGLE_PROVIDER_VERSION: cached"
  elif go_build google "$GOOGLE_MODULE" "$GOOGLE_PROVIDER_PSEUDO_VERSION" "$GOOGLE_MODULE" "$GOOGLE_BIN" \
      "-X ${GOOGLE_MODULE}/version.ProviderVersion=${GOOGLE_PROVIDER_VERSION}" "$GOOGLE_PROVIDER_SUMS"; then
    :
  else
    FAILED+=("terraform-provider-google $GOOGLE_PROVIDER_VERSION ($GOOGLE_MODULE@$GOOGLE_PROVIDER_PSEUDO_VERSION, commit $GOOGLE_PROVIDER_COMMIT)")
  fi
fi

# --- azuredevops provider -------------------------------------------------------------------
if wanted azuredevops; then
  if [ "$FORCE" = 0 ] && provider_ok "$AZDO_BIN" "$AZDO_MODULE"; then
    log "terraform-provider-azuredevops $AZUREDEVOPS_PROVIDER_VERSION: cached"
  elif go_build azuredevops "$AZDO_MODULE" "v${AZUREDEVOPS_PROVIDER_VERSION}" "$AZDO_MODULE" "$AZDO_BIN" \
      "-X ${AZDO_MODULE}/version.ProviderVersion=${AZUREDEVOPS_PROVIDER_VERSION}"; then
    :
  else
    FAILED+=("terraform-provider-azuredevops $AZUREDEVOPS_PROVIDER_VERSION")
  fi
fi

# --- filesystem mirror (unpacked layout) ----------------------------------------------------
# `source = "google"` means registry.opentofu.org/hashicorp/google to tofu and
# registry.terraform.io/hashicorp/google to terraform: lay the provider out under both hosts.
link_into_mirror() { # binary namespace type version
  local bin="$1" ns="$2" type="$3" ver="$4" host dir
  for host in registry.opentofu.org registry.terraform.io; do
    dir="$MIRROR/$host/$ns/$type/$ver/$GOOS_ARCH"
    rm -rf "$dir"
    if [ -x "$bin" ]; then
      mkdir -p "$dir"
      ln -f "$bin" "$dir/terraform-provider-${type}_v${ver}" 2>/dev/null \
        || cp -f "$bin" "$dir/terraform-provider-${type}_v${ver}"
    fi
  done
}
link_into_mirror "$GOOGLE_BIN" hashicorp google "$GOOGLE_PROVIDER_VERSION"
link_into_mirror "$AZDO_BIN" microsoft azuredevops "$AZUREDEVOPS_PROVIDER_VERSION"

cat > "$CLI_CONFIG.tmp" <<EOF
# Written by scripts/tf-toolchain.sh: providers come only from the local mirror (no direct {}).
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.opentofu.org/*/*", "registry.terraform.io/*/*"]
  }
}
EOF
mv -f "$CLI_CONFIG.tmp" "$CLI_CONFIG"

if tofu_ok; then ln -sfn "$TOFU_BIN" "$PATH_DIR/tofu"; fi

# --- summary --------------------------------------------------------------------------------
status_line() { # label ok
  if [ "$2" = 1 ]; then log "  $1: ok"; else log "  $1: MISSING"; fi
}
log "cache: $CACHE ($(du -sh "$CACHE" 2>/dev/null | cut -f1))"
status_line "opentofu $TOFU_VERSION" "$(tofu_ok && echo 1 || echo 0)"
status_line "terraform-provider-google $GOOGLE_PROVIDER_VERSION" \
  "$(provider_ok "$GOOGLE_BIN" "$GOOGLE_MODULE" && echo 1 || echo 0)"
status_line "terraform-provider-azuredevops $AZUREDEVOPS_PROVIDER_VERSION" \
  "$(provider_ok "$AZDO_BIN" "$AZDO_MODULE" && echo 1 || echo 0)"
if [ ${#FAILED[@]} -gt 0 ]; then
  for f in "${FAILED[@]}"; do log "could not build: $f"; done
  log "(see docs/terraform-toolchain.md; a binary obtained elsewhere can be added with --import-provider)"
fi

tofu_ok || die "OpenTofu is not available; nothing to export"
log "run:  eval \"\$(scripts/tf-toolchain.sh --print-env)\""
print_env
if [ "$STRICT" = 1 ] && [ ${#FAILED[@]} -gt 0 ]; then exit 1; fi
exit 0
