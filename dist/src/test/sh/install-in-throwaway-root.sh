#!/bin/sh
# Installs a tcpfleet .deb into a throwaway root and runs it there; never touches the machine's
# own root. Run as root inside a private mount namespace (unshare -m --propagation private), so
# every mount below disappears with this process even if it is killed.
#
# The root is this machine's /usr, /etc and /var seen through overlayfs (writes go to WORK), so
# the package meets a real Debian system with a Java runtime and adduser, as on a user's machine:
# dpkg resolves its Depends, runs its maintainer scripts chrooted into the root, and nothing of
# it reaches the real /usr, /etc or /var.
#
# usage: install-in-throwaway-root.sh DEB WORK
set -eu
deb=$1
work=$2
root="$work/root"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

mkdir -p "$root"
for d in usr etc var; do
    mkdir -p "$work/upper/$d" "$work/ovl-work/$d" "$root/$d"
    mount -t overlay "tcpfleet-test-$d" -o "lowerdir=/$d,upperdir=$work/upper/$d,workdir=$work/ovl-work/$d" "$root/$d"
done
for d in bin sbin lib lib32 lib64 libx32; do
    if [ -L "/$d" ]; then
        ln -s "$(readlink "/$d")" "$root/$d"
    elif [ -d "/$d" ]; then
        mkdir -p "$work/upper/$d" "$work/ovl-work/$d" "$root/$d"
        mount -t overlay "tcpfleet-test-$d" -o "lowerdir=/$d,upperdir=$work/upper/$d,workdir=$work/ovl-work/$d" "$root/$d"
    fi
done
mkdir -p "$root/proc" "$root/dev" "$root/run" "$root/root" "$root/tmp"
chmod 1777 "$root/tmp"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"

in_root() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 chroot "$root" "$@"
}

echo "== install"
passwd_before=$(cksum </etc/passwd)
dpkg --root="$root" --install "$deb"
in_root dpkg-query -W -f='${Status} ${Version}\n' tcpfleet

echo "== installed files"
dpkg --root="$root" --listfiles tcpfleet

echo "== the tcpfleet user"
entry=$(in_root getent passwd tcpfleet) || fail "postinst created no tcpfleet user"
echo "$entry"
uid=$(echo "$entry" | cut -d: -f3)
[ "$uid" -lt 1000 ] || fail "tcpfleet is not a system user (uid $uid)"
[ "$(echo "$entry" | cut -d: -f6)" = /var/lib/tcpfleet ] || fail "home is not /var/lib/tcpfleet: $entry"
[ "$(echo "$entry" | cut -d: -f7)" = /usr/sbin/nologin ] || fail "the user has a login shell: $entry"
[ "$(in_root stat -c '%U %a' /var/lib/tcpfleet)" = "tcpfleet 700" ] || fail "/var/lib/tcpfleet is not tcpfleet's, 0700"
[ "$(cksum </etc/passwd)" = "$passwd_before" ] || fail "this machine's own /etc/passwd changed"

echo "== conffile"
in_root dpkg-query -W -f='${Conffiles}\n' tcpfleet | grep -q '/etc/tcpfleet/collect.conf' || fail "collect.conf is not a conffile"

echo "== class-data archive"
[ -s "$root/var/cache/tcpfleet/tcpfleet.jsa" ] || fail "postinst wrote no /var/cache/tcpfleet/tcpfleet.jsa"
# -Xshare:on fails unless the JVM can map the archive for this jar.
in_root java -XX:+UseSerialGC -Xshare:on -XX:SharedArchiveFile=/var/cache/tcpfleet/tcpfleet.jsa \
    -jar /usr/share/tcpfleet/tcpfleet.jar --version >/dev/null || fail "the JVM cannot use the postinst's archive"

echo "== tcpfleet --version"
in_root tcpfleet --version

echo "== tcpfleet poll --local --no-store (as the tcpfleet user)"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 chroot --userspec=tcpfleet:tcpfleet "$root" \
    tcpfleet poll --local --no-store --format json >"$work/poll.json" || fail "poll --local failed"
cat "$work/poll.json"

echo "== collect --config /etc/tcpfleet/collect.conf (as the unit runs it)"
unit="$root/lib/systemd/system/tcpfleet-collect.service"
grep -q '^ExecStart=/usr/bin/tcpfleet collect --config /etc/tcpfleet/collect.conf' "$unit" || fail "unit does not run collect --config"
# The shipped file is valid: collect gets as far as the inventory it names, which is not there yet.
set +e
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TCPFLEET_HOME=/var/lib/tcpfleet/data chroot --userspec=tcpfleet:tcpfleet "$root" \
    tcpfleet collect --config /etc/tcpfleet/collect.conf --sweeps 1 >"$work/collect.out" 2>&1
rc=$?
set -e
cat "$work/collect.out"
[ "$rc" -ne 0 ] || fail "collect ran without an inventory"
grep -q '/etc/tcpfleet/hosts.ini' "$work/collect.out" || fail "collect did not get to the inventory of collect.conf"

echo "== remove, then purge"
dpkg --root="$root" --remove tcpfleet
[ ! -e "$root/usr/bin/tcpfleet" ] || fail "remove left /usr/bin/tcpfleet"
[ ! -e "$root/var/cache/tcpfleet" ] || fail "remove left /var/cache/tcpfleet"
[ -e "$root/etc/tcpfleet/collect.conf" ] || fail "remove deleted the conffile (only purge may)"
dpkg --root="$root" --purge tcpfleet
[ ! -e "$root/etc/tcpfleet/collect.conf" ] || fail "purge left the conffile"
echo "OK"
