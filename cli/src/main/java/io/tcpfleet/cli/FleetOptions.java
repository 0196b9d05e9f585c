package io.tcpfleet.cli;

import io.tcpfleet.collector.transport.SshSettings;
import io.tcpfleet.model.Host;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which hosts and how to reach them over SSH: the options {@code poll} and {@code collect} share. Secrets never come from argv: only from an environment variable
 * or a file.
 */
final class FleetOptions {

    static final String PASSWORD_ENV = "TCPFLEET_SSH_PASSWORD";
    static final String PASSPHRASE_ENV = "TCPFLEET_SSH_PASSPHRASE";

    @Mixin
    InventoryOptions selection = new InventoryOptions();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "SSH user for hosts that name none (default: the current user).")
    String user;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Private key file (ed25519, ECDSA, RSA). Repeatable. Default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa. "
                    + "Passphrase from $" + PASSPHRASE_ENV + " or --passphrase-file.")
    List<Path> identities = new ArrayList<>();

    @Option(names = "--no-agent", description = "Do not use the running ssh-agent ($SSH_AUTH_SOCK), which is tried by default.")
    boolean noAgent;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File holding the passphrase of encrypted keys.")
    Path passphraseFile;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File holding a login password (also $" + PASSWORD_ENV + "); keys are tried first.")
    Path passwordFile;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts checked strictly (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new", description = "Record the key of a host not yet in known_hosts (a changed key is always refused).")
    boolean acceptNew;

    @Option(names = "--jump", paramLabel = "[USER@]HOST[:PORT][,...]",
            description = "Jump host for hosts without their own ProxyJump; a,b goes through a, then b (as ssh -J).")
    String jump;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32", description = "Hosts polled at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationParser.class,
            description = "Deadline for one host's whole poll (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationParser.class,
            description = "TCP connect timeout (default: ${DEFAULT-VALUE}); each SSH protocol step waits at most twice that.")
    Duration connectTimeout;

    @Option(names = "--max-output", paramLabel = "SIZE", defaultValue = "256M",
            description = "Output limit per host (K, M, G suffixes; default: ${DEFAULT-VALUE}): beyond it the host fails with OUTPUT_TOO_LARGE.")
    String maxOutput;

    boolean hasInventory(List<String> commandLineHosts) {
        return selection.hasInventory(commandLineHosts);
    }

    List<Host> hosts(List<String> commandLineHosts, PrintWriter err) {
        return selection.hosts(commandLineHosts, err);
    }

    InventoryOptions.Selected selected(List<String> commandLineHosts, PrintWriter err) {
        return selection.selected(commandLineHosts, err);
    }

    SshSettings settings() {
        return settings(System.getenv());
    }

    SshSettings settings(Map<String, String> env) {
        if (concurrency < 1) {
            throw new UsageException("--concurrency must be >= 1");
        }
        if (deadline.isZero() || connectTimeout.isZero()) {
            throw new UsageException("--timeout and --connect-timeout must be > 0");
        }
        SshSettings s = SshSettings.defaults();
        if (knownHosts != null) {
            s = s.withKnownHosts(knownHosts, acceptNew);
        } else {
            s = s.withKnownHosts(s.knownHosts(), acceptNew);
        }
        for (Path id : identities) {
            if (!Files.isReadable(id)) {
                throw new UsageException("cannot read --identity " + id);
            }
        }
        Duration auth = connectTimeout.multipliedBy(2);
        s = s.withIdentities(identities)
                .withSecrets(secret(env, PASSPHRASE_ENV, passphraseFile, "--passphrase-file"),
                        secret(env, PASSWORD_ENV, passwordFile, "--password-file"))
                .withTimeouts(connectTimeout, auth.compareTo(deadline) > 0 ? deadline : auth, deadline)
                .withMaxOutputBytes(SizeParser.parse(maxOutput, "--max-output"))
                .withJump(jump);
        if (user != null) {
            s = s.withDefaultUser(user);
        }
        String agent = env.get("SSH_AUTH_SOCK");
        if (!noAgent && agent != null && !agent.isBlank() && Files.exists(Path.of(agent))) {
            s = s.withAgent(Path.of(agent));
        }
        return s;
    }

    /** A secret from a file (first line) or else the environment; never from the command line. */
    private static char[] secret(Map<String, String> env, String var, Path file, String option) {
        if (file != null) {
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                int nl = content.indexOf('\n');
                return (nl < 0 ? content : content.substring(0, nl)).replace("\r", "").toCharArray();
            } catch (IOException e) {
                throw new UsageException("cannot read " + option + " " + file + ": " + e.getMessage(), e);
            }
        }
        String v = env.get(var);
        return v == null || v.isEmpty() ? null : v.toCharArray();
    }
}
