#!/usr/bin/env python3
"""Writes zabbix/tcpfleet_templates.yaml: the Zabbix 6.0 export of two templates that differ only
in how the data arrives.

  tcpfleet by external check   the Zabbix server runs tcpfleet.sh (master item + two small checks)
  tcpfleet by trapper          tcpfleet collect --zabbix-server pushes the same JSON every sweep

UUIDs are derived from names (version-4 form, as Zabbix requires), so regenerating keeps them stable. Run: python3 make-template.py
"""
import uuid
import yaml

STATES = ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
          "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "UNKNOWN", "TOTAL"]
PORT_STATES = ["ESTABLISHED", "SYN_RECV", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "FIN_WAIT1", "FIN_WAIT2"]
FAILURES = {
    "OK": "OK: polled",
    "STALE": "STALE: no recent sample (is tcpfleet collect polling this host?)",
    "UNREACHABLE": "UNREACHABLE: no route or name",
    "REFUSED": "REFUSED: SSH port closed",
    "TIMEOUT": "TIMEOUT: no answer within the deadline",
    "PROTOCOL_ERROR": "PROTOCOL_ERROR: not an SSH server, or no algorithm in common",
    "HOSTKEY_UNKNOWN": "HOSTKEY_UNKNOWN: host key not in known_hosts",
    "HOSTKEY_CHANGED": "HOSTKEY_CHANGED: host key changed (possible attack)",
    "AUTH_FAILED": "AUTH_FAILED: SSH login refused",
    "COMMAND_FAILED": "COMMAND_FAILED: cat /proc/net/tcp failed (not Linux?)",
    "PARSE_FAILED": "PARSE_FAILED: output was not a socket table",
    "OUTPUT_TOO_LARGE": "OUTPUT_TOO_LARGE: output over the collector's limit",
}
COLORS = ["1A7C11", "F63100", "2774A4", "A54F10", "FC6EA3", "6C59DC", "AC8C14", "611F27", "F230E0",
          "5CCD18", "BB2A02", "AC41A5", "00B0D8"]
MACROS = [
    ("{$TCPFLEET.INTERVAL}", "1m", "How often Zabbix reads the values (collect's --interval is what polls the host)."),
    ("{$TCPFLEET.TIME_WAIT.MAX}", "20000", "TIME_WAIT sockets held for 5 minutes above this: trigger."),
    ("{$TCPFLEET.CLOSE_WAIT.MAX}", "200", "CLOSE_WAIT sockets held for 5 minutes above this: trigger."),
    ("{$TCPFLEET.CLOSE_WAIT.LEAK.MIN}", "20", "A CLOSE_WAIT leak is reported once the count never fell below this for an hour and kept rising."),
    ("{$TCPFLEET.SYN_RECV.MAX}", "256", "SYN_RECV above this for 5 minutes: a SYN flood or a full accept queue."),
    ("{$TCPFLEET.SYN_SENT.MAX}", "100", "SYN_SENT above this for 5 minutes: unreachable peers or scanning."),
    ("{$TCPFLEET.STALE.MAX}", "300", "Seconds without a fresh sample before the data-stale trigger fires."),
]


def uid(*parts):
    # Zabbix wants UUIDv4: derive the bytes from the name (stable), then mark them version 4.
    seed = uuid.uuid5(uuid.NAMESPACE_URL, "tcpfleet/" + "/".join(parts)).bytes
    return uuid.UUID(bytes=seed, version=4).hex


