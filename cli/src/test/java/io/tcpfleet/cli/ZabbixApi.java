package io.tcpfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A minimal Zabbix JSON-RPC client for the end-to-end test. */
final class ZabbixApi {

    private static final ObjectMapper JSON = new ObjectMapper();
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
}
