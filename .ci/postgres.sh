#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the store tests and export PRESSLENS_TEST_PG.
#
# Source it (`. .ci/postgres.sh`) so the variable reaches the caller; run directly it prints the
# URL.  Installs Debian's postgresql when no initdb is found, runs the server as a non-root user
# on a unix socket in a temp dir (no TCP port), and creates the database `presslens_test`.
# Stop it with: pg_ctl -D "$PRESSLENS_PG_DIR/data" stop  (as the same user)

_pl_pg_bin() {
    local b
    for b in /usr/lib/postgresql/*/bin; do [ -x "$b/initdb" ] && { echo "$b"; return 0; }; done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

if ! PL_PG_BIN="$(_pl_pg_bin)"; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    PL_PG_BIN="$(_pl_pg_bin)"
fi

PRESSLENS_PG_DIR="${PRESSLENS_PG_DIR:-$(mktemp -d /tmp/presslens-pg.XXXXXX)}"
PL_PG_USER="$(id -un)"
_pl_run() { "$@"; }
if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: use the postgres user Debian's package creates.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    PL_PG_USER=postgres
    chown postgres "$PRESSLENS_PG_DIR"
    chmod 755 "$PRESSLENS_PG_DIR"
    _pl_run() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
fi

if [ ! -f "$PRESSLENS_PG_DIR/data/PG_VERSION" ]; then
    _pl_run "$PL_PG_BIN/initdb" -D "$PRESSLENS_PG_DIR/data" -U "$PL_PG_USER" -A trust -E UTF8 --no-locale >/dev/null
fi
if ! _pl_run "$PL_PG_BIN/pg_ctl" -D "$PRESSLENS_PG_DIR/data" status >/dev/null 2>&1; then
    _pl_run "$PL_PG_BIN/pg_ctl" -D "$PRESSLENS_PG_DIR/data" -l "$PRESSLENS_PG_DIR/log" -w \
        -o "-k $PRESSLENS_PG_DIR -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null
fi
_pl_run "$PL_PG_BIN/psql" -h "$PRESSLENS_PG_DIR" -U "$PL_PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='presslens_test'" | grep -q 1 ||
    _pl_run "$PL_PG_BIN/createdb" -h "$PRESSLENS_PG_DIR" -U "$PL_PG_USER" presslens_test

PRESSLENS_TEST_PG="postgresql://${PL_PG_USER}@/presslens_test?host=${PRESSLENS_PG_DIR}"
export PRESSLENS_PG_DIR PRESSLENS_TEST_PG
echo "PRESSLENS_TEST_PG=$PRESSLENS_TEST_PG"
