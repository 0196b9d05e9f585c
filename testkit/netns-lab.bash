# The netns lab (io.tcpfleet.testkit.NetnsLab) for bash scripts; source this file. The lab runs as
# a coprocess: it builds the namespaces, answers commands, and removes everything when its stdin
# closes, which happens in lab_down and also when the script dies in any way.
#   lab_up DIR HOSTS [--private NET]   build it; sets LAB_NET, LAB_PEER_NS, LAB_PEER, LAB_PEER6,
#                                      arrays LAB_HOST_NS, LAB_HOST, LAB_HOST6, and LAB_KEY,
#                                      LAB_KNOWN_HOSTS (files in DIR)
#   lab sshd all|I                     start sshd in every host, or in host I
#   lab sockets NAMESPACE ROLE ARGS... hold sockets (roles: testkit's sockets.py)
#   lab_down                           remove the lab; waits until it is gone
# Needs the compiled classes: mvn -q -o -B -DskipTests -pl testkit -am compile

_lab_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

lab_up() {
    local classes="$_lab_repo/testkit/target/classes"
    if [ ! -f "$classes/io/tcpfleet/testkit/NetnsLab.class" ]; then
        echo "netns lab: $classes is not built (mvn -q -o -B -DskipTests -pl testkit -am compile)" >&2
        return 2
    fi
    coproc LAB { exec java -cp "$classes:$_lab_repo/model/target/classes" io.tcpfleet.testkit.NetnsLab "$@"; }
    _lab_pid=$LAB_PID _lab_in=${LAB[1]} _lab_out=${LAB[0]}
    local line
    while IFS= read -r line <&"$_lab_out"; do
        [ "$line" = ready ] && return 0
        eval "$line"
    done
    echo "netns lab: did not start" >&2
    return 1
}

lab() {
    local reply
    echo "$*" >&"$_lab_in"
    IFS= read -r reply <&"$_lab_out" || reply="no answer"
    [ "$reply" = ok ] || { echo "netns lab: $*: $reply" >&2; return 1; }
}

lab_down() {
    [ -n "${_lab_pid:-}" ] || return 0
    eval "exec $_lab_in>&-"
    wait "$_lab_pid" 2>/dev/null || true
    _lab_pid=
}
