# What `tcpfleet tally` computes, in awk, for the baseline of benchmarks/run-tally-bench.sh: sockets
# per state; per listening port and state; per peer (inbound: client address, outbound:
# address:port) and state; the top 20 peers by sockets and the rest as "other". Unlike tcpfleet it
# does not merge IPv4-mapped IPv6 rows with their IPv4 peer (a little less work).
$1 == "sl" { next }
{
    st = $4; ++S[st]; ++n
    split($2, l, ":"); split($3, r, ":")
    if (st == "0A") { L[l[2]] = 1; ++P[l[2] " " st]; next }
    if (l[2] in L) { ++P[l[2] " " st]; k = r[1] } else k = r[1] ":" r[2]
    ++C[k " " st]; ++T[k]; ++peered
}
END {
    for (s in S) print s, S[s]
    for (k in P) print "port", k, P[k]
    for (k in T) {
        t = T[k]
        if (top < 20 || t > v[top]) {
            if (top < 20) top++
            for (i = top; i > 1 && v[i - 1] < t; i--) { v[i] = v[i - 1]; name[i] = name[i - 1] }
            v[i] = t; name[i] = k
        }
    }
    for (i = 1; i <= top; i++) {
        named += v[i]
        for (s in S) if ((name[i] " " s) in C) print "peer", name[i], s, C[name[i] " " s]
    }
    print "other", peered - named
}