def template(name, trapper):
    master_key = "tcpfleet.trap" if trapper else "tcpfleet.sh[{HOST.CONN}]"
    status_key = "tcpfleet.status" if trapper else "tcpfleet.sh[{HOST.CONN},status]"
    age_key = "tcpfleet.age" if trapper else "tcpfleet.sh[{HOST.CONN},age]"
    health_key = "tcpfleet.health" if trapper else "tcpfleet.sh[health]"
    tag = lambda v: [{"tag": "component", "value": v}]
    items = []
    master = {
        "uuid": uid(name, "master"),
        "name": "tcpfleet: latest sample (JSON)",
        "type": "TRAP" if trapper else "EXTERNAL",
        "key": master_key,
        "history": "1d",
        "trends": "0",
        "value_type": "TEXT",
        "description": ("Pushed by tcpfleet collect --zabbix-server after every sweep." if trapper else
                        "Run by the Zabbix server: tcpfleet.sh asks the running tcpfleet collect; "
                        "an error is one line (daemon not running, host unknown, data stale, host failing)."),
        "tags": tag("raw"),
    }
    if not trapper:
        master["delay"] = "{$TCPFLEET.INTERVAL}"
    else:
        master["allowed_hosts"] = "{$TCPFLEET.COLLECTOR}"
    items.append(master)
    for state in STATES:
        item = {
            "uuid": uid(name, "state", state),
            "name": "tcpfleet: " + state,
            "type": "DEPENDENT",
            "key": "tcpfleet.state[" + state + "]",
            "delay": "0",
            "history": "7d",
            "description": "TCP sockets in state " + state + " (TOTAL: all), as ss -tan counts them.",
            "preprocessing": [{"type": "JSONPATH", "parameters": ["$.states." + state],
                               "error_handler": "DISCARD_VALUE"}],
            "master_item": {"key": master_key},
            "tags": tag("tcp-state"),
        }
        items.append(item)
    status = {
        "uuid": uid(name, "status"),
        "name": "tcpfleet: poll status",
        "key": status_key,
        "history": "7d",
        "trends": "0",
        "value_type": "CHAR",
        "description": "OK, the failure class of the host's latest poll, or STALE.",
        "valuemap": {"name": "tcpfleet poll status"},
        "tags": tag("health"),
    }
    age = {
        "uuid": uid(name, "age"),
        "name": "tcpfleet: data age",
        "key": age_key,
        "history": "7d",
        "units": "s",
        "description": "Seconds since the host's latest sample.",
        "tags": tag("health"),
    }
    if trapper:
        for it, path in ((status, "$.status"), (age, "$.age_seconds")):
            it.update({"type": "DEPENDENT", "delay": "0", "master_item": {"key": master_key},
                       "preprocessing": [{"type": "JSONPATH", "parameters": [path]}]})
    else:
        for it in (status, age):
            it.update({"type": "EXTERNAL", "delay": "{$TCPFLEET.INTERVAL}"})
    health = {
        "uuid": uid(name, "health"),
        "name": "tcpfleet: collector health",
        "key": health_key,
        "history": "7d",
        "trends": "0",
        "value_type": "CHAR",
        "description": ("The collector's own health, as its GET /health answers: \"OK: ...\", or \"UNHEALTHY: \" and the "
                        "reasons (store failing, sweep overrunning its interval, loop stuck)."
                        + (" Pushed with every sweep." if trapper else " A daemon that does not answer reads as an error too.")),
        "tags": tag("health"),
    }
    if trapper:
        health.update({"type": "TRAP", "allowed_hosts": "{$TCPFLEET.COLLECTOR}"})
    else:
        health.update({"type": "EXTERNAL", "delay": "{$TCPFLEET.INTERVAL}"})
    items += [status, age, health]

    def item_expr(key):
        return "/" + name + "/" + key

    state = lambda s: item_expr("tcpfleet.state[" + s + "]")
    triggers = [
        (state("TIME_WAIT"), "min(%s,5m)>{$TCPFLEET.TIME_WAIT.MAX}", "tcpfleet: {HOST.NAME}: many TIME_WAIT sockets (over {$TCPFLEET.TIME_WAIT.MAX} for 5m)", "WARNING",
         "Short-lived connections closed by this host pile up in TIME_WAIT (60 s each); risk of running out of ephemeral ports toward one peer. Use keep-alive or pooling; see tcpfleet diagnose."),
        (state("CLOSE_WAIT"), "min(%s,5m)>{$TCPFLEET.CLOSE_WAIT.MAX}", "tcpfleet: {HOST.NAME}: many CLOSE_WAIT sockets (over {$TCPFLEET.CLOSE_WAIT.MAX} for 5m)", "AVERAGE",
         "The peer closed, the local application did not: it is not closing its sockets."),
        (state("CLOSE_WAIT"), "min(%s,1h)>={$TCPFLEET.CLOSE_WAIT.LEAK.MIN} and min(%s,1h)>min(%s,1h:now-1h)", "tcpfleet: {HOST.NAME}: CLOSE_WAIT keeps growing (leak)", "AVERAGE",
         "The CLOSE_WAIT count has not dropped for an hour and is higher than the hour before: a socket leak in the application, even below the threshold."),
        (state("SYN_RECV"), "min(%s,5m)>{$TCPFLEET.SYN_RECV.MAX}", "tcpfleet: {HOST.NAME}: many SYN_RECV (over {$TCPFLEET.SYN_RECV.MAX} for 5m)", "HIGH",
         "Handshakes not completed: a SYN flood, or a listener whose accept queue is full."),
        (state("SYN_SENT"), "min(%s,5m)>{$TCPFLEET.SYN_SENT.MAX}", "tcpfleet: {HOST.NAME}: many SYN_SENT (over {$TCPFLEET.SYN_SENT.MAX} for 5m)", "WARNING",
         "Connections this host opens get no answer: a peer down, a firewall, or scan-like behaviour."),
        (item_expr(status_key), 'last(%s)<>"OK" and last(%s)<>"STALE"', "tcpfleet: {HOST.NAME}: collector cannot poll the host ({ITEM.LASTVALUE1})", "AVERAGE",
         "The latest SSH poll failed; the value says why (TIMEOUT, AUTH_FAILED, HOSTKEY_CHANGED, ...)."),
        (item_expr(age_key), "last(%s)>{$TCPFLEET.STALE.MAX}", "tcpfleet: {HOST.NAME}: TCP state data is stale (older than {$TCPFLEET.STALE.MAX}s)", "WARNING",
         "No fresh sample: tcpfleet collect is not polling this host."),
        (item_expr(health_key), 'find(%s,,"regexp","^OK")=0', "tcpfleet: collector unhealthy ({ITEM.LASTVALUE1})", "HIGH",
         "tcpfleet collect says it is unhealthy (its GET /health): the store is failing, a sweep overruns its interval, or the loop is stuck. Values may be missing or late for every host."),
        (item_expr(master_key), "nodata(%s,{$TCPFLEET.STALE.MAX})=1", "tcpfleet: {HOST.NAME}: no data from tcpfleet", "WARNING",
         "Nothing arrived from tcpfleet for this host (daemon down, host not in its inventory, or trapper push refused)."),
    ]
    nested = {}
    for ref, expr, tname, prio, desc in triggers:
        n = expr.count("%s")
        key = ref.split("/", 2)[2]
        nested.setdefault(key, []).append({
            "uuid": uid(name, "trigger", tname),
            "expression": expr % tuple([ref] * n),
            "name": tname,
            "priority": prio,
            "description": desc,
            "tags": [{"tag": "scope", "value": "performance" if "tcpfleet.state" in key else "availability"}],
        })
    for it in items:
        if it["key"] in nested:
            it["triggers"] = nested[it["key"]]

    prototypes = []
    for s in PORT_STATES:
        prototypes.append({
            "uuid": uid(name, "port", s),
            "name": "tcpfleet: port {#PORT} " + s,
            "type": "DEPENDENT",
            "key": "tcpfleet.port.state[{#PORT}," + s + "]",
            "delay": "0",
            "history": "7d",
            "preprocessing": [{"type": "JSONPATH",
                               "parameters": ["$.ports[?(@.port=={#PORT})].states." + s + ".first()"],
                               "error_handler": "DISCARD_VALUE"}],
            "master_item": {"key": master_key},
            "tags": [{"tag": "port", "value": "{#PORT}"}],
        })
    prototypes.append({
        "uuid": uid(name, "port", "accept_queue"),
        "name": "tcpfleet: port {#PORT} accept queue",
        "type": "DEPENDENT",
        "key": "tcpfleet.port.accept_queue[{#PORT}]",
        "delay": "0",
        "history": "7d",
        "description": "Connections completed but not yet accept()ed by the application on this port.",
        "preprocessing": [{"type": "JSONPATH", "parameters": ["$.ports[?(@.port=={#PORT})].accept_queue.first()"],
                           "error_handler": "DISCARD_VALUE"}],
        "master_item": {"key": master_key},
        "tags": [{"tag": "port", "value": "{#PORT}"}],
    })
    discovery = {
        "uuid": uid(name, "lld", "ports"),
        "name": "tcpfleet: listening ports",
        "type": "DEPENDENT",
        "key": "tcpfleet.ports.discovery",
        "delay": "0",
        "lifetime": "7d",
        "description": "Every local port with a listener in the latest sample.",
        "preprocessing": [{"type": "JSONPATH", "parameters": ["$.ports[?(@.listeners > 0)]"], "error_handler": "DISCARD_VALUE"}],
        "master_item": {"key": master_key},
        "lld_macro_paths": [{"lld_macro": "{#PORT}", "path": "$.port"}],
        "item_prototypes": prototypes,
    }
    macros = [{"macro": m, "value": v, "description": d} for m, v, d in MACROS]
    if trapper:
        macros.append({"macro": "{$TCPFLEET.COLLECTOR}", "value": "127.0.0.1",
                       "description": "Address(es) the tcpfleet collector pushes from (trapper Allowed hosts)."})
    return {
        "uuid": uid(name),
        "template": name,
        "name": name,
        "description": ("TCP connection states of a Linux host collected agentlessly by tcpfleet over SSH. "
                        + ("Values are pushed by tcpfleet collect --zabbix-server (trapper); the Zabbix host name must "
                           "equal the tcpfleet inventory name (or its address with --zabbix-host-by address)."
                           if trapper else
                           "Values come from the external check tcpfleet.sh asking the running tcpfleet collect; "
                           "install zabbix/tcpfleet.sh in the server's ExternalScripts directory (docs/zabbix.md).")),
        "groups": [{"name": "Templates/Applications"}],
        "items": items,
        "discovery_rules": [discovery],
        "tags": [{"tag": "class", "value": "software"}, {"tag": "target", "value": "tcpfleet"}],
        "macros": macros,
        "valuemaps": [{
            "uuid": uid(name, "valuemap"),
            "name": "tcpfleet poll status",
            "mappings": [{"value": k, "newvalue": v} for k, v in FAILURES.items()],
        }],
    }


