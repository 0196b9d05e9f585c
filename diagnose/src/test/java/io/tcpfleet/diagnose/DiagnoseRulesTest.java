package io.tcpfleet.diagnose;

import static io.tcpfleet.model.TcpState.CLOSE_WAIT;
import static io.tcpfleet.model.TcpState.ESTABLISHED;
import static io.tcpfleet.model.TcpState.FIN_WAIT2;
import static io.tcpfleet.model.TcpState.LAST_ACK;
import static io.tcpfleet.model.TcpState.SYN_RECV;
import static io.tcpfleet.model.TcpState.SYN_SENT;
import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.PollStatus;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.testkit.Tallies;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every rule fires where it should, names the port or peer and the cause, and stays quiet on healthy data. */
class DiagnoseRulesTest {

    final Diagnoser diagnoser = new Diagnoser(Thresholds.defaults());

    List<Finding> diagnose(Tallies t, StateHistory h) {
        return diagnoser.diagnose(t.result(), h);
    }

    static Finding only(List<Finding> f, String rule) {
        List<Finding> m = f.stream().filter(x -> x.rule().equals(rule)).toList();
        assertEquals(1, m.size(), rule + " in " + f.stream().map(Finding::rule).collect(Collectors.toList()));
        return m.get(0);
    }

    @Test
    void healthyHostsAreQuiet() {
        Tallies busy = Tallies.host().add(ESTABLISHED, 3000).add(TIME_WAIT, 900).add(CLOSE_WAIT, 3)
                .port(443, 0, ESTABLISHED, 2900, TIME_WAIT, 100, CLOSE_WAIT, 3)
                .outbound("10.0.3.7", 5432, ESTABLISHED, 50, TIME_WAIT, 800);
        assertEquals(List.of(), diagnose(busy, Tallies.history(3900, CLOSE_WAIT, 3, 2, 4, 3, 3, 2, 3, 4, 3, 3)));
        assertEquals(List.of(), diagnose(Tallies.host(), StateHistory.empty()));
    }

    @Test
    void timeWaitTowardOnePeerIsAPortExhaustionRisk() {
        Tallies t = Tallies.host().add(TIME_WAIT, 16000)
                .outbound("10.0.3.7", 5432, TIME_WAIT, 15000, ESTABLISHED, 20)
                .outbound("10.0.3.8", 6379, TIME_WAIT, 1000);
        List<Finding> f = diagnose(t, StateHistory.empty());
        Finding risk = only(f, "time-wait-port-exhaustion");
        assertEquals(Severity.CRITICAL, risk.severity());   // 15020 / 28232 = 53%
        assertTrue(risk.summary().contains("10.0.3.7:5432") && risk.summary().contains("53%"), risk.summary());
        Finding tw = only(f, "time-wait");
        assertTrue(tw.evidence().stream().anyMatch(e -> e.contains("15000 (94%) toward 10.0.3.7:5432")), tw.evidence().toString());
        assertTrue(tw.cause().contains("closed by this host first"), tw.cause());
        String advice = String.join("\n", tw.advice());
        assertTrue(advice.contains("tcp_tw_reuse") && advice.contains("ip_local_port_range") && advice.contains("pool"), advice);
        assertTrue(advice.contains("never use net.ipv4.tcp_tw_recycle"), advice);
    }

    @Test
    void timeWaitOnAListeningPortMeansTheServerClosesFirst() {
        Tallies t = Tallies.host().add(TIME_WAIT, 9000).port(80, 0, TIME_WAIT, 8800, ESTABLISHED, 40)
                .inbound("10.9.0.1", TIME_WAIT, 300);
        Finding tw = only(diagnose(t, StateHistory.empty()), "time-wait");
        assertTrue(tw.summary().contains("on port 80"), tw.summary());
        assertTrue(tw.cause().contains("port 80 closes connections before its clients"), tw.cause());
        assertTrue(tw.advice().get(0).contains("keep-alive"), tw.advice().toString());
    }

