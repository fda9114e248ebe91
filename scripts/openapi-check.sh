#!/usr/bin/env bash
# Issue 13: the served OpenAPI document as a third party sees it. Builds and starts the service
# (embedded SQLite in a temp dir, a random bootstrap key, a low rate limit so a 429 is reachable),
# fetches /openapi/v1.json, lints it with Redocly CLI's recommended rules (redocly.yaml; fails on
# any error), generates a TypeScript client from it with openapi-typescript, compiles it with
# `tsc --strict`, and runs clients/typescript-smoke against the service: send a notification, read
# its status, handle a 400 and a 429. One result in .ci/run.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REDOCLY="@redocly/cli@1.34.20"
SMOKE="$REPO_ROOT/clients/typescript-smoke"
started=$(date +%s)

work="$(mktemp -d)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

elapsed() { echo "($(( $(date +%s) - started )) s)"; }

# The default output: in .ci/run the tests have just built it, so this is a quick no-op there.
echo "== build the service"
dotnet build "$REPO_ROOT/src/Usheru.Notification.Api" -v q --nologo > "$work/build.log" 2>&1 || { cat "$work/build.log"; echo "FAIL: build"; exit 1; }
app="$REPO_ROOT/src/Usheru.Notification.Api/bin/Debug/net10.0/Usheru.Notification.Api.dll"

port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
url="http://127.0.0.1:$port"
key="openapi-check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "== start it on $url $(elapsed)"
(
  cd "$work"
  export ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production \
    Storage__Provider=sqlite Storage__ConnectionString="Data Source=$work/notifications.db" \
    Email__PickupDirectory="$work/outbox" Auth__BootstrapKey="$key" \
    RateLimiting__PermitsPerSecond=5 RateLimiting__Burst=10
  exec dotnet "$app" > "$work/service.log" 2>&1
) &
pid=$!
for _ in $(seq 1 120); do
  curl -sf "$url/health/ready" > /dev/null && break
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$work/service.log"; echo "FAIL: the service stopped"; exit 1; }
  sleep 0.5
done
curl -sf "$url/openapi/v1.json" -o "$work/openapi.json" || { echo "FAIL: no /openapi/v1.json"; exit 1; }
echo "fetched /openapi/v1.json: $(node -e 'const d = require(process.argv[1]); console.log(Object.values(d.paths).reduce((n, p) => n + Object.keys(p).length, 0) + " operations")' "$work/openapi.json")"

echo "== Redocly CLI lint (recommended rules, redocly.yaml) $(elapsed)"
(cd "$REPO_ROOT" && npx --yes "$REDOCLY" lint --config redocly.yaml --format=summary "$work/openapi.json") 2>&1 | tee "$work/lint.log" \
  || { echo "FAIL: Redocly lint found errors"; exit 1; }

echo "== TypeScript client: openapi-typescript, tsc --strict, the smoke script $(elapsed)"
npm ci --prefix "$SMOKE" --no-audit --no-fund > "$work/npm.log" 2>&1 || { cat "$work/npm.log"; echo "FAIL: npm ci"; exit 1; }
(cd "$SMOKE" && npx --no-install openapi-typescript "$work/openapi.json" -o src/api.d.ts && rm -rf dist && npx --no-install tsc --strict -p .) \
  || { echo "FAIL: generating or compiling the TypeScript client"; exit 1; }
USHERU_URL="$url" USHERU_API_KEY="$key" node "$SMOKE/dist/smoke.js" || { tail -n 20 "$work/service.log"; echo "FAIL: the TypeScript smoke script"; exit 1; }

echo "openapi-check passed in $(( $(date +%s) - started )) s"
