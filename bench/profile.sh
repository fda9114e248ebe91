#!/usr/bin/env bash
# Where the service's CPU goes under load, with perf (dotnet-trace's CPU sampling does not work on
# this VM). Starts the Release service API-only (Delivery:Concurrency=0) or delivering, drives it with
# wrk for a warm-up and then while perf samples it, and prints the hottest symbols (.NET frames are
# named through the perf map that DOTNET_PerfMapEnabled writes to /tmp/perf-PID.map).
#   bash bench/profile.sh [sqlite|postgres] [api|delivering] [seconds]
# Needs perf, wrk, and for postgres PostgreSQL's binaries and root (initdb runs as postgres).
# Build first: dotnet build -c Release src/Usheru.Notification.Api
set -euo pipefail
engine=${1:-sqlite}; mode=${2:-api}; seconds=${3:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
app="$root/src/Usheru.Notification.Api/bin/Release/net10.0"
work=$(mktemp -d /tmp/usheru-profile-XXXXXX); chmod 777 "$work"
key=profile-key-0123456789abcdef
port=$((20000 + RANDOM % 20000))
cleanup() { kill "${service:-}" 2>/dev/null || true; [ -n "${pgbin:-}" ] && su postgres -c "$pgbin/pg_ctl -D $work/data -m fast stop >/dev/null" || true; }
trap cleanup EXIT

if [ "$engine" = postgres ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); pgport=$((port + 1))
  su postgres -c "$pgbin/initdb -D $work/data -U postgres -A trust -E UTF8 >/dev/null"
  su postgres -c "$pgbin/pg_ctl -D $work/data -o '-p $pgport -k /tmp -c max_connections=300' -l $work/pg.log start >/dev/null"
  until su postgres -c "$pgbin/psql -h 127.0.0.1 -p $pgport -U postgres -c 'CREATE DATABASE n'" >/dev/null 2>&1; do sleep 0.5; done
  export Storage__Provider=postgres Storage__ConnectionString="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=n"
else
  export Storage__Provider=sqlite Storage__ConnectionString="Data Source=$work/n.db"
fi
[ "$mode" = api ] && export Delivery__Concurrency=0 || export Delivery__Concurrency=64

cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = [==[{"to":[{"email":"ann@example.com"}],"content":{"email":{"subject":"Tickets for {{ film }}","text":"Hi"}},"data":{"film":"Dune"}}]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA

cd "$app"
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 Auth__BootstrapKey=$key RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000 \
Email__PickupDirectory="$work/outbox" ASPNETCORE_URLS=http://127.0.0.1:$port ASPNETCORE_ENVIRONMENT=Production \
  dotnet Usheru.Notification.Api.dll > "$work/service.log" 2>&1 &
service=$!
until curl -sf http://127.0.0.1:$port/health/ready >/dev/null; do sleep 0.5; done
wrk -t2 -c64 -d10s -s "$work/post.lua" http://127.0.0.1:$port/v1/notifications >/dev/null   # warm-up: tiered JIT
wrk -t2 -c64 -d"${seconds}s" -s "$work/post.lua" http://127.0.0.1:$port/v1/notifications > "$work/wrk.txt" &
perf record -F 499 -g -p "$service" -o "$work/perf.data" -- sleep "$((seconds - 1))" 2> /dev/null
wait %2 2>/dev/null || true
grep -E "Requests/sec" "$work/wrk.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
perf report -i "$work/perf.data" --no-children -g none --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -${TOP:-45}
echo "perf data: $work/perf.data (perf report -i $work/perf.data --children --sort symbol)"
