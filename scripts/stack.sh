#!/usr/bin/env bash
# Detects, installs (Debian packages, as root) and starts what Keten needs on this machine:
# Node.js check, pnpm, PostgreSQL, Redis (noeviction), ffmpeg/ffprobe, Chromium, mpv and xmltv-util
# (a standard player and tv_validate_file, which the M3U and XMLTV tests run).
# Services already running are reused; ones we start keep their data under $KETEN_DATA_DIR (git-ignored)
# and listen on 127.0.0.1 only. Idempotent: run it as often as you like.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${KETEN_DATA_DIR:-$ROOT/.data}"
PG_PORT="${KETEN_PG_PORT:-5432}"
REDIS_PORT="${KETEN_REDIS_PORT:-6379}"
DB_USER="${KETEN_DB_USER:-keten}"
DB_PASSWORD="${KETEN_DB_PASSWORD:-keten}"
DB_NAME="${KETEN_DB_NAME:-keten}"
mkdir -p "$DATA"

say() { printf '\033[1;36m[stack]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[stack] %s\033[0m\n' "$*" >&2; exit 1; }

# --- Node.js and pnpm ---------------------------------------------------------
command -v node >/dev/null || die "Node.js 20.9 or newer is required: install it (https://nodejs.org or your distribution) and run again."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=9)?0:1)' \
  || die "Node.js $(node -v) is too old: Keten needs 20.9 or newer."
if ! command -v pnpm >/dev/null; then
  if [ ! -x "$DATA/tools/node_modules/.bin/pnpm" ]; then
    say "installing pnpm 10 into $DATA/tools"
    npm install --silent --no-audit --no-fund --prefix "$DATA/tools" pnpm@10.34.9 >/dev/null
  fi
fi

# --- Debian packages ------------------------------------------------------------
missing=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium)
# A real standard player for the tests: mpv loads the M3U player URLs as a subscriber's would.
command -v mpv >/dev/null || missing+=(mpv)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/tv_validate_file ] && [ -f /usr/share/xmltv/xmltv.dtd ] || missing+=(xmltv-util)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]} (about a minute)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "Missing: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]}) and run again."
  fi
fi

# --- PostgreSQL -----------------------------------------------------------------
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
own_pg="$DATA/postgres"
pg_up() { "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if pg_up; then
  say "PostgreSQL already running on 127.0.0.1:$PG_PORT: using it"
elif [ -d "$own_pg/cluster" ]; then
  say "starting Keten's PostgreSQL cluster ($own_pg)"
  as_postgres "$pg_bin/pg_ctl" -D "$own_pg/cluster" -l "$own_pg/postgres.log" -w start >/dev/null
elif command -v pg_lsclusters >/dev/null && [ -n "$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3==p')" ]; then
  read -r ver name _ < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3==p')
  say "starting the system PostgreSQL cluster $ver/$name"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>/dev/null || pg_ctlcluster "$ver" "$name" start
else
  say "creating Keten's PostgreSQL cluster in $own_pg"
  mkdir -p "$own_pg/run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$own_pg"
  as_postgres "$pg_bin/initdb" -D "$own_pg/cluster" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" "$PG_PORT" "$own_pg/run" >>"$own_pg/cluster/postgresql.conf"
  as_postgres "$pg_bin/pg_ctl" -D "$own_pg/cluster" -l "$own_pg/postgres.log" -w start >/dev/null
fi
for _ in $(seq 1 30); do pg_up && break; sleep 1; done
pg_up || die "PostgreSQL did not come up on 127.0.0.1:$PG_PORT (see $own_pg/postgres.log or the system log)."

# Run SQL as a superuser, whichever way this server lets us in.
pg_super() {
  psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@" 2>/dev/null && return 0
  [ -d "$own_pg/run" ] && as_postgres psql -X -q -h "$own_pg/run" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@" 2>/dev/null && return 0
  [ "$(id -u)" -eq 0 ] && runuser -u postgres -- psql -X -q -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 "$@" && return 0
  return 1
}
if ! PGPASSWORD="$DB_PASSWORD" psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" -c 'select 1' >/dev/null 2>&1; then
  say "creating PostgreSQL role '$DB_USER' (CREATEDB, for test and shadow databases) and database '$DB_NAME'"
  pg_super -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'; ELSE ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'; END IF; END\$\$;" \
    || die "Could not reach PostgreSQL as a superuser to create the '$DB_USER' role; create it yourself: CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';"
  pg_super -tc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 || pg_super -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
fi
say "PostgreSQL ready: postgresql://$DB_USER:***@127.0.0.1:$PG_PORT/$DB_NAME"

# --- Redis ------------------------------------------------------------------------
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
if redis_up; then
  say "Redis already running on 127.0.0.1:$REDIS_PORT: using it"
else
  say "starting Redis on 127.0.0.1:$REDIS_PORT (data in $DATA/redis)"
  mkdir -p "$DATA/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DATA/redis" \
    --appendonly yes --maxmemory-policy noeviction --logfile "$DATA/redis/redis.log" >/dev/null
  for _ in $(seq 1 60); do redis_up && break; sleep 0.25; done
  redis_up || die "Redis did not come up on 127.0.0.1:$REDIS_PORT (see $DATA/redis/redis.log)."
fi
policy="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get maxmemory-policy | tail -n1)"
if [ "$policy" != "noeviction" ]; then
  say "Redis maxmemory-policy was '$policy'; BullMQ needs 'noeviction': setting it"
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config set maxmemory-policy noeviction >/dev/null
fi
say "Redis ready; ffmpeg $(ffmpeg -version | head -n1 | awk '{print $3}'); $(/usr/bin/chromium --version 2>/dev/null || chromium --version); $(mpv --version | head -n1 | awk '{print $1, $2}')"
