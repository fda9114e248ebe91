#!/usr/bin/env bash
# Proves the production image is real: builds the repository's Dockerfile, names it the way the
# pipeline does, runs it with the settings ECS gives it and checks what ECS and the load balancer
# rely on: /health/ready answers 200, the process is not root, data/ is writable, and SIGTERM ends
# it with exit code 0 within the ECS stop timeout.
#
# Runs as root on a Debian 12 machine without Docker and without access to mcr.microsoft.com:
# podman builds the Dockerfile unchanged against local stand-ins for the two Microsoft images,
# made from Debian bookworm plus this machine's .NET (see docs/deployment.md and TOOLING.md).
# Rerunnable: the bookworm root is cached in $CACHE_DIR, the stand-ins and layers in podman.
#
# Storage defaults to the embedded SQLite database; override with STORAGE_PROVIDER,
# STORAGE_CONNECTION_STRING (and STORAGE_USERNAME / STORAGE_PASSWORD) to check another engine.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${CACHE_DIR:-/var/tmp/usheru-image-cache}"
IMAGE="usheru-notification:verify"
ASPNET_IMAGE="mcr.microsoft.com/dotnet/aspnet:10.0"
SDK_IMAGE="mcr.microsoft.com/dotnet/sdk:10.0"
DEBIAN_MIRROR="http://deb.debian.org/debian"
LABEL="usheru.verify-image=1"
READY_DEADLINE_SECONDS=90
# Must match the container's stopTimeout in the ECS task definition (NotificationService.cs).
STOP_TIMEOUT_SECONDS=35
DOMAIN="notification.develop.usheru.com"

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
die() { echo "FAIL: $*"; exit 1; }

# shellcheck source=stand-ins/common.sh
source "$REPO_ROOT/scripts/stand-ins/common.sh"

remove_containers() {
  local ids
  ids="$(podman_ ps -aq --filter "label=$LABEL")"
  if [[ -n "$ids" ]]; then
    # shellcheck disable=SC2086 # one id per word
    podman_ rm -f $ids >/dev/null
  fi
}

wait_until_ready() {
  local container="$1" url="$2" deadline=$((SECONDS + READY_DEADLINE_SECONDS)) status
  while ((SECONDS < deadline)); do
    if [[ "$(podman_ inspect -f '{{.State.Running}}' "$container")" != "true" ]]; then
      echo "container stopped before it was ready"
      return 1
    fi
    status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
    if [[ "$status" == "200" ]]; then
      return 0
    fi
    # A poll interval, not a wait for readiness: the deadline above bounds the whole loop.
    sleep 0.5
  done
  echo "no 200 within ${READY_DEADLINE_SECONDS}s (last status: $status)"
  return 1
}

main() {
  [[ $EUID -eq 0 ]] || die "run as root (podman, debootstrap and chroot need it)"
  install_tools
  remove_containers
  trap remove_containers EXIT

  import_stand_in "$ASPNET_IMAGE" dotnet host shared
  import_stand_in "$SDK_IMAGE" dotnet host shared sdk packs sdk-manifests templates

  # Host network so that `dotnet restore` inside the build reaches NuGet.
  podman_ build --pull=never --network=host --force-rm --tag "$IMAGE" --file "$REPO_ROOT/Dockerfile" "$REPO_ROOT" \
    || die "podman build of the Dockerfile"
  pass "Dockerfile builds"

  local user
  user="$(podman_ image inspect -f '{{.Config.User}}' "$IMAGE")"
  [[ -n "$user" && "$user" != "0" && "$user" != "root" ]] \
    && pass "image runs as user $user" || fail "image user is '$user', expected non-root"

  # The pipeline's own naming, with fake values where CodeBuild would give real ones.
  local work tag uri
  work="$(mktemp -d)"
  tag="$(IMAGE_TAG_PREFIX=verify CODEBUILD_RESOLVED_SOURCE_VERSION="$(git -C "$REPO_ROOT" rev-parse HEAD)" \
    CODEBUILD_BUILD_NUMBER=1 "$REPO_ROOT/scripts/image-tag.sh" tag)"
  "$REPO_ROOT/scripts/image-tag.sh" definitions \
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/usheru-notification:$tag" "$work/imagedefinitions.json" >/dev/null
  uri="$(node -e '
    const [d] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (d.name !== "notification") throw new Error("container name " + d.name);
    console.log(d.imageUri);' "$work/imagedefinitions.json")" \
    || die "imagedefinitions.json does not name the container notification"
  rm -rf "$work"
  pass "imagedefinitions.json names container notification with image $uri"
  podman_ tag "$IMAGE" "$uri"

  # The environment ECS gives the container (NotificationService.cs), storage overridable.
  local port container env=()
  port="$(free_port)"
  env+=(-e "Storage__Provider=${STORAGE_PROVIDER:-sqlite}")
  env+=(-e "Storage__ConnectionString=${STORAGE_CONNECTION_STRING:-Data Source=data/notifications.db}")
  [[ -n "${STORAGE_USERNAME:-}" ]] && env+=(-e "Storage__Username=$STORAGE_USERNAME")
  [[ -n "${STORAGE_PASSWORD:-}" ]] && env+=(-e "Storage__Password=$STORAGE_PASSWORD")
  env+=(-e "Auth__BootstrapKey=verify-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')")
  env+=(-e "PublicBaseUrl=https://$DOMAIN" -e "Email__MessageIdDomain=$DOMAIN")
  # ECS gives the task SES over SMTP; here mail stays in files, said explicitly (Production refuses
  # to start with neither).
  env+=(-e "Email__PickupDirectory=data/outbox")
  container="$(podman_ run -d --label "$LABEL" \
    --ulimit nofile=1024:1024 --ulimit nproc=1000:1000 \
    -p "127.0.0.1:$port:8080" "${env[@]}" "$uri")" || die "container does not start"

  if wait_until_ready "$container" "http://127.0.0.1:$port/health/ready"; then
    pass "/health/ready answers 200 on 127.0.0.1:$port"
  else
    podman_ logs --tail 40 "$container" || true
    die "/health/ready did not answer 200"
  fi

  local uid
  uid="$(podman_ exec "$container" id -u)" || uid="unknown"
  [[ "$uid" =~ ^[0-9]+$ && "$uid" != "0" ]] && pass "process runs as uid $uid" || fail "process uid is '$uid'"
  podman_ exec "$container" sh -c 'test -w /app/data' \
    && pass "/app/data is writable by the app user" || fail "/app/data is not writable by uid $uid"

  local started elapsed code
  started=$SECONDS
  podman_ stop -t "$STOP_TIMEOUT_SECONDS" "$container" >/dev/null
  elapsed=$((SECONDS - started))
  code="$(podman_ inspect -f '{{.State.ExitCode}}' "$container")"
  [[ "$code" == "0" ]] && pass "SIGTERM: exit code 0" || { fail "SIGTERM: exit code $code, expected 0"; podman_ logs --tail 40 "$container" || true; }
  ((elapsed < STOP_TIMEOUT_SECONDS)) && pass "SIGTERM: stopped in ${elapsed}s (< ${STOP_TIMEOUT_SECONDS}s)" \
    || fail "SIGTERM: took ${elapsed}s, the stop timeout is ${STOP_TIMEOUT_SECONDS}s"

  if ((failures)); then
    echo "FAIL: verify-image ($failures failed checks)"
    exit 1
  fi
  echo "PASS: verify-image"
}

main "$@"
