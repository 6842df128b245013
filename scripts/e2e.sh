#!/usr/bin/env bash
# Browser tests: a fresh database with demo data, the real api and a production build of the console
# on their own ports, then Chromium (playwright-core + Debian's /usr/bin/chromium) drives it.
# Arguments go to vitest (e.g. a file filter). E2E_DB, E2E_API_PORT, E2E_CONSOLE_PORT, E2E_REDIS_DB and
# KETEN_NEXT_DIST_DIR let several runs share a machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PG="${DATABASE_URL:-postgresql://keten:keten@127.0.0.1:5432/keten}"
E2E_DB="${E2E_DB:-keten_e2e}"
WORK="$(mktemp -d /tmp/keten-e2e.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="${PG%/*}/$E2E_DB"
export NEXTAUTH_SECRET="e2e-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export DEVICE_TOKEN_SECRET="e2e-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export DEVICE_PROVISIONING_SECRET="e2e-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export WEBHOOK_SECRET_KEY="e2e-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export PLAYBACK_SIGNING_SECRET="e2e-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export DEMO_PASSWORD="e2e-$(node -e 'console.log(require("crypto").randomBytes(9).toString("hex"))')"
export API_PORT="${E2E_API_PORT:-4100}" CONSOLE_PORT="${E2E_CONSOLE_PORT:-3100}" API_HOST=127.0.0.1 CONSOLE_HOST=127.0.0.1
export API_INTERNAL_URL="http://127.0.0.1:$API_PORT" NEXTAUTH_URL="http://127.0.0.1:$CONSOLE_PORT"
export KETEN_DATA_DIR="$WORK" MEDIA_ROOT="$WORK/media" LOG_LEVEL=warn KETEN_LIVE_DEMO=0
# Tests make their own data: no demo fleet history (the api) and no simulated boxes.
export KETEN_DEMO_FLEET=0
# Redis database 1, emptied of sign-in throttle counters, so earlier runs' failed sign-ins cannot slow this one.
export REDIS_URL="redis://127.0.0.1:${KETEN_REDIS_PORT:-6379}/${E2E_REDIS_DB:-1}"
redis-cli -u "$REDIS_URL" --scan --pattern 'keten:login:*' | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null

echo "[e2e] database $E2E_DB: recreate, migrate, seed"
psql -X -q "${PG}" -c "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)" -c "CREATE DATABASE $E2E_DB"
pnpm --filter @keten/db migrate:deploy >/dev/null
pnpm --filter @keten/db seed | tail -n 3

echo "[e2e] building the console"
pnpm --filter @keten/console build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }

echo "[e2e] starting api :$API_PORT and console :$CONSOLE_PORT"
setsid pnpm --silent --filter @keten/api start >"$WORK/api.log" 2>&1 &
pids+=($!)
setsid pnpm --silent --filter @keten/console start >"$WORK/console.log" 2>&1 &
pids+=($!)
for url in "$API_INTERNAL_URL/readyz" "$NEXTAUTH_URL/login"; do
  for i in $(seq 1 120); do
    curl -fs -o /dev/null "$url" && break
    [ "$i" -eq 120 ] && { echo "[e2e] $url did not answer"; cat "$WORK"/*.log; exit 1; }
    sleep 0.5
  done
done

CONSOLE_URL="$NEXTAUTH_URL" pnpm --filter @keten/console test:e2e "$@" || { echo "[e2e] api log:"; tail -n 50 "$WORK/api.log"; echo "[e2e] console log:"; tail -n 50 "$WORK/console.log"; exit 1; }
psql -X -q "${PG}" -c "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)" || true
