package io.tcpfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A minimal Zabbix JSON-RPC client for the end-to-end test, with the waits it needs. */
final class ZabbixApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Item types Zabbix polls itself (external check, HTTP agent): what "Execute now" applies to. */
    private static final List<Integer> POLLED = List.of(10, 19);
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;
    private String auth;

    ZabbixApi(String url) {
        this.uri = URI.create(url);
    }

    void login(String user, String password) throws IOException, InterruptedException {
        ObjectNode p = JSON.createObjectNode().put("username", user).put("password", password);
        auth = call("user.login", p).asText();
    }

    JsonNode call(String method, Object params) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method).put("id", 1);
        body.set("params", JSON.valueToTree(params));
        if (auth != null) {
            body.put("auth", auth);
        }
        HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json-rpc")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        JsonNode r = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    String templateId(String name) throws IOException, InterruptedException {
        JsonNode t = call("template.get", Map.of("filter", Map.of("host", List.of(name))));
        if (t.size() != 1) {
            throw new AssertionError("no template " + name);
        }
        return t.get(0).get("templateid").asText();
    }

    /** Sets one of a template's (or host's) own macros; usermacro.get needs hostids, not templateids. */
    void setMacro(String hostOrTemplateId, String macro, String value) throws IOException, InterruptedException {
        JsonNode m = call("usermacro.get", Map.of("hostids", List.of(hostOrTemplateId), "filter", Map.of("macro", macro)));
        if (m.size() == 1) {
            call("usermacro.update", Map.of("hostmacroid", m.get(0).get("hostmacroid").asText(), "value", value));
        } else {
            call("usermacro.create", Map.of("hostid", hostOrTemplateId, "macro", macro, "value", value));
        }
    }

    /** "Execute now" (task type 6) for these items or LLD rules: values without waiting for the interval. */
    void executeNow(List<String> itemIds) throws IOException, InterruptedException {
        List<Map<String, Object>> tasks = new ArrayList<>();
        itemIds.forEach(id -> tasks.add(Map.of("type", 6, "request", Map.of("itemid", id))));
        if (!tasks.isEmpty()) {
            call("task.create", tasks);
        }
    }

    /** Executes now every item of the host that Zabbix polls itself. */
    void executeHostNow(String host) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode i : call("item.get", Map.of("host", host, "output", List.of("itemid", "type")))) {
            if (POLLED.contains(i.get("type").asInt())) {
                ids.add(i.get("itemid").asText());
            }
        }
        executeNow(ids);
    }

    /**
     * The item's newest value in Zabbix's history once it satisfies {@code wanted}, waiting up to
     * 90 s; the host's polled items are executed now every 5 s meanwhile (their intervals may be long).
     */
    String awaitValue(String host, String key, Predicate<String> wanted, String context) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String error = "";
        String last = null;
        for (int round = 0; System.nanoTime() < until; round++) {
            if (round % 5 == 0) {
                executeHostNow(host);
            }
            JsonNode items = call("item.get", Map.of("host", host, "filter", Map.of("key_", List.of(key)),
                    "output", List.of("itemid", "value_type", "error")));
            if (items.size() == 1) {
                JsonNode i = items.get(0);
                error = i.get("error").asText();
                JsonNode history = call("history.get", Map.of("history", i.get("value_type").asInt(),
                        "itemids", List.of(i.get("itemid").asText()), "sortfield", "clock", "sortorder", "DESC", "limit", 1));
                if (history.size() == 1) {
                    last = history.get(0).get("value").asText();
                    if (wanted.test(last)) {
                        return last;
                    }
                }
            }
            Thread.sleep(1000);
        }
        JsonNode all = call("item.get", Map.of("host", host, "output", List.of("key_", "lastvalue", "error")));
        throw new AssertionError(host + " " + key + ": " + (last == null ? "no value" : "last value " + last)
                + " in Zabbix (item error: " + error + ")\nitems: " + all + "\n" + context);
    }

    /** Waits (up to 90 s) until {@code check} holds for what {@code query} returns. */
    JsonNode await(String what, Query query, Predicate<JsonNode> check) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode got;
        do {
            got = query.get();
            if (check.test(got)) {
                return got;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < until);
        throw new AssertionError(what + ": not so after 90 s; last answer " + got);
    }

    @FunctionalInterface
    interface Query {
        JsonNode get() throws Exception;
    }
}
