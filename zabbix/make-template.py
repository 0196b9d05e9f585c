#!/usr/bin/env python3
"""Writes zabbix/tcpfleet_templates.yaml: the Zabbix 6.0 export of every tcpfleet template, all made
from the one definition below, so that the ways never drift apart.

Per host (the same item keys, dependent items, low-level discovery, triggers and graphs; only how
the data arrives differs):
  tcpfleet by external check   the Zabbix server runs tcpfleet.sh, which asks tcpfleet collect's API
  tcpfleet by HTTP agent       the Zabbix server reads the API itself (no process forked per check)
  tcpfleet by trapper          tcpfleet collect --zabbix-server pushes the same JSON every sweep
Host discovery (link one to a host named "tcpfleet collector"; it creates a Zabbix host for every
host of tcpfleet's inventory, linked to the per-host template of the same way):
  tcpfleet discovery by external check | by HTTP agent | by trapper

UUIDs are derived from names (version-4 form, as Zabbix requires), so regenerating keeps them
stable and an import updates what an older one made. Run: python3 make-template.py
"""
import uuid
import yaml

STATES = ["ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
          "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "UNKNOWN", "TOTAL"]
PORT_STATES = ["ESTABLISHED", "SYN_RECV", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK", "FIN_WAIT1", "FIN_WAIT2"]
# Toward one remote service: the pool (ESTABLISHED), unanswered connects (SYN_SENT), the churn this
# host closes first (TIME_WAIT, the ephemeral-port risk) and what it never closes (CLOSE_WAIT).
PEER_STATES = ["ESTABLISHED", "SYN_SENT", "TIME_WAIT", "CLOSE_WAIT", "TOTAL"]
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
API = "{$TCPFLEET.URL}"
LIFETIME = "{$TCPFLEET.LLD.LIFETIME}"
MACROS = [
    ("{$TCPFLEET.INTERVAL}", "1m", "How often Zabbix reads the values (collect's --interval is what polls the host)."),
    ("{$TCPFLEET.TIME_WAIT.MAX}", "20000", "TIME_WAIT sockets held for 5 minutes above this: trigger."),
    ("{$TCPFLEET.CLOSE_WAIT.MAX}", "200", "CLOSE_WAIT sockets held for 5 minutes above this: trigger."),
    ("{$TCPFLEET.CLOSE_WAIT.LEAK.MIN}", "20", "A CLOSE_WAIT leak is reported once the count never fell below this for an hour and kept rising."),
    ("{$TCPFLEET.SYN_RECV.MAX}", "256", "SYN_RECV above this for 5 minutes: a SYN flood or a full accept queue."),
    ("{$TCPFLEET.SYN_SENT.MAX}", "100", "SYN_SENT above this for 5 minutes: unreachable peers or scanning."),
    ("{$TCPFLEET.STALE.MAX}", "300", "Seconds without a fresh sample before the data-stale trigger fires."),
    ("{$TCPFLEET.PORT.MATCHES}", "^.*$", "Listening-port discovery: only ports matching this regular expression."),
    ("{$TCPFLEET.PORT.NOT_MATCHES}", "^9731$", "Listening-port discovery: no port matching this regular expression (default: tcpfleet's own API)."),
    ("{$TCPFLEET.PORT.EPHEMERAL.MIN}", "32768", "Listening-port discovery skips ports from here to {$TCPFLEET.PORT.EPHEMERAL.MAX}: Linux's ephemeral range "
     "(sysctl net.ipv4.ip_local_port_range), where short-lived listeners such as tcpfleet's own store server bind. 65536 skips none."),
    ("{$TCPFLEET.PORT.EPHEMERAL.MAX}", "60999", "End of the skipped ephemeral range."),
    ("{$TCPFLEET.PEER.MIN}", "100", "Peer discovery: a remote service (ip:port this host connects to, among its top 20 peers) gets its "
     "own items once this many sockets go toward it."),
    ("{$TCPFLEET.PEER.MATCHES}", "^.*$", "Peer discovery: only remote services (ip:port) matching this regular expression."),
    ("{$TCPFLEET.PEER.NOT_MATCHES}", "CHANGE_IF_NEEDED", "Peer discovery: no remote service (ip:port) matching this regular expression."),
    ("{$TCPFLEET.PEER.TIME_WAIT.MAX}", "10000", "TIME_WAIT sockets toward one remote service held for 5 minutes above this: trigger "
     "(Linux has 28,232 ephemeral ports per remote ip:port). Context: the service, e.g. {$TCPFLEET.PEER.TIME_WAIT.MAX:\"10.0.0.5:5432\"}."),
    ("{$TCPFLEET.LLD.LIFETIME}", "7d", "How long a port or peer that is no longer discovered keeps its items."),
]
URL_MACRO = ("{$TCPFLEET.URL}", "http://127.0.0.1:9731", "tcpfleet collect's API, as the Zabbix server (or proxy) reaches it (collect --listen).")
COLLECTOR_MACRO = ("{$TCPFLEET.COLLECTOR}", "127.0.0.1", "Address(es) the tcpfleet collector pushes from (trapper Allowed hosts).")
DISCOVERY_MACROS = [
    ("{$TCPFLEET.LLD.INTERVAL}", "1h", "How often the hosts of tcpfleet's inventory are discovered."),
    ("{$TCPFLEET.LLD.LIFETIME}", "7d", "How long a host removed from tcpfleet's inventory stays in Zabbix before it is deleted "
     "(with its history); 0 deletes it at the next discovery."),
]
# What the per-host templates' items read, by the API path the daemon serves it at (docs/api.md).
API_PATHS = {"sample": "/v1/hosts/{HOST.CONN}", "status": "/v1/hosts/{HOST.CONN}/status",
             "age": "/v1/hosts/{HOST.CONN}/age", "health": "/health", "hosts": "/v1/hosts"}
INTERVALS = {"hosts": "{$TCPFLEET.LLD.INTERVAL}"}


def uid(*parts):
    # Zabbix wants UUIDv4: derive the bytes from the name (stable), then mark them version 4.
    seed = uuid.uuid5(uuid.NAMESPACE_URL, "tcpfleet/" + "/".join(parts)).bytes
    return uuid.UUID(bytes=seed, version=4).hex


def macros(entries):
    return [{"macro": m, "value": v, "description": d} for m, v, d in entries]


def jsonpath(path, on_error="DISCARD_VALUE", value=None):
    step = {"type": "JSONPATH", "parameters": [path], "error_handler": on_error}
    if value is not None:
        step["error_handler_params"] = value
    return step


# Per-port and per-peer counts mostly repeat (and are mostly 0): keep a value when it changes, and
# one an hour, as Zabbix's own templates do. Not for items a min(5m) trigger reads.
def unchanged():
    return {"type": "DISCARD_UNCHANGED_HEARTBEAT", "parameters": ["1h"]}


def dependent(master_key, *steps):
    return {"type": "DEPENDENT", "delay": "0", "master_item": {"key": master_key}, "preprocessing": list(steps)}


class Way:
    """How values reach Zabbix: `fetch(what)` gives the item fields (type, key, delay, ...) that read
    `what` -- the host's sample (JSON), its poll status, its data age, the collector's health, or
    the inventory's hosts (for host discovery)."""

    def __init__(self, label, fetch, description, extra_macros, discovery_note=""):
        self.label = label
        self.discovery_note = discovery_note
        self.template = "tcpfleet by " + label
        self.discovery = "tcpfleet discovery by " + label
        self.fetch = fetch
        self.description = description
        self.extra_macros = extra_macros


def external_check(what):
    args = {"sample": "{HOST.CONN}", "status": "{HOST.CONN},status", "age": "{HOST.CONN},age",
            "health": "health", "hosts": "discovery"}
    return {"type": "EXTERNAL", "key": "tcpfleet.sh[" + args[what] + "]", "delay": INTERVALS.get(what, "{$TCPFLEET.INTERVAL}")}


def http_agent(what):
    item = {"type": "HTTP_AGENT", "key": "tcpfleet." + what, "delay": INTERVALS.get(what, "{$TCPFLEET.INTERVAL}"),
            "url": API + API_PATHS[what]}
    if what != "hosts":
        # The daemon's one-line reason (unknown host, data stale, host failing, unhealthy) becomes
        # the value, as tcpfleet.sh prints it, instead of a bare "response code 503".
        item["status_codes"] = "200,404,409,503"
    if what in ("status", "age", "health"):
        # A line of text ends with a newline, which Zabbix keeps (an external check's output is trimmed).
        item["preprocessing"] = [{"type": "RTRIM", "parameters": ["\\n"]}]
    return item


def trapper(what):
    if what == "sample":
        return {"type": "TRAP", "key": "tcpfleet.trap", "allowed_hosts": "{$TCPFLEET.COLLECTOR}"}
    if what == "health":
        return {"type": "TRAP", "key": "tcpfleet.health", "allowed_hosts": "{$TCPFLEET.COLLECTOR}"}
    if what == "hosts":
        return http_agent(what)  # the inventory is read from the API, pushes carry only values
    path = {"status": "$.status", "age": "$.age_seconds"}[what]
    return dict(dependent("tcpfleet.trap", jsonpath(path, on_error="ORIGINAL_ERROR")), key="tcpfleet." + what)


WAYS = [
    Way("external check", external_check,
        "Values come from the external check tcpfleet.sh asking the running tcpfleet collect; "
        "install zabbix/tcpfleet.sh in the server's ExternalScripts directory (docs/zabbix.md).",
        []),
    Way("HTTP agent", http_agent,
        "Values come from Zabbix's HTTP agent reading the running tcpfleet collect's API at {$TCPFLEET.URL} "
        "(no script, no process forked per check; docs/zabbix.md).",
        [URL_MACRO]),
    Way("trapper", trapper,
        "Values are pushed by tcpfleet collect --zabbix-server (trapper); the Zabbix host name must "
        "equal the tcpfleet inventory name (or its address with --zabbix-host-by address).",
        [COLLECTOR_MACRO],
        "Values are pushed by tcpfleet collect --zabbix-server to the discovered hosts, named by inventory name "
        "(keep --zabbix-host-by name, the default); the inventory itself is read from the API at {$TCPFLEET.URL}."),
]
DESCRIPTIONS = {
    "sample": "The host's latest sample as JSON, which the dependent items read; an error is one line "
              "(daemon not running, host unknown, data stale, host failing).",
    "health": "The collector's own health, as its GET /health answers: \"OK: ...\", or \"UNHEALTHY: \" and the "
              "reasons (store failing, sweep overrunning its interval, loop stuck).",
}


def item(name, part, title, fields, **more):
    out = {"uuid": uid(name, part), "name": title}
    out.update(fields)
    out.update(more)
    return out


def host_template(way):
    name = way.template
    sample = way.fetch("sample")
    master = sample["key"]
    tag = lambda v: [{"tag": "component", "value": v}]
    # history 1h: only the dependent items' values are worth keeping (as Zabbix's own templates' masters)
    items = [item(name, "master", "tcpfleet: latest sample (JSON)", sample, history="1h", trends="0", value_type="TEXT",
                  description=DESCRIPTIONS["sample"], tags=tag("raw"))]
    for state in STATES:
        items.append(item(name, "state/" + state, "tcpfleet: " + state,
                          dependent(master, jsonpath("$.states." + state)),
                          key="tcpfleet.state[" + state + "]", history="7d",
                          description="TCP sockets in state " + state + " (TOTAL: all), as ss -tan counts them.",
                          tags=tag("tcp-state")))
    status = item(name, "status", "tcpfleet: poll status", way.fetch("status"), history="7d", trends="0", value_type="CHAR",
                  description="OK, the failure class of the host's latest poll, or STALE.",
                  valuemap={"name": "tcpfleet poll status"}, tags=tag("health"))
    age = item(name, "age", "tcpfleet: data age", way.fetch("age"), history="7d", units="s",
               description="Seconds since the host's latest sample.", tags=tag("health"))
    health = item(name, "health", "tcpfleet: collector health", way.fetch("health"), history="7d", trends="0",
                  value_type="CHAR", description=DESCRIPTIONS["health"], tags=tag("health"))
    items += [status, age, health]
    attach(name, items, triggers(master, status["key"], age["key"], health["key"]))
    return {
        "uuid": uid(name),
        "template": name,
        "name": name,
        "description": "TCP connection states of a Linux host collected agentlessly by tcpfleet over SSH. " + way.description,
        "groups": [{"name": "Templates/Applications"}],
        "items": items,
        "discovery_rules": [port_discovery(name, master), peer_discovery(name, master)],
        "tags": [{"tag": "class", "value": "software"}, {"tag": "target", "value": "tcpfleet"}],
        "macros": macros(MACROS + way.extra_macros),
        "valuemaps": [{
            "uuid": uid(name, "valuemap"),
            "name": "tcpfleet poll status",
            "mappings": [{"value": k, "newvalue": v} for k, v in FAILURES.items()],
        }],
    }


def triggers(master, status_key, age_key, health_key):
    """(item key, expression with %s for the item, name, priority, description)."""
    state = lambda s: "tcpfleet.state[" + s + "]"
    return [
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
        (status_key, 'last(%s)<>"OK" and last(%s)<>"STALE"', "tcpfleet: {HOST.NAME}: collector cannot poll the host ({ITEM.LASTVALUE1})", "AVERAGE",
         "The latest SSH poll failed; the value says why (TIMEOUT, AUTH_FAILED, HOSTKEY_CHANGED, ...)."),
        (age_key, "last(%s)>{$TCPFLEET.STALE.MAX}", "tcpfleet: {HOST.NAME}: TCP state data is stale (older than {$TCPFLEET.STALE.MAX}s)", "WARNING",
         "No fresh sample: tcpfleet collect is not polling this host."),
        (health_key, 'find(%s,,"regexp","^OK")=0', "tcpfleet: collector unhealthy ({ITEM.LASTVALUE1})", "HIGH",
         "tcpfleet collect says it is unhealthy (its GET /health): the store is failing, a sweep overruns its interval, or the loop is stuck. Values may be missing or late for every host."),
        (master, "nodata(%s,{$TCPFLEET.STALE.MAX})=1", "tcpfleet: {HOST.NAME}: no data from tcpfleet", "WARNING",
         "Nothing arrived from tcpfleet for this host (daemon down, host not in its inventory, or trapper push refused)."),
    ]


def attach(name, items, trigger_list):
    """Puts each trigger on the item its expression reads (Zabbix exports single-item triggers there)."""
    for key, expr, tname, prio, desc in trigger_list:
        it = next(i for i in items if i["key"] == key)
        it.setdefault("triggers", []).append({
            "uuid": uid(name, "trigger", tname),
            "expression": expr % tuple(["/" + name + "/" + key] * expr.count("%s")),
            "name": tname,
            "priority": prio,
            "description": desc,
            "tags": [{"tag": "scope", "value": "performance" if "tcpfleet.state" in key else "availability"}],
        })


def port_discovery(name, master):
    on_port = lambda what: "$.ports[?(@.port=={#PORT})]." + what + ".first()"
    prototypes = [item(name, "port/" + s, "tcpfleet: port {#PORT} " + s, dependent(master, jsonpath(on_port("states." + s)), unchanged()),
                       key="tcpfleet.port.state[{#PORT}," + s + "]", history="7d",
                       tags=[{"tag": "port", "value": "{#PORT}"}]) for s in PORT_STATES]
    prototypes.append(item(name, "port/accept_queue", "tcpfleet: port {#PORT} accept queue",
                           dependent(master, jsonpath(on_port("accept_queue")), unchanged()),
                           key="tcpfleet.port.accept_queue[{#PORT}]", history="7d",
                           description="Connections completed but not yet accept()ed by the application on this port.",
                           tags=[{"tag": "port", "value": "{#PORT}"}]))
    return lld(name, "lld/ports", "tcpfleet: listening ports", master, "tcpfleet.ports.discovery",
               "Every local port with a listener in the latest sample, but those in the ephemeral range and those the "
               "{$TCPFLEET.PORT.*MATCHES} macros leave out.",
               "$.ports", "@.listeners > 0 && (@.port < {$TCPFLEET.PORT.EPHEMERAL.MIN} || @.port > {$TCPFLEET.PORT.EPHEMERAL.MAX})",
               "{#PORT}", "PORT", {"{#PORT}": "$.port"}, prototypes)


def peer_discovery(name, master):
    peer = "tcpfleet.peer.state[\"{#PEER}\",%s]"
    prototypes = []
    for s in PEER_STATES:
        proto = item(name, "peer/" + s, "tcpfleet: toward {#PEER} " + s,
                     dependent(master, *[jsonpath("$.peers[?(@.endpoint==\"{#PEER}\")].states." + s + ".first()")]
                               + ([] if s == "TIME_WAIT" else [unchanged()])),
                     key=peer % s, history="7d",
                     description="Sockets of this host toward the remote service {#PEER} in state " + s
                                 + "; no value while it is not among the host's top peers.",
                     tags=[{"tag": "peer", "value": "{#PEER}"}])
        if s == "TIME_WAIT":
            ref = "/" + name + "/" + peer % s
            proto["trigger_prototypes"] = [{
                "uuid": uid(name, "trigger", "peer", s),
                # nodata: once the service leaves the top peers its item gets no value; min() over an
                # empty window is unknown, and "unknown and 0" is 0, so the problem resolves.
                "expression": "min(" + ref + ",5m)>{$TCPFLEET.PEER.TIME_WAIT.MAX:\"{#PEER}\"} and nodata(" + ref + ",5m)=0",
                "name": "tcpfleet: {HOST.NAME}: TIME_WAIT pile toward {#PEER} (over {$TCPFLEET.PEER.TIME_WAIT.MAX:\"{#PEER}\"} for 5m)",
                "priority": "WARNING",
                "description": "Connections to this one remote service are closed by this host and pile up in TIME_WAIT: "
                               "the ephemeral ports toward it (28,232 by default) can run out, and new connects fail. "
                               "Reuse connections (a pool, keep-alive); see tcpfleet diagnose.",
                "tags": [{"tag": "scope", "value": "performance"}],
            }]
        prototypes.append(proto)
    return lld(name, "lld/peers", "tcpfleet: remote services", master, "tcpfleet.peers.discovery",
               "Remote services (ip:port) this host connects to, among its top peers, once {$TCPFLEET.PEER.MIN} sockets go toward "
               "one (a TIME_WAIT pile toward a database gets its own items and trigger).",
               "$.peers", "@.direction == \"out\" && @.states.TOTAL >= {$TCPFLEET.PEER.MIN}",
               "{#PEER}", "PEER", {"{#PEER}": "$.endpoint", "{#PEER.ADDRESS}": "$.address", "{#PEER.PORT}": "$.port"}, prototypes)


def lld(name, part, title, master, key, description, array, condition, macro, filter_macros, paths, prototypes):
    return {
        "uuid": uid(name, *part.split("/")),
        "name": title,
        "type": "DEPENDENT",
        "key": key,
        "delay": "0",
        "filter": {"evaltype": "AND", "conditions": [
            {"macro": macro, "value": "{$TCPFLEET." + filter_macros + ".MATCHES}", "formulaid": "A"},
            {"macro": macro, "value": "{$TCPFLEET." + filter_macros + ".NOT_MATCHES}", "operator": "NOT_MATCHES_REGEX",
             "formulaid": "B"}]},
        "lifetime": LIFETIME,
        "description": description,
        "item_prototypes": prototypes,
        "master_item": {"key": master},
        "lld_macro_paths": [{"lld_macro": m, "path": p} for m, p in paths.items()],
        # An error line instead of a sample: no discovery at all (what was found stays). A sample in
        # which nothing passes: an empty list, so what went away is "not discovered anymore".
        "preprocessing": [jsonpath(array), jsonpath("$[?(" + condition + ")]", on_error="CUSTOM_VALUE", value="[]")],
    }


def discovery_template(way):
    name = way.discovery
    rule = {"uuid": uid(name, "lld", "hosts"), "name": "tcpfleet: hosts of the inventory"}
    rule.update(way.fetch("hosts"))
    rule.update({
        "lifetime": LIFETIME,
        "description": "Every host of tcpfleet collect's inventory becomes a Zabbix host (its inventory name), linked to "
                       + way.template + ", in the group tcpfleet and tcpfleet/ its most specific inventory group. "
                       "Its interface connects to the inventory name (unique even when hosts share an address) and shows "
                       "the address. A host gone from the inventory is deleted after {$TCPFLEET.LLD.LIFETIME}.",
        "host_prototypes": [{
            "uuid": uid(name, "host"),
            "host": "{#HOST}",
            "name": "{#HOST}",
            "group_links": [{"group": {"name": "tcpfleet"}}],
            "group_prototypes": [{"name": "tcpfleet/{#GROUP}"}],
            "templates": [{"name": way.template}],
            "custom_interfaces": "YES",
            "interfaces": [{"useip": "NO", "ip": "{#IP}", "dns": "{#HOST}"}],
            "tags": [{"tag": "tcpfleet.address", "value": "{#ADDRESS}"}],
        }],
    })
    return {
        "uuid": uid(name),
        "template": name,
        "name": name,
        "description": "Link to one host, \"tcpfleet collector\": it discovers the hosts tcpfleet collect polls and creates "
                       "a Zabbix host for each, linked to " + way.template + ". " + (way.discovery_note or way.description),
        "groups": [{"name": "Templates/Applications"}],
        "discovery_rules": [rule],
        "tags": [{"tag": "class", "value": "software"}, {"tag": "target", "value": "tcpfleet"}],
        "macros": macros(DISCOVERY_MACROS + ([URL_MACRO] if "url" in rule else [])),
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


export = {"zabbix_export": {
    "version": "6.0",
    "groups": [{"uuid": uid("group"), "name": "Templates/Applications"}, {"uuid": uid("group", "hosts"), "name": "tcpfleet"}],
    "templates": [host_template(w) for w in WAYS] + [discovery_template(w) for w in WAYS],
    "graphs": [g for w in WAYS for g in graphs(w.template)],
}}
with open(__file__.rsplit("/", 1)[0] + "/tcpfleet_templates.yaml" if "/" in __file__ else "tcpfleet_templates.yaml", "w") as f:
    f.write("# Generated by make-template.py: edit that, then run it.\n")
    yaml.safe_dump(export, f, sort_keys=False, allow_unicode=True, width=200)
