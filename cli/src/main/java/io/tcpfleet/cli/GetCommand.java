package io.tcpfleet.cli;

import io.tcpfleet.cli.output.JsonResults;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.TcpState;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoredSample;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Print a host's latest value: the bare count of STATE, or, without STATE, the JSON",
                "object of every state and TOTAL. Errors go to stderr with exit code 1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:value printed", "1:unknown host, or its latest poll failed", "2:usage error"})
final class GetCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name or address.")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STATE",
            description = "ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, "
                    + "CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING, UNKNOWN or TOTAL.")
    String state;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws IOException {
        TcpState wanted = state == null || state.equalsIgnoreCase("TOTAL") ? null : States.parse(state);
        Optional<StoredSample> latest;
        try (SampleStore s = store.open()) {
            latest = s.latest(host);
        }
        if (latest.isEmpty()) {
            System.err.println("unknown host '" + host + "': no sample stored under that name or address");
            return ExitCode.FAILED;
        }
        PollResult r = latest.get().result();
        if (!r.ok()) {
            System.err.println(r.host().name() + ": last poll " + r.status() + " at " + r.polledAt() + ": " + r.error());
            return ExitCode.FAILED;
        }
        if (state == null) {
            JsonResults.writeStates(r.tally().states(), System.out);
        } else {
            System.out.println(wanted == null ? r.tally().total() : r.tally().get(wanted));
        }
        System.out.flush();
        return ExitCode.OK;
    }
}
