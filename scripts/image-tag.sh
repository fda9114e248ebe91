#!/usr/bin/env bash
# The image naming that buildspec.yml (CodeBuild) and scripts/verify-image.sh both use, so the
# code that names and announces an image is the same in CI, locally and in the pipeline.
#
#   image-tag.sh tag                              prints the tag for this build
#   image-tag.sh definitions IMAGE_URI [FILE]     writes the ECS deploy action's imagedefinitions.json
#                                                 (container name: TASK_CONTAINER_NAME, default notification)
#
# Tags are unique per build (the ECR repository has immutable tags and `latest` is never pushed):
# IMAGE_TAG_PREFIX (the environment), the first 12 characters of the commit, then the CodeBuild
# build number. The commit is SOURCE_COMMIT_ID, which the pipeline passes from its Source action's
# variables (#{Source.CommitId}): under CodePipeline, CodeBuild gets a zip, and
# CODEBUILD_RESOLVED_SOURCE_VERSION may be absent. That one is the fallback for a build started by hand. A rebuild of the same commit gets a new number; the prefix keeps the two
# pipelines, whose build numbers are counted separately, from colliding on one commit, and lets
# the ECR lifecycle rules keep the newest images of each environment.
set -euo pipefail

usage() {
  echo "usage: $0 tag | definitions IMAGE_URI [FILE]" >&2
  exit 2
}

image_tag() {
  local prefix="${IMAGE_TAG_PREFIX:-}"
  local commit="${SOURCE_COMMIT_ID:-${CODEBUILD_RESOLVED_SOURCE_VERSION:-}}"
  local build="${CODEBUILD_BUILD_NUMBER:-}"
  if [[ ! "$prefix" =~ ^[a-z0-9]+$ ]]; then
    echo "IMAGE_TAG_PREFIX must be the environment name (lower-case letters and digits), got '$prefix'" >&2
    exit 1
  fi
  if [[ ! "$commit" =~ ^[0-9a-f]{12,40}$ ]]; then
    echo "SOURCE_COMMIT_ID (or CODEBUILD_RESOLVED_SOURCE_VERSION) must be a commit id, got '$commit'" >&2
    exit 1
  fi
  if [[ ! "$build" =~ ^[0-9]+$ ]]; then
    echo "CODEBUILD_BUILD_NUMBER must be a number, got '$build'" >&2
    exit 1
  fi
  echo "${prefix}-${commit:0:12}-${build}"
}

image_definitions() {
  local uri="$1" file="${2:-imagedefinitions.json}"
  # The name must equal the container name in the ECS task definition, or the deploy action fails.
  local name="${TASK_CONTAINER_NAME:-notification}"
  if [[ ! "$uri" =~ ^[^[:space:]\"]+:[A-Za-z0-9_.-]+$ ]]; then
    echo "IMAGE_URI must be repository:tag, got '$uri'" >&2
    exit 1
  fi
  printf '[{"name":"%s","imageUri":"%s"}]\n' "$name" "$uri" > "$file"
  echo "wrote $file: $(cat "$file")"
}

case "${1:-}" in
  tag) [[ $# -eq 1 ]] || usage; image_tag ;;
  definitions) [[ $# -ge 2 && $# -le 3 ]] || usage; image_definitions "$2" "${3:-}" ;;
  *) usage ;;
esac
