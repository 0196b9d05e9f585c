package io.tcpfleet.collector.transport;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * "publickey" authentication (RFC 4252 section 7) with a key held by the ssh-agent: the request is
 * signed by the agent, so the private key never enters this process. Sends the signed request
 * at once, which the RFC allows, instead of querying the key first.
 */
final class AgentPublickeyAuth extends AbstractAuthMethod {

    private final SshAgent agent;
    private final SshAgent.Identity key;

    AgentPublickeyAuth(SshAgent agent, SshAgent.Identity key) {
        super("publickey");
        this.agent = agent;
        this.key = key;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        String type = key.type();
        boolean rsa = type.equals("ssh-rsa");
        SSHPacket req = super.buildReq()
                .putBoolean(true)
                .putString(rsa ? "rsa-sha2-256" : type)
                .putBytes(key.blob());
        byte[] signed = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(req)
                .getCompactData();
        try {
            return req.putBytes(agent.sign(key, signed, rsa ? SshAgent.RSA_SHA2_256 : 0));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ssh-agent key " + key.comment();
    }
}
