#!/bin/sh
# With the command `postgres`, as the official image does: on first start initialise the cluster
# (password authentication, scram, for every host connection), create POSTGRES_DB and run the
# scripts in /docker-entrypoint-initdb.d (*.sql with psql, *.sh with sh) on a server listening on
# its socket only; then run the server as the postgres user. Any other command runs as it is.
set -eu

if [ "${1:-}" != postgres ]; then
    exec "$@"
fi
shift

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: POSTGRES_PASSWORD must be set" >&2
    exit 1
fi

as_postgres() { runuser -u postgres -- "$@"; }
run_psql() {
    as_postgres psql -v ON_ERROR_STOP=1 --quiet --username "$POSTGRES_USER" --no-password "$@"
}

chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    password_file=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
    chown postgres "$password_file"
    as_postgres initdb --username="$POSTGRES_USER" --pwfile="$password_file" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
    rm -f "$password_file"
    echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
    echo "host all all ::/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
    as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$POSTGRES_DB" != postgres ]; then
        run_psql --dbname postgres --command "CREATE DATABASE \"$POSTGRES_DB\""
    fi
    for script in /docker-entrypoint-initdb.d/*; do
        case "$script" in
            *.sql) echo "postgres-entrypoint: running $script"
                   run_psql --dbname "$POSTGRES_DB" --file "$script" ;;
            *.sh) echo "postgres-entrypoint: running $script"
                  as_postgres sh "$script" ;;
        esac
    done
    as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres-entrypoint: initialised $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
fi

exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' "$@"
