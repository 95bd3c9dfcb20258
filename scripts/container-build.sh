#!/usr/bin/env bash
# Builds the platform's container images with Cloud Build, each tagged by the content of its
# sources, and skips an image whose tag is already in the registry (nothing changed).
#
#   scripts/container-build.sh --list               print every image, one a line (no cloud call)
#   scripts/container-build.sh --tag IMAGE          print IMAGE's content tag (no cloud call)
#   scripts/container-build.sh PROJECT REPOSITORY BUILD_SA [IMAGE...]
#                                                   build IMAGE (default: every image) as the
#                                                   image-builder account BUILD_SA (an e-mail)
#
# An image is a folder under assets/ with a cloudbuild.yaml (assets/containers/training,
# assets/web, ...); its name is the folder's name. The folder's optional image.conf says what
# Cloud Build gets and what the tag covers, as lines `key=value` (paths from the repository root
# for context, from the context for sources):
#   context=assets/containers        the build context (default: the image's folder)
#   sources=training tuning          folders whose files make the tag (default: the whole context)
#   stage=scripts/web-image.js       a script that stages the context Cloud Build gets into the
#                                    folder it is given and prints that folder (the web service's
#                                    bundle); the tag still covers the sources
# The tag is the first 16 hex digits of a sha256 over those files' paths and contents
# (src/container-images.ts computes the same for the pipeline parameters).
#
# Each build runs as BUILD_SA (the stack output service_account_image_build), never as a
# default account: the cloudbuild.yaml must hold the line
#   serviceAccount: projects/PROJECT_ID/serviceAccounts/IMAGE_BUILDER
# which this script fills in, and `logging: CLOUD_LOGGING_ONLY` (Cloud Build's requirement for
# a user-specified account). Environment: REGION (europe-west4); SOURCE_STAGING, the gs://
# folder the source archive is uploaded to (stack output container_source_staging, on the
# platform's storage key; without it gcloud creates a <project>_cloudbuild bucket with
# Google-managed encryption, so set it for a platform project); GCLOUD (gcloud).
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REGION="${REGION:-europe-west4}"
GCLOUD="${GCLOUD:-gcloud}"
SA_LINE='serviceAccount: projects/PROJECT_ID/serviceAccounts/IMAGE_BUILDER'

die() { echo "container-build: $*" >&2; exit 2; }

# Every image folder (relative to ROOT), sorted.
image_dirs() {
  (cd "$ROOT" && find assets -maxdepth 3 -name cloudbuild.yaml -not -path '*/node_modules/*' -printf '%h\n' | LC_ALL=C sort)
}

images() {
  local dirs names
  dirs="$(image_dirs)"
  names="$(printf '%s\n' "$dirs" | xargs -n1 basename)"
  local dup
  dup="$(printf '%s\n' "$names" | LC_ALL=C sort | uniq -d | head -1)"
  [ -z "$dup" ] || die "two image folders are named '$dup' ($(printf '%s\n' "$dirs" | grep "/$dup\$" | tr '\n' ' ')); rename one: the folder's name is the image's"
  printf '%s\n' "$names"
}

dir_of() {
  local d
  d="$(image_dirs | while read -r x; do if [ "$(basename "$x")" = "$1" ]; then echo "$x"; fi; done)"
  [ -n "$d" ] || die "unknown image '$1'; use one of $(images | paste -sd, - | sed 's/,/, /g')"
  echo "$d"
}

# conf DIR KEY DEFAULT: the value of KEY in DIR/image.conf (read as text, never sourced).
conf() {
  local file="$ROOT/$1/image.conf" value=""
  if [ -f "$file" ]; then
    value="$(sed -n "s/^$2=//p" "$file" | tail -1)"
    if grep -qvE '^(#.*|[[:space:]]*|context=.*|sources=.*|stage=.*)$' "$file"; then
      die "$1/image.conf: unknown line '$(grep -vE '^(#.*|[[:space:]]*|context=.*|sources=.*|stage=.*)$' "$file" | head -1)'; only context=, sources= and stage= are read"
    fi
  fi
  echo "${value:-$3}"
}

content_tag() {
  local dir context sources
  dir="$(dir_of "$1")"
  context="$(conf "$dir" context "$dir")"
  sources="$(conf "$dir" sources .)"
  [ -d "$ROOT/$context" ] || die "$dir/image.conf: context '$context' is not a folder of the repository"
  # shellcheck disable=SC2086
  (cd "$ROOT/$context" && find $sources -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -path '*/node_modules/*' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)
}

case "${1:-}" in
  --list)
    [ $# -eq 1 ] || die "usage: container-build.sh --list"
    images
    exit 0 ;;
  --tag)
    [ $# -eq 2 ] || die "usage: container-build.sh --tag IMAGE"
    content_tag "$2"
    exit 0 ;;
esac

if [ $# -lt 3 ]; then
  echo "usage: container-build.sh PROJECT REPOSITORY BUILD_SA [IMAGE...]  (or --list, --tag IMAGE)" >&2
  exit 2
fi
PROJECT="$1" REPOSITORY="$2" BUILD_SA="$3"
shift 3
[[ "$BUILD_SA" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]+\.iam\.gserviceaccount\.com$ ]] ||
  die "BUILD_SA '$BUILD_SA' is not a service-account e-mail; pass the image-builder account (stack output service_account_image_build)"
IMAGES=("$@")
[ ${#IMAGES[@]} -gt 0 ] || mapfile -t IMAGES < <(images)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for image in "${IMAGES[@]}"; do
  dir="$(dir_of "$image")"
  config="$ROOT/$dir/cloudbuild.yaml"
  grep -qxF "$SA_LINE" "$config" || die "$dir/cloudbuild.yaml has no line '$SA_LINE': builds run as the image-builder account, never a default one"
  grep -qE '^[[:space:]]+logging:[[:space:]]*CLOUD_LOGGING_ONLY[[:space:]]*$' "$config" || die "$dir/cloudbuild.yaml does not set options.logging: CLOUD_LOGGING_ONLY, which Cloud Build requires with a user-specified account"
  tag="$(content_tag "$image")"
  ref="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/$image:$tag"
  if "$GCLOUD" artifacts docker images describe "$ref" --project "$PROJECT" >/dev/null 2>&1; then
    echo "container-build: $ref exists (sources unchanged); not rebuilding"
    continue
  fi
  echo "container-build: building $ref as $BUILD_SA"
  mkdir -p "$work/$image"
  sed "s|^$SA_LINE\$|serviceAccount: projects/$PROJECT/serviceAccounts/$BUILD_SA|" "$config" > "$work/$image/cloudbuild.yaml"
  # --suppress-logs: streaming Cloud Logging-only logs takes logs viewer on the project, which the
  # deployer does not hold; gcloud still waits for the build, fails with it and prints its console link.
  stage="$(conf "$dir" stage "")"
  if [ -n "$stage" ]; then context="$(node "$ROOT/$stage" "$work/$image/context")"; else context="$ROOT/$(conf "$dir" context "$dir")"; fi
  "$GCLOUD" builds submit "$context" --project "$PROJECT" --region "$REGION" \
    --config "$work/$image/cloudbuild.yaml" --suppress-logs \
    --substitutions "_REGION=$REGION,_REPOSITORY=$REPOSITORY,_TAG=$tag" \
    ${SOURCE_STAGING:+--gcs-source-staging-dir "$SOURCE_STAGING"}
done
