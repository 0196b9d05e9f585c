#!/bin/sh
# tcpfleet.sh: Zabbix external check for tcpfleet. It starts no JVM and opens no database: it asks
# the running `tcpfleet collect` over its loopback HTTP API.
#
#   tcpfleet.sh[{HOST.CONN}]             the host's latest sample as JSON (master item)
#   tcpfleet.sh[{HOST.CONN},TIME_WAIT]   one state's count (any state name in any case, or TOTAL)
#   tcpfleet.sh[{HOST.CONN},status]      OK, the failure class of the last poll, or STALE
#   tcpfleet.sh[{HOST.CONN},age]         seconds since the last sample
#   tcpfleet.sh[{HOST.CONN},ports]       LLD of the host's listening ports
#   tcpfleet.sh[{HOST.CONN},peers]       LLD of the remote services (ip:port) the host connects to
#   tcpfleet.sh[discovery]               LLD of every host tcpfleet polls
#   tcpfleet.sh[health]                  the collector's own health: "OK: ..." or "UNHEALTHY: reasons"
#
# Errors are one line on stdout (Zabbix shows it) and exit 1. The API address comes from
# $TCPFLEET_URL, else from a "url=" line in /etc/tcpfleet/zabbix.conf, else http://127.0.0.1:9731.
# Several addresses, separated by spaces (the nodes of a cluster of collectors, any of which answers
# for every host): they are tried in order, the next one only when a node does not answer at all
# (connection refused, timed out); an answer, even an error, is final. Each then gets 1 s to connect.
# Needs wget (preferred: faster to start) or curl.
# Arguments are checked against strict patterns before they go into a URL; nothing reaches a shell.

fail() {
    printf '%s\n' "tcpfleet: $*"
    exit 1
}

# Byte-wise patterns whatever locale Zabbix was started in: [A-Z] must not match an accented letter.
LC_ALL=C
export LC_ALL

url=${TCPFLEET_URL:-}
if [ -z "$url" ] && [ -r /etc/tcpfleet/zabbix.conf ]; then
    # read one key, never source the file
    url=$(sed -n 's/^[[:space:]]*url[[:space:]]*=[[:space:]]*//p' /etc/tcpfleet/zabbix.conf | head -n 1)
fi
url=${url:-http://127.0.0.1:9731}
set -f # the list is split on spaces, never globbed
urls=
for u in $url; do
    case $u in
        http://*) urls="$urls $u" ;;
        *) fail "bad API url '$u' (want http://HOST:PORT)" ;;
    esac
done
[ -n "$urls" ] || fail "bad API url '$url' (want http://HOST:PORT)"
# One address: as before. Several: a node that is down must leave time for the next one.
connect=
case $urls in
    ' '*' '*) connect=1 ;;
esac

# Host: a host name as tcpfleet allows it (io.tcpfleet.model.HostName; a test ties the two): an
# inventory name, an address, or an identity like ops@10.0.0.1:22 or [2001:db8::1]:22. Letters,
# digits and . _ : @ [ ] - only, not starting with - or ., at most 255 characters.
valid_host() {
    case $1 in
        '' | *[!]A-Za-z0-9._:@[-]* | [-.]*) return 1 ;;
    esac
    [ ${#1} -le 255 ]
}

# '[' and ']' may not appear raw in a URL path: percent-encode them (no fork, and only when present).
path_of() {
    path=
    case $1 in
        *[][]*)
            rest=$1
            while [ -n "$rest" ]; do
                c=${rest%"${rest#?}"}
                rest=${rest#?}
                case $c in
                    '[') path="$path%5B" ;;
                    ']') path="$path%5D" ;;
                    *) path="$path$c" ;;
                esac
            done ;;
        *) path=$1 ;;
    esac
}

nl='
'
# One fork per check. wget starts in ~3 ms, curl in ~7 (it loads 30 libraries): prefer wget
# (1.14 or newer); $TCPFLEET_HTTP_CLIENT=curl forces curl.
client=${TCPFLEET_HTTP_CLIENT:-}
if [ -z "$client" ]; then
    if command -v wget >/dev/null 2>&1; then client=wget; else client=curl; fi
fi
# try URL PATH: 0 with the body in $out, 1 when the daemon answered an error ($out: its reason),
# 2 when nothing answered ($out: why).
if [ "$client" = wget ]; then
    try() {
        # --content-on-error keeps the daemon's one-line reason; exit 8 = the server answered an error
        out=$(wget -q -O - --no-proxy --timeout=2 ${connect:+--connect-timeout=$connect} --tries=1 --content-on-error -- "$1$2" 2>&1)
        rc=$?
        out=${out%"$nl"}
        case $rc in
            0) return 0 ;;
            8) return 1 ;;
            4) out="connection refused or timed out" ;;
            *) out="wget exit status $rc" ;;
        esac
        return 2
    }
else
    try() {
        if ! out=$(curl -sS --globoff --noproxy '*' --max-time 2 ${connect:+--connect-timeout $connect} -w "$nl%{http_code}" -- "$1$2" 2>&1); then
            out=${out%"$nl"*}   # drop the code curl still writes; keep its own error line
            out=${out%"$nl"}
            out=${out##*"$nl"}
            return 2
        fi
        code=${out##*"$nl"}
        out=${out%"$nl"*}
        out=${out%"$nl"}
        [ "$code" = 200 ]
    }
fi

get() {
    why=
    for u in $urls; do
        try "$u" "$1"
        case $? in
            0) printf '%s\n' "$out"; return 0 ;;
            1) fail "$out" ;;
        esac
        if [ -z "$why" ]; then
            why="daemon not reachable at $u (is tcpfleet collect running?): $out"
        else
            why="$why; nor at $u: $out"
        fi
    done
    fail "$why"
}

[ $# -ge 1 ] || fail "usage: tcpfleet.sh HOST [STATE|status|age|ports|peers] | tcpfleet.sh discovery | tcpfleet.sh health"
[ $# -le 2 ] || fail "too many arguments"

if [ "$1" = discovery ] && [ $# -eq 1 ]; then
    get /v1/hosts
    exit 0
fi
if [ "$1" = health ] && [ $# -eq 1 ]; then
    get /health
    exit 0
fi
valid_host "$1" || fail "bad host argument '$1'"
path_of "$1"
host=$path
if [ $# -eq 1 ]; then
    get "/v1/hosts/$host"
    exit 0
fi
# The contract's state names (io.tcpfleet.model.TcpState; a test keeps them equal). The daemon
# parses them, in any case and with - or _ (time_wait, TIME-WAIT), and names the bad ones.
STATES="ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING UNKNOWN TOTAL"
case $2 in
    status | age | ports | peers) get "/v1/hosts/$host/$2" ;;
    '' | *[!A-Za-z0-9_-]*) fail "bad second argument '$2' (a state: $STATES; or status, age, ports, peers)" ;;
    *) get "/v1/hosts/$host/states/$2" ;;
esac
