#!/usr/bin/env bash
# The stack of compose.yaml on this machine, and a rolling replacement of its service containers
# under load, done the way ECS replaces tasks:
#   1. brings the stack up from nothing (PostgreSQL, mail catcher, two service containers from
#      the real Dockerfile, nginx) and checks /health/ready through nginx;
#   2. under a steady load through nginx (POST /v1/notifications with Idempotency-Key, GETs),
#      replaces notification-1, then notification-2, with a new image: take it out of nginx's
#      upstream (deregister), wait the deregistration delay, SIGTERM it (podman stop, 35 s like the
#      ECS stop timeout), start the new container with the same settings, wait for /health/ready
#      (the ECS container health check), put it back;
#   3. passes only if no client request failed and every accepted notification was delivered
#      (through the API: completed, delivery sent; and counted in the mail catcher).
#
# Runs as root on a Debian 12 machine without Docker or registries: images compose.yaml names are
# local stand-ins (scripts/stand-ins/, see docs/operations.md), the service image is the one
# scripts/verify-image.sh built when IMAGE names it (CI shares that build), else it is built here.
# podman-compose 1.0.3 ignores depends_on conditions, so the script starts PostgreSQL first and
# waits for it; with Docker, `docker compose up` alone does that.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${CACHE_DIR:-/var/tmp/usheru-image-cache}"
DEBIAN_MIRROR="http://deb.debian.org/debian"
PROJECT="usheru-rehearsal"
LOCAL_IMAGE="usheru-notification:local"
NEXT_IMAGE="usheru-notification:rehearsal-next"
KEY="dev-key"
RATE="${RATE:-10}"
# ECS waits the target group's deregistration delay (15 s in AWS) before SIGTERM; shorter here.
DEREGISTRATION_DELAY="${DEREGISTRATION_DELAY:-5}"
STOP_TIMEOUT_SECONDS=35
# Generous: a .NET container starts in seconds on an idle machine, minutes on a crowded one.
READY_DEADLINE_SECONDS=300

die() { echo "FAIL: $*"; exit 1; }
# shellcheck source=stand-ins/common.sh
source "$REPO_ROOT/scripts/stand-ins/common.sh"

work="$(mktemp -d)"
compose() { podman-compose --no-ansi -p "$PROJECT" -f "$REPO_ROOT/compose.yaml" "$@"; }

cleanup() {
  touch "$work/stop"
  compose down -v >/dev/null 2>&1 || true
  rm -rf "$work"
}

# podman-compose calls plain `podman`: the runtime, cgroup manager and ulimits that work here.
write_containers_conf() {
  cat > "$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
  export CONTAINERS_CONF="$work/containers.conf"
}

stand_in() {
  local image="$1" file="$2" context="$REPO_ROOT/scripts/stand-ins"
  if ! podman image exists "$image"; then
    echo "building stand-in $image"
    podman build --pull=never --network=host -q -t "$image" -f "$context/$file" "$context" >/dev/null || die "stand-in $image"
  fi
}

stand_ins() {
  if ! podman image exists localhost/usheru-stand-in/bookworm:12; then
    local root
    root="$(bookworm_root)"
    tar -cf "$work/bookworm.tar" -C "$root" .
    podman import --quiet "$work/bookworm.tar" localhost/usheru-stand-in/bookworm:12 >/dev/null
    rm -f "$work/bookworm.tar"
  fi
  import_stand_in mcr.microsoft.com/dotnet/aspnet:10.0 dotnet host shared
  import_stand_in mcr.microsoft.com/dotnet/sdk:10.0 dotnet host shared sdk packs sdk-manifests templates
  stand_in docker.io/library/postgres:16 postgres.Containerfile
  stand_in docker.io/library/nginx:1.27 nginx.Containerfile
  stand_in docker.io/rnwood/smtp4dev:v3 smtp4dev.Containerfile
}

service_images() {
  if [[ -n "${IMAGE:-}" ]]; then
    podman tag "$IMAGE" "$LOCAL_IMAGE"
  elif ! podman image exists "$LOCAL_IMAGE"; then
    podman build --pull=never --network=host -t "$LOCAL_IMAGE" -f "$REPO_ROOT/Dockerfile" "$REPO_ROOT" || die "podman build of the Dockerfile"
  fi
  # "A new image": the same build under a new id, as a new commit's image would be.
  printf 'FROM %s\nLABEL org.usheru.rehearsal="%s"\n' "$LOCAL_IMAGE" "$(date +%s)" > "$work/Containerfile.next"
  podman build --pull=never -q -t "$NEXT_IMAGE" -f "$work/Containerfile.next" "$work" >/dev/null
}

# The ECS container health check, run inside the container.
ready_inside() {
  podman exec "$1" bash -c "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200 '" 2>/dev/null
}

wait_for() {
  local what="$1" deadline=$((SECONDS + READY_DEADLINE_SECONDS)); shift
  until "$@"; do
    ((SECONDS < deadline)) || die "$what within ${READY_DEADLINE_SECONDS}s"
    sleep 0.5 # a poll interval, bounded by the deadline
  done
}

requests_so_far() {
  local count
  count="$(cat "$work/results.json.progress" 2>/dev/null || true)"
  echo "${count:-0}"
}

load_reached() { (($(requests_so_far) >= $1)); }

wait_for_load() {
  wait_for "$1 more requests of load" load_reached $(($(requests_so_far) + $1))
}

upstream() { # $1 = service, $2 = down | up
  if [[ "$2" == down ]]; then
    sed -i "s/server $1:8080 max_fails=0;/server $1:8080 max_fails=0 down;/" "$work/nginx/notification.conf"
  else
    sed -i "s/server $1:8080 max_fails=0 down;/server $1:8080 max_fails=0;/" "$work/nginx/notification.conf"
  fi
  podman exec "${PROJECT}_nginx_1" nginx -s reload >/dev/null 2>&1 || die "nginx reload"
}