def graphs(name):
    return [{
        "uuid": uid(name, "graph", "states"),
        "name": "tcpfleet: TCP states",
        "type": "STACKED",
        "graph_items": [{"sortorder": str(i), "color": COLORS[i], "item": {"host": name, "key": "tcpfleet.state[" + s + "]"}}
                        for i, s in enumerate(s for s in STATES if s not in ("TOTAL", "CLOSE", "UNKNOWN"))],
    }, {
        "uuid": uid(name, "graph", "waits"),
        "name": "tcpfleet: TIME_WAIT and CLOSE_WAIT",
        "graph_items": [{"color": "F63100", "item": {"host": name, "key": "tcpfleet.state[TIME_WAIT]"}},
                        {"sortorder": "1", "color": "2774A4", "item": {"host": name, "key": "tcpfleet.state[CLOSE_WAIT]"}}],
    }]


names = ["tcpfleet by external check", "tcpfleet by trapper"]
export = {"zabbix_export": {
    "version": "6.0",
    "groups": [{"uuid": uid("group"), "name": "Templates/Applications"}],
    "templates": [template(names[0], False), template(names[1], True)],
    "graphs": graphs(names[0]) + graphs(names[1]),
}}
with open(__file__.rsplit("/", 1)[0] + "/tcpfleet_templates.yaml" if "/" in __file__ else "tcpfleet_templates.yaml", "w") as f:
    f.write("# Generated by make-template.py: edit that, then run it.\n")
    yaml.safe_dump(export, f, sort_keys=False, allow_unicode=True, width=200)
