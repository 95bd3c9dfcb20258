#!/usr/bin/env bash
# Builds the platform's container images with Cloud Build, each tagged by the content of its
# sources, and skips an image whose tag is already in the registry (nothing changed).
#
#   scripts/container-build.sh --tag IMAGE          print IMAGE's content tag (no cloud call)
#   scripts/container-build.sh PROJECT REPOSITORY BUILD_SA [IMAGE...]
#                                                   build IMAGE (default: all) in europe-west4
#
# IMAGE is training, tuning, prediction or web. The tag is the first 16 hex digits of a sha256
# over the image's source files (paths and contents): under assets/containers, the folders its
# Dockerfile copies (tuning copies training's code too); for web, the sources
# scripts/web-image.js bundles, relative to the repository (src/container-images.ts lists the
# same). The web image's context is the folder web-image.js stages. Environment: REGION (europe-west4);
# SOURCE_STAGING, a gs:// folder in a bucket on the platform's storage key, where the build's
# source archive is uploaded (without it gcloud uses a <project>_cloudbuild bucket it creates
# with Google-managed encryption, so set it for a platform project).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONTEXT="$ROOT/assets/containers"
REGION="${REGION:-europe-west4}"

sources() {
  case "$1" in
    training) echo training ;;
    tuning) echo training tuning ;;
    prediction) echo prediction ;;
    web) echo assets/dags/mlops_ingest/iris.schema.json assets/web/Dockerfile assets/web/cloudbuild.yaml assets/web/public \
      assets/web/src inference/lib package-lock.json packages/vertex-client/src ;;
    *) echo "container-build: unknown image '$1'; use training, tuning, prediction or web" >&2; return 2 ;;
  esac
}

content_tag() {
  local dirs root="$CONTEXT"
  dirs="$(sources "$1")" || return 2
  [ "$1" != web ] || root="$ROOT"
  # shellcheck disable=SC2086
  (cd "$root" && find $dirs -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)
}

if [ "${1:-}" = "--tag" ]; then
  [ $# -eq 2 ] || { echo "usage: container-build.sh --tag IMAGE" >&2; exit 2; }
  content_tag "$2"
  exit 0
fi

if [ $# -lt 3 ]; then
  echo "usage: container-build.sh PROJECT REPOSITORY BUILD_SA [IMAGE...]  (or --tag IMAGE)" >&2
  exit 2
fi
PROJECT="$1" REPOSITORY="$2" BUILD_SA="$3"
shift 3
IMAGES=("$@")
[ ${#IMAGES[@]} -gt 0 ] || IMAGES=(training tuning prediction web)
STAGED="$(mktemp -d)"
trap 'rm -rf "$STAGED"' EXIT

for image in "${IMAGES[@]}"; do
  tag="$(content_tag "$image")"
  ref="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/$image:$tag"
  if gcloud artifacts docker images describe "$ref" --project "$PROJECT" >/dev/null 2>&1; then
    echo "container-build: $ref exists (sources unchanged); not rebuilding"
    continue
  fi
  echo "container-build: building $ref"
  context="$CONTEXT" config="$CONTEXT/$image/cloudbuild.yaml"
  if [ "$image" = web ]; then
    context="$(node "$ROOT/scripts/web-image.js" "$STAGED/web")" config="$context/cloudbuild.yaml"
  fi
  gcloud builds submit "$context" --project "$PROJECT" --region "$REGION" \
    --config "$config" \
    --service-account "projects/$PROJECT/serviceAccounts/$BUILD_SA" \
    --substitutions "_REGION=$REGION,_REPOSITORY=$REPOSITORY,_TAG=$tag" \
    ${SOURCE_STAGING:+--gcs-source-staging-dir "$SOURCE_STAGING"}
done