replace() {
  local service="$1" container="${PROJECT}_$1_1" started=$SECONDS code
  echo "-- replacing $service"
  upstream "$service" down
  sleep "$DEREGISTRATION_DELAY" # the target group's deregistration delay, as configured in ECS
  podman inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$container" | grep -v '^$' > "$work/$service.env"
  podman stop -t "$STOP_TIMEOUT_SECONDS" "$container" >/dev/null
  code="$(podman inspect -f '{{.State.ExitCode}}' "$container")"
  [[ "$code" == 0 ]] || die "$service exited $code on SIGTERM"
  podman rm "$container" >/dev/null
  # Restarted if it exits, as ECS replaces a task that stops (e.g. the database did not answer in time).
  podman run -d --restart on-failure --name "$container" --network "${PROJECT}_default" --network-alias "$service" \
    --env-file "$work/$service.env" "$NEXT_IMAGE" >/dev/null
  if ! (wait_for "$service on the new image to answer /health/ready" ready_inside "$container"); then
    podman logs --tail 30 "$container" || true
    die "$service on the new image did not become ready"
  fi
  upstream "$service" up
  echo "   $service: drained, exit 0 on SIGTERM, new image ready and back in nginx in $((SECONDS - started))s"
}

main() {
  [[ $EUID -eq 0 ]] || die "run as root (podman and debootstrap need it)"
  install_tools
  command -v podman-compose >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman-compose >/dev/null; }
  trap cleanup EXIT
  write_containers_conf
  # Without systemd, podman cannot schedule compose's health checks; it says so on every start.
  # The script probes readiness itself, as ECS does.
  compose down -v >/dev/null 2>&1 || true
  local began=$SECONDS
  stand_ins
  service_images
  echo "images ready in $((SECONDS - began))s"

  cp -r "$REPO_ROOT/compose/nginx" "$work/nginx"
  NOTIFICATION_PORT="$(free_port)" MAIL_UI_PORT="$(free_port)" NGINX_CONF_DIR="$work/nginx"
  export NOTIFICATION_PORT MAIL_UI_PORT NGINX_CONF_DIR
  local base="http://127.0.0.1:$NOTIFICATION_PORT" up=$SECONDS
  # podman-compose 1.0.3 prints errors for what it cannot do here (health check timers without
  # systemd; recreating the services already started, despite --no-deps): kept in a log.
  compose up -d --no-build postgres mail > "$work/compose-up.log" 2>&1 || { cat "$work/compose-up.log"; die "compose up"; }
  wait_for "PostgreSQL to accept connections" podman exec "${PROJECT}_postgres_1" pg_isready -q -h 127.0.0.1 -U notification -d notifications
  compose up -d --no-build --no-deps notification-1 notification-2 nginx >> "$work/compose-up.log" 2>&1 || true
  if ! (wait_for "/health/ready through nginx" curl -sf -o /dev/null --max-time 2 "$base/health/ready"); then
    cat "$work/compose-up.log"
    die "the stack did not serve /health/ready through nginx"
  fi
  echo "PASS: the stack came up from nothing and serves /health/ready through nginx ($((SECONDS - up))s)"

  local load_started=$SECONDS
  python3 "$REPO_ROOT/scripts/rehearsal-load.py" run "$base" "$KEY" "$RATE" "$work/stop" "$work/results.json" &
  local load=$!
  wait_for_load 100
  echo "   load: $(requests_so_far) requests so far"
  replace notification-1
  wait_for_load 100
  echo "   load: $(requests_so_far) requests so far"
  replace notification-2
  wait_for_load 100
  touch "$work/stop"
  wait "$load"
  local load_seconds=$((SECONDS - load_started))

  local image
  for service in notification-1 notification-2; do
    image="$(podman inspect -f '{{.ImageName}}' "${PROJECT}_${service}_1")"
    [[ "$image" == *"$NEXT_IMAGE" ]] || die "$service runs $image, not the new image"
  done

  local sent failed accepted deliveries delivered mails
  read -r sent failed accepted deliveries < <(python3 -c '
import json, sys; r = json.load(open(sys.argv[1]))
print(r["sent"], r["failed"], len(r["accepted"]), r["deliveries"])' "$work/results.json")
  delivered="$(python3 "$REPO_ROOT/scripts/rehearsal-load.py" verify "$base" "$KEY" "$work/results.json" 120)" || true
  mails="$(curl -sf "http://127.0.0.1:$MAIL_UI_PORT/api/messages?pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rowCount"])')"
  echo "rehearsal: $sent requests in ${load_seconds}s ($RATE/s), $failed failed; $accepted notifications accepted, $delivered delivered; $mails emails in the mail catcher"
  if ((failed > 0)); then
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["statuses"]); print("failed per 10 s of load:", r["failed_at"]); print("\n".join(r["errors"]))' "$work/results.json"
    for container in "${PROJECT}_notification-1_1" "${PROJECT}_notification-2_1" "${PROJECT}_nginx_1"; do
      echo "-- last lines of $container (warnings and errors)"
      podman logs "$container" 2>&1 | grep -E '"LogLevel":"(Warning|Error|Critical)"|\[(warn|error|crit)\]' | tail -n 15 || true
    done
    die "client requests failed during the rolling replacement"
  fi
  ((delivered == accepted)) || die "$((accepted - delivered)) accepted notifications were not delivered"
  ((mails >= deliveries)) || die "the mail catcher holds $mails emails, $deliveries were accepted"
  echo "PASS: rolling replacement of both containers under load: 0 failed requests, every accepted notification delivered ($((SECONDS - began))s in all)"
}

main "$@"
