package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.DurationText;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The option value parsers: durations, sizes, listen addresses, and the one duration printer. */
class OptionParsersTest {

    @Test
    void durationsAsOperatorsWriteThem() {
        assertEquals(Duration.ofSeconds(90), DurationParser.parse("90s"));
        assertEquals(Duration.ofMinutes(15), DurationParser.parse("15m"));
        assertEquals(Duration.ofMinutes(90), DurationParser.parse("1h30m"));
        assertEquals(Duration.ofDays(7), DurationParser.parse("7d"));
        assertEquals(Duration.ofDays(14), DurationParser.parse("2w"));
        assertEquals(Duration.ofMillis(250), DurationParser.parse("250ms"));
        assertEquals(Duration.ofMinutes(2), DurationParser.parse(" 2M "), "case and spaces");
        for (String bad : new String[] {"", "5", "yesterday", "1h 30m", "-5s", "5x", "1.5h", "s"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> DurationParser.parse(bad), bad);
        }
    }

    @Test
    void durationsPrintTheWayTheyAreTyped() {
        assertEquals("1m30s", DurationText.of(Duration.ofSeconds(90)));
        assertEquals("7d", DurationText.of(Duration.ofDays(7)), "not 168h");
        assertEquals("45m", DurationText.of(Duration.ofMinutes(45)), "not 0 h");
        assertEquals("1d2h3m4s", DurationText.of(Duration.ofSeconds(86400 + 7200 + 184)));
        assertEquals("0s", DurationText.of(Duration.ZERO));
        assertEquals("250ms", DurationText.of(Duration.ofMillis(250)));
        for (String typed : new String[] {"90s", "15m", "1h30m", "7d", "3h"}) {
            assertEquals(DurationParser.parse(typed), DurationParser.parse(DurationText.of(DurationParser.parse(typed))),
                    "round trip of " + typed);
        }
    }

    @Test
    void sizesInPowersOf1024() {
        assertEquals(65536, SizeParser.parse("65536", "--x"));
        assertEquals(512L << 10, SizeParser.parse("512K", "--x"));
        assertEquals(256L << 20, SizeParser.parse("256m", "--x"));
        assertEquals(1L << 30, SizeParser.parse("1GB", "--x"));
        for (String bad : new String[] {"", "lots", "0", "-1", "1T", "9223372036854775807G", "1.5M"}) {
            UsageException e = assertThrows(UsageException.class, () -> SizeParser.parse(bad, "--max-output"), bad);
            assertTrue(e.getMessage().startsWith("--max-output: '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void listenAddresses() {
        assertEquals(new InetSocketAddress("127.0.0.1", 9731), ListenAddress.parse("127.0.0.1:9731"));
        assertEquals(new InetSocketAddress("127.0.0.1", 9731), ListenAddress.parse(":9731"), "no address: loopback");
        assertEquals(new InetSocketAddress("::1", 9731), ListenAddress.parse("[::1]:9731"));
        assertEquals(0, ListenAddress.parse("127.0.0.1:0").getPort(), "port 0 picks a free port");
        assertNull(ListenAddress.parse("none"));
        assertTrue(ListenAddress.isLoopback(ListenAddress.parse("[::1]:1")));
        assertTrue(!ListenAddress.isLoopback(ListenAddress.parse("0.0.0.0:9731")));
        for (String bad : new String[] {"9731", "127.0.0.1", "127.0.0.1:x", "127.0.0.1:70000", "user@127.0.0.1:1", "[::1"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> ListenAddress.parse(bad), bad);
        }
    }

    @Test
    void listenOnANonLoopbackAddressNeedsAllowRemote() {
        Cli.Run run = Cli.run("collect", "127.0.0.1:1", "--listen", "0.0.0.0:0", "--db", "jdbc:h2:mem:listen", "--sweeps", "1");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--allow-remote"), run.toString());
    }
}
