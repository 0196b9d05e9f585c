package io.tcpfleet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code tcpfleet collect} in its own JVM with its own TCPFLEET_HOME, its API on a port the
 * system chose (read from its log), stopped by SIGTERM to its pid (then killed if it lingers).
 */
final class DaemonProcess implements AutoCloseable {

    private static final Pattern API = Pattern.compile("API on http://(\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final Thread reader;
    final String url;

    DaemonProcess(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "collect", "--listen", "127.0.0.1:0"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCPFLEET_HOME", home.toString());
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        reader = new Thread(() -> out.lines().forEach(l -> log.append(l).append('\n')), "daemon-log");
        reader.setDaemon(true);
        reader.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String found = null;
        while (found == null && System.nanoTime() < until && process.isAlive()) {
            Matcher m = API.matcher(log);
            if (m.find()) {
                found = "http://" + m.group(1);
            } else {
                Thread.sleep(50);
            }
        }
        if (found == null) {
            close();
            throw new AssertionError("collect did not start its API:\n" + log);
        }
        url = found;
    }

    record Answer(int code, String body) {
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    String log() {
        return log.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, as systemd stops it, sent with kill(1): {@link Process#destroy()} also closes our end
     * of the daemon's output, and what it logs while it stops would be lost. Returns the exit code;
     * the log is complete then.
     */
    int stop() throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            close();
            throw new AssertionError("collect did not stop within 90 s of SIGTERM:\n" + log);
        }
        reader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the daemon stores its last sweep and exits
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000);
    }
}
