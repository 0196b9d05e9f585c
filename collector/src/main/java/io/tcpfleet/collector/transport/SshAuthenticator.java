package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Logs a connected client in, trying credentials in ssh's order: the host's own IdentityFile, the
 * ssh-agent's keys, the configured key files (or OpenSSH's default ones that exist), then a
 * password if one was given. A refusal says which key files could not even be tried, and why.
 */
final class SshAuthenticator {

    private static final String[] DEFAULT_KEYS = {"id_ed25519", "id_ecdsa", "id_rsa"};

    private final SshSettings settings;
    private final IdentityFiles keyFiles;

    SshAuthenticator(SshSettings settings, IdentityFiles keyFiles) {
        this.settings = settings;
        this.keyFiles = keyFiles;
    }

    /**
     * @param identityFile the host's own key file, tried first, or null
     * @throws UserAuthException no credential was accepted; its message says what was tried
     */
    void authenticate(SSHClient client, String user, String identityFile) throws IOException {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean hostKeyLoaded = false;
        for (Path file : keyFiles(identityFile)) {
            IdentityFiles.Loaded k = keyFiles.load(file);
            if (k.key() != null) {
                hostKeyLoaded |= methods.isEmpty() && identityFile != null && file.equals(Path.of(identityFile));
                methods.add(new AuthPublickey(k.key()));
            } else {
                problems.add(k.problem());
            }
        }
        if (settings.agentSocket() != null) {
            SshAgent agent = new SshAgent(settings.agentSocket());
            try {
                List<AuthMethod> agentKeys = new ArrayList<>();
                agent.identities().forEach(id -> agentKeys.add(new AgentPublickeyAuth(agent, id)));
                // after the host's own IdentityFile, before the other key files: ssh's order
                methods.addAll(hostKeyLoaded ? 1 : 0, agentKeys);
            } catch (IOException e) {
                problems.add("cannot use the ssh-agent at " + settings.agentSocket() + ": " + e.getMessage());
            }
        }
        if (settings.password() != null) {
            methods.add(new AuthPassword(new Secret(settings.password())));
        }
        if (methods.isEmpty()) {
            throw new UserAuthException("no credential to offer" + because(problems));
        }
        try {
            client.auth(user, methods);
        } catch (UserAuthException e) {
            throw new UserAuthException("no offered credential was accepted (" + methods.size() + " tried)"
                    + because(problems), e);
        }
    }

    private static String because(List<String> problems) {
        return problems.isEmpty() ? "" : "; " + String.join("; ", problems);
    }

    /** The host's own key first, then the configured ones, or else OpenSSH's defaults that exist. */
    private List<Path> keyFiles(String identityFile) {
        List<Path> files = new ArrayList<>();
        if (identityFile != null) {
            files.add(Path.of(identityFile));
        }
        if (!settings.identities().isEmpty()) {
            files.addAll(settings.identities());
        } else {
            for (String name : DEFAULT_KEYS) {
                Path p = settings.sshDirectory().resolve(name);
                if (Files.isReadable(p)) {
                    files.add(p);
                }
            }
        }
        return files;
    }
}
