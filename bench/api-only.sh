#!/usr/bin/env bash
# The accept rate of an API-only instance (Delivery:Concurrency=0) on PostgreSQL: the harness's
# closed-loop accept load (wrk -t2 -c64, 5 s warm-up, 20 s measured, the same body), without the
# delivery work sharing the cores. Needs PostgreSQL's binaries, wrk, and root (initdb runs as
# postgres). Run from the repository root after the harness (it builds the Release service):
#   bash bench/api-only.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app="$root/src/Usheru.Notification.Api/bin/Release/net10.0"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/usheru-api-only-XXXXXX); chown postgres "$work"
key=bench-key-0123456789abcdef
[ -f "$app/Usheru.Notification.Api.dll" ] || dotnet build -c Release "$root/src/Usheru.Notification.Api" >/dev/null

su postgres -c "$pgbin/initdb -D $work/data -U postgres -A trust -E UTF8 >/dev/null"
su postgres -c "$pgbin/pg_ctl -D $work/data -o '-p 55432 -k /tmp -c max_connections=300' -l $work/pg.log start >/dev/null"
trap 'kill $service 2>/dev/null || true; su postgres -c "$pgbin/pg_ctl -D $work/data -m fast stop >/dev/null"' EXIT
until su postgres -c "$pgbin/psql -h 127.0.0.1 -p 55432 -U postgres -c 'CREATE DATABASE n'" >/dev/null 2>&1; do sleep 0.5; done

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = [==[{"to":[{"email":"ann@example.com"}],"content":{"email":{"subject":"Tickets for {{ film }}","text":"Hi"}},"data":{"film":"Dune"}}]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA

cd "$app"
Storage__Provider=postgres Storage__ConnectionString="Host=127.0.0.1;Port=55432;Username=postgres;Database=n" \
Auth__BootstrapKey=$key RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000 Email__PickupDirectory="$work/outbox" \
Delivery__Concurrency=0 ASPNETCORE_URLS=http://127.0.0.1:58080 ASPNETCORE_ENVIRONMENT=Production \
  dotnet Usheru.Notification.Api.dll > "$work/service.log" 2>&1 &
service=$!
until curl -sf http://127.0.0.1:58080/health/ready >/dev/null; do sleep 0.5; done
wrk -t2 -c64 -d5s -s "$work/post.lua" http://127.0.0.1:58080/v1/notifications >/dev/null
wrk -t2 -c64 -d20s --latency -s "$work/post.lua" http://127.0.0.1:58080/v1/notifications
