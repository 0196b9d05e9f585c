#!/usr/bin/env bash
# A throwaway Zabbix 6.0 server for tests: PostgreSQL under DIR (run as the postgres user, which it
# requires), zabbix_server with AllowRoot and fast cache updates, the PHP frontend's JSON-RPC API on
# loopback, from a private copy of the frontend (nothing under /etc is read or written). Needs
# Debian's postgresql zabbix-server-pgsql zabbix-frontend-php php-pgsql php-cli
# php-gd php-bcmath php-mbstring php-xml php-ldap.
#   zabbix-lab.sh start DIR EXTERNAL_SCRIPTS_DIR PG_PORT TRAPPER_PORT WEB_PORT
#   zabbix-lab.sh stop DIR
# Prints "ready http://127.0.0.1:WEB_PORT/api_jsonrpc.php" when the API answers. Processes it
# started are recorded in DIR/*.pid and ended by those pids.
set -euo pipefail
cmd=$1 dir=$2
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

stop() {
    [ -f "$dir/php.pid" ] && kill "$(cat "$dir/php.pid")" 2>/dev/null || true
    # zabbix_server forks workers (and may leave external checks running): end its whole group
    if [ -f "$dir/zabbix_server.group" ]; then
        g=$(cat "$dir/zabbix_server.group")
        kill -TERM -- "-$g" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 -- "-$g" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$g" 2>/dev/null || true
    fi
    [ -d "$dir/pg" ] && su postgres -s /bin/sh -c "$pgbin/pg_ctl -D '$dir/pg' -m fast stop" >/dev/null 2>&1 || true
}

if [ "$cmd" = stop ]; then
    stop
    exit 0
fi

scripts=$3 pgport=$4 trapport=$5 webport=$6
trap 'echo "zabbix-lab: failed at line $LINENO; logs in $dir" >&2; tail -n 20 "$dir"/*.log >&2 2>/dev/null' ERR
su postgres -s /bin/sh -c "test -x '$(dirname "$dir")'" || { echo "zabbix-lab: postgres cannot reach $(dirname "$dir")" >&2; exit 1; }
mkdir -p "$dir"
chmod 755 "$dir"
chown postgres "$dir"
su postgres -s /bin/sh -c "$pgbin/initdb -A trust -U postgres -D '$dir/pg'" > "$dir/initdb.log" 2>&1
su postgres -s /bin/sh -c "$pgbin/pg_ctl -D '$dir/pg' -l '$dir/pg.log' -o '-p $pgport -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off' -w start" > /dev/null
psql() { command psql -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql -c "CREATE DATABASE zabbix ENCODING 'UTF8' TEMPLATE template0" > /dev/null
for f in schema images data; do
    zcat "/usr/share/zabbix-server-pgsql/$f.sql.gz" | psql -d zabbix > /dev/null
done

cat > "$dir/zabbix_server.conf" <<CONF
LogFile=$dir/zabbix_server.log
PidFile=$dir/zabbix_server.pid
SocketDir=$dir
DBHost=127.0.0.1
DBPort=$pgport
DBName=zabbix
DBUser=postgres
ListenIP=127.0.0.1
ListenPort=$trapport
ExternalScripts=$scripts
AllowRoot=1
CacheUpdateFrequency=1
# the templates' LLD items for 100 hosts (a cost bench) overflow the default 32M
CacheSize=128M
Timeout=3
StartPollers=2
StartTrappers=2
StartDiscoverers=1
StartHTTPPollers=0
StartPreprocessors=2
StartPingers=0
StartAlerters=1
StartEscalators=1
StartTimers=1
HousekeepingFrequency=0
CONF
# foreground (-f) in its own session, so that its workers share one process group we can end
setsid /usr/sbin/zabbix_server -f -c "$dir/zabbix_server.conf" > "$dir/zabbix_server.out" 2>&1 &
echo $! > "$dir/zabbix_server.group"

# Debian's frontend reads only /etc/zabbix/zabbix.conf.php (a constant Debian patched in). Never
# touch /etc: run a copy of the frontend whose constant points at this lab's own config file.
cp -a /usr/share/zabbix "$dir/frontend"
sed -i "s#'/etc/zabbix/zabbix.conf.php'#'$dir/zabbix.conf.php'#" "$dir/frontend/include/classes/core/CConfigFile.php"
grep -q "'$dir/zabbix.conf.php'" "$dir/frontend/include/classes/core/CConfigFile.php" \
    || { echo "zabbix-lab: could not point the frontend copy at $dir/zabbix.conf.php" >&2; exit 1; }
cat > "$dir/zabbix.conf.php" <<PHP
<?php
\$DB['TYPE'] = ZBX_DB_POSTGRESQL;
\$DB['SERVER'] = '127.0.0.1';
\$DB['PORT'] = '$pgport';
\$DB['DATABASE'] = 'zabbix';
\$DB['USER'] = 'postgres';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '$trapport';
\$ZBX_SERVER_NAME = 'tcpfleet-test';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
PHP
php -S "127.0.0.1:$webport" -t "$dir/frontend" > "$dir/php.log" 2>&1 &
echo $! > "$dir/php.pid"
api="http://127.0.0.1:$webport/api_jsonrpc.php"
for _ in $(seq 1 100); do
    if ! kill -0 "$(cat "$dir/zabbix_server.group")" 2>/dev/null; then
        echo "zabbix_server exited: $(tail -n 3 "$dir/zabbix_server.out" "$dir/zabbix_server.log" 2>/dev/null)" >&2
        exit 1
    fi
    if curl -s -m 2 -H 'Content-Type: application/json-rpc' -d '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' "$api" | grep -q result; then
        echo "ready $api"
        exit 0
    fi
    sleep 0.2
done
echo "Zabbix API did not come up; see $dir/php.log" >&2
exit 1
