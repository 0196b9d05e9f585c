package io.tcpfleet.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@link NetnsLab#main}'s side of the conversation with a script: the lab's names out, commands in. */
final class LabCommands {

    private final NetnsLab lab;
    private final BufferedReader in;
    private final PrintStream out;

    LabCommands(NetnsLab lab, InputStream in, PrintStream out) {
        this.lab = lab;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    /** Prints the lab's names and 'ready', then runs commands until stdin ends. */
    void serve() throws IOException, InterruptedException {
        Path knownHosts = lab.dir.resolve("known_hosts");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < lab.hosts(); i++) {
            lines.add(lab.knownHostsLine(i));
        }
        Files.write(knownHosts, lines);
        out.println("LAB_NET=" + quote(lab.net));
        out.println("LAB_PEER_NS=" + quote(lab.peerNs()));
        out.println("LAB_PEER=" + quote(lab.peerAddress()));
        out.println("LAB_PEER6=" + quote(lab.peerAddress6()));
        out.println("LAB_HOST_NS=" + array(lab::hostNs));
        out.println("LAB_HOST=" + array(lab::address));
        out.println("LAB_HOST6=" + array(lab::address6));
        out.println("LAB_KEY=" + quote(lab.clientKey.toString()));
        out.println("LAB_KNOWN_HOSTS=" + quote(knownHosts.toString()));
        out.println("ready");
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            out.println(answer(line.trim().split("\\s+")));
            out.flush();
        }
    }

    private String answer(String[] cmd) throws InterruptedException {
        try {
            switch (cmd[0]) {
                case "sshd" -> {
                    if (cmd[1].equals("all")) {
                        for (int i = 0; i < lab.hosts(); i++) {
                            lab.startSshd(i);
                        }
                    } else {
                        lab.startSshd(Integer.parseInt(cmd[1]));
                    }
                }
                case "sockets" -> lab.sockets(cmd[1], Arrays.copyOfRange(cmd, 2, cmd.length));
                default -> {
                    return "error: unknown command " + String.join(" ", cmd) + " (sshd all|I, sockets NAMESPACE ROLE ARGS...)";
                }
            }
            return "ok";
        } catch (IOException | RuntimeException e) {
            return "error: " + String.valueOf(e).replace('\n', ' ');
        }
    }

    private String array(IntFunction<String> item) {
        return IntStream.range(0, lab.hosts()).mapToObj(item).map(LabCommands::quote).collect(Collectors.joining(" ", "(", ")"));
    }

    /** A shell word that stays one word whatever it holds. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