    @Test
    void closeWaitNamesThePortAndALeakIsFlaggedBelowTheThreshold() {
        Tallies many = Tallies.host().add(CLOSE_WAIT, 400).port(8080, 0, CLOSE_WAIT, 390, ESTABLISHED, 10);
        Finding cw = only(diagnose(many, StateHistory.empty()), "close-wait");
        assertTrue(cw.summary().contains("400 sockets in CLOSE_WAIT on port 8080"), cw.summary());
        assertTrue(cw.cause().startsWith("the application listening on port 8080 does not close"), cw.cause());

        Tallies few = Tallies.host().add(CLOSE_WAIT, 40).port(8080, 0, CLOSE_WAIT, 40);
        Finding leak = only(diagnose(few, Tallies.history(CLOSE_WAIT, 2, 5, 8, 12, 15, 19, 22, 27, 31, 35, 38, 40)), "close-wait-leak");
        assertEquals(Severity.CRITICAL, leak.severity());
        assertTrue(leak.evidence().stream().anyMatch(e -> e.startsWith("grew from 2 to 40")), leak.evidence().toString());
        // the same count, not growing: quiet
        assertEquals(List.of(), diagnose(few, Tallies.history(CLOSE_WAIT, 40, 38, 41, 39, 40, 42, 38, 40, 41, 40, 39, 40)));
        // growing, then falling back (the application did close them): quiet
        assertEquals(List.of(), diagnose(few, Tallies.history(CLOSE_WAIT, 2, 10, 20, 30, 5, 10, 20, 30, 35, 38, 2, 40)));
    }

    @Test
    void synRecvFloodVersusFullAcceptQueue() {
        Tallies queue = Tallies.host().add(SYN_RECV, 300).port(443, 128, SYN_RECV, 300)
                .inbound("10.1.0.1", SYN_RECV, 150).inbound("10.1.0.2", SYN_RECV, 150);
        Finding q = only(diagnose(queue, StateHistory.empty()), "syn-recv-accept-queue");
        assertTrue(q.summary().contains("port 443") && q.evidence().get(1).contains("accept queue holds 128"), q.toString());

        Tallies flood = Tallies.host().add(SYN_RECV, 2000).port(80, 0, SYN_RECV, 2000)
                .inbound("203.0.113.1", SYN_RECV, 2).other(1500, SYN_RECV, 1998);
        Finding fl = only(diagnose(flood, StateHistory.empty()), "syn-recv-flood");
        assertEquals(Severity.CRITICAL, fl.severity());
        assertTrue(fl.summary().contains("possible SYN flood") && fl.evidence().get(0).contains("1501 distinct peers"), fl.toString());
    }

    @Test
    void synSentUnreachablePeerVersusScan() {
        Tallies down = Tallies.host().add(SYN_SENT, 120).outbound("10.0.5.5", 443, SYN_SENT, 120);
        Finding d = only(diagnose(down, StateHistory.empty()), "syn-sent-unreachable");
        assertTrue(d.summary().contains("10.0.5.5:443") && d.cause().contains("firewall"), d.toString());

        Tallies scan = Tallies.host().add(SYN_SENT, 900).outbound("198.51.100.1", 445, SYN_SENT, 1).other(899, SYN_SENT, 899);
        Finding s = only(diagnose(scan, StateHistory.empty()), "syn-sent-scan");
        assertEquals(Severity.CRITICAL, s.severity());
        assertTrue(s.summary().contains("900+ destinations"), s.summary());
    }

    @Test
    void stuckClosesAndATotalJump() {
        Tallies stuck = Tallies.host().add(FIN_WAIT2, 500).add(LAST_ACK, 150).outbound("10.7.0.1", 8443, FIN_WAIT2, 480);
        List<Finding> f = diagnose(stuck, StateHistory.empty());
        assertTrue(only(f, "stuck-fin_wait2").evidence().stream().anyMatch(e -> e.contains("with 10.7.0.1:8443")));
        assertTrue(only(f, "stuck-last_ack").cause().contains("final ACK is lost"));

        Tallies jump = Tallies.host().add(ESTABLISHED, 6000);
        Finding j = only(diagnose(jump, Tallies.history(TIME_WAIT, 0, 0, 0, 0, 0, 0, 0, 0)), "total-jump");
        assertTrue(j.summary().contains("6043") && j.evidence().get(1).startsWith("ESTABLISHED grew the most"), j.toString());
        assertEquals(List.of(), diagnose(jump, Tallies.history(ESTABLISHED, 5900, 6100, 6000, 5950, 6050, 6000)));
    }

    @Test
    void aHostThatCannotBePolledSaysSo() {
        PollResult failed = PollResult.failed(Host.ssh("db1", "10.0.0.2", 22, null), Tallies.NOW, Duration.ofSeconds(30),
                PollStatus.TIMEOUT, "no answer within 30 s", 0);
        Finding f = only(diagnoser.diagnose(failed, StateHistory.empty()), "cannot-poll");
        assertTrue(f.summary().contains("TIMEOUT"), f.summary());
    }
}
