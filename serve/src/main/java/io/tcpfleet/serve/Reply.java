package io.tcpfleet.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes an answer: a body with its type, or one line of text (every error is one line). */
final class Reply {

    static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private Reply() {
    }

    static void text(HttpExchange ex, int code, String line) throws IOException {
        send(ex, code, TEXT, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
