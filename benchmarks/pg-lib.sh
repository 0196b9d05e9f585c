# A PostgreSQL 15 server for a benchmark script (source this file), made as testkit's
# PostgresServer makes one: Debian's binaries, initdb into a temporary directory, run as the
# unprivileged postgres user when we are root, listening on 127.0.0.1 on a free port and on a Unix
# socket in that directory. TCP logins need a random password (scram-sha-256), exported as
# TCPFLEET_DB_PASSWORD; the socket trusts local logins, for pg_psql. Stopped by pid (pg_stop).
#   pg_start [-c name=value ...]   # sets PG_DIR, PG_PORT, PG_PID; the server's defaults otherwise
#   pg_createdb NAME               # prints jdbc:postgresql://127.0.0.1:PORT/NAME?user=postgres
#   pg_psql DB SQL
#   pg_settings                    # the settings that matter for the figures, one line
#   pg_stop
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR= PG_PORT= PG_PID=

pg_as_server_user() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; return 1; }
    PG_DIR=$(mktemp -d /tmp/tcpfleet-bench-pg-XXXXXX)
    chmod 700 "$PG_DIR"
    mkdir "$PG_DIR/sock"
    TCPFLEET_DB_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    export TCPFLEET_DB_PASSWORD
    (umask 077; echo "$TCPFLEET_DB_PASSWORD" > "$PG_DIR/pwfile")
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_DIR"
    pg_as_server_user "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$PG_DIR/pwfile" -E UTF8 --locale=C > "$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    rm -f "$PG_DIR/pwfile"
    PG_PORT=$(shuf -i 30000-39999 -n 1)
    local _
    for _ in $(seq 1 50); do
        [ -z "$(ss -Htln "sport = :$PG_PORT")" ] && break
        PG_PORT=$(shuf -i 30000-39999 -n 1)
    done
    pg_as_server_user "$PG_BIN/postgres" -D "$PG_DIR/data" -k "$PG_DIR/sock" -p "$PG_PORT" \
        -c listen_addresses=127.0.0.1 -c max_connections=100 "$@" >> "$PG_DIR/postgres.log" 2>&1 &
    PG_PID=$!
    for _ in $(seq 1 300); do
        pg_psql postgres "SELECT 1" > /dev/null 2>&1 && return 0
        kill -0 "$PG_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "postgres did not start:" >&2
    tail -n 20 "$PG_DIR/postgres.log" >&2
    return 1
}

pg_psql() {
    "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -d "$1" -c "$2"
}

pg_createdb() {
    pg_psql postgres "CREATE DATABASE $1" > /dev/null
    echo "jdbc:postgresql://127.0.0.1:$PG_PORT/$1?user=postgres"
}

pg_settings() {
    pg_psql postgres "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
        WHERE name IN ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level',
                       'max_wal_size', 'checkpoint_timeout', 'effective_cache_size', 'max_parallel_workers_per_gather')"
    pg_psql postgres "SHOW server_version"
}

pg_stop() {
    [ -n "$PG_PID" ] || return 0
    kill -INT "$PG_PID" 2>/dev/null || true
    local _
    for _ in $(seq 1 300); do
        kill -0 "$PG_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$PG_PID" 2>/dev/null || true
    wait "$PG_PID" 2>/dev/null || true
    rm -rf "$PG_DIR"
    PG_PID= PG_DIR= PG_PORT=
}
