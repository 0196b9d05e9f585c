package io.tcpfleet.collector.transport;

import io.tcpfleet.model.Host;
import java.io.IOException;
import java.util.List;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * Opens the way to a host and logs in, hop by hop along its {@link Route}: TCP to the first hop
 * (or a direct-tcpip tunnel from the previous one), key exchange with strict known_hosts
 * checking, then authentication. Every client is put under the attempt's watchdog the moment it
 * exists, and the attempt always knows which hop and step it is on.
 */
final class SshConnector {

    private final SshSettings settings;
    private final Config config;
    private final KnownHostsFile knownHosts;
    private final SshAuthenticator authenticator;
    private final List<String> offered;

    SshConnector(SshSettings settings, OpenSshClientConfig config, KnownHostsFile knownHosts,
                 SshAuthenticator authenticator) {
        this.settings = settings;
        this.config = config;
        this.knownHosts = knownHosts;
        this.authenticator = authenticator;
        this.offered = config.hostKeyAlgorithms();
    }

    /** Logs in to every hop of the route in turn; the attempt holds every client opened. */
    SshConnection login(PollAttempt attempt, Host host, Route route) throws IOException {
        SSHClient previous = null;
        for (Route.Hop hop : route.hops()) {
            attempt.at(hop);
            SSHClient client = newClient(attempt, hop);
            KnownHostsVerifier verifier = new KnownHostsVerifier(knownHosts, offered,
                    hop.jump() ? hop.label() : host.name());
            client.addHostKeyVerifier(verifier);
            attempt.verifier(verifier);
            if (previous == null) {
                client.connect(hop.address(), hop.port());
            } else {
                DirectConnection tunnel = previous.newDirectConnection(hop.address(), hop.port());
                client.connectVia(tunnel);
            }
            attempt.stage(Stage.AUTHENTICATE);
            authenticator.authenticate(client, hop.user(), hop.identityFile());
            previous = client;
        }
        return attempt.connection();
    }

    private SSHClient newClient(PollAttempt attempt, Route.Hop hop) throws IOException {
        SSHClient c = new ParkableSshClient(config, new ParkableSshClient.Watcher() {
            @Override
            public void tcpConnected() {
                attempt.stage(Stage.KEY_EXCHANGE);
            }

            @Override
            public void greeting(String firstBytes) {
                attempt.greeting(hop, firstBytes);
            }
        });
        c.setConnectTimeout((int) settings.connectTimeout().toMillis());
        c.getTransport().setTimeoutMs((int) settings.authTimeout().toMillis());
        attempt.register(c);
        return c;
    }
}
