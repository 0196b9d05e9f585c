package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.testkit.FakeSshHost;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loop's framing read back from streams cut into pieces at every possible place. */
class FramedAnswerTest {

    static final String N = new ShellLoop().nonce();
    static final byte[] TABLE = (FakeSshHost.DUMP + FakeSshHost.DUMP6).getBytes(StandardCharsets.US_ASCII);

    /** What the loop prints for one request: begin, the table, end, status, cat's stderr, done. */
    static byte[] answer(String noise, byte[] table, int status, String stderr) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(noise.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes((N + " begin\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(table);
        b.writeBytes(("\n" + N + " end " + status + "\n" + stderr + "\n" + N + " done\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read, as a channel hands out its packets. */
    static InputStream chunked(byte[] bytes, int chunk) {
        return new FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static byte[] payload(FramedAnswer a, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[readSize];
        int n;
        while ((n = a.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void theTableStatusAndStderrComeBackExactlyWhereverTheStreamIsCut() throws IOException {
        byte[] bytes = answer("Welcome to the host\n", TABLE, 1, "cat: /proc/net/tcp6: No such file or directory");
        for (int chunk = 1; chunk <= 200; chunk++) {
            for (int readSize : new int[] {1, 7, 8192}) {
                FramedAnswer a = new FramedAnswer(chunked(bytes, chunk), N);
                assertTrue(a.begin(ShellSession.PREAMBLE_LIMIT));
                assertArrayEquals(TABLE, payload(a, readSize), "chunk " + chunk);
                assertTrue(a.complete());
                assertEquals(1, a.status());
                assertEquals("cat: /proc/net/tcp6: No such file or directory", a.stderr());
            }
        }
    }

    @Test
    void linesThatLookLikeMarkersOfAnotherRequestOrNotAtALineStartArePayload() throws IOException {
        String other = new ShellLoop().nonce();
        byte[] table = ("x\n" + other + " begin\n\n" + other + " end 0\n\n" + N.substring(0, 31) + " end 0\n"
                + "x" + N + " end 0\n" + other + " done\n").getBytes(StandardCharsets.US_ASCII);
        for (int chunk : new int[] {1, 3, 40, 1000}) {
            FramedAnswer a = new FramedAnswer(chunked(answer("", table, 0, ""), chunk), N);
            assertTrue(a.begin(ShellSession.PREAMBLE_LIMIT));
            assertArrayEquals(table, payload(a, 100));
            assertTrue(a.complete());
            assertEquals(0, a.status());
            assertEquals("", a.stderr());
        }
    }

    @Test
    void aTableWithoutAFinalNewlineOrNoTableAtAllIsFramedToo() throws IOException {
        for (byte[] table : new byte[][] {"  sl  local_address".getBytes(StandardCharsets.US_ASCII), new byte[0]}) {
            FramedAnswer a = new FramedAnswer(chunked(answer("", table, 2, "x\ny"), 5), N);
            assertTrue(a.begin(ShellSession.PREAMBLE_LIMIT));
            assertArrayEquals(table, payload(a, 64));
            assertTrue(a.complete());
            assertEquals(2, a.status());
            assertEquals("x\ny", a.stderr());
        }
    }

    @Test
    void aLargeTableIsPassedThroughWholeAndAHugeStderrIsCut() throws IOException {
        byte[] table = new byte[5_000_000];
        Random r = new Random(7);
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) "0123456789ABCDEF :\n".charAt(r.nextInt(19));
        }
        String stderr = "e".repeat(100_000);
        FramedAnswer a = new FramedAnswer(chunked(answer("", table, 0, stderr), 32 * 1024), N);
        assertTrue(a.begin(ShellSession.PREAMBLE_LIMIT));
        assertArrayEquals(table, payload(a, 65536));
        assertTrue(a.complete());
        assertEquals(FramedAnswer.STDERR_LIMIT, a.stderr().length());
    }

    @Test
    void outputWithoutABeginMarkerIsNotAnAnswer() throws IOException {
        // a forced command: the table, then the channel ends
        assertFalse(new FramedAnswer(chunked(TABLE, 100), N).begin(ShellSession.PREAMBLE_LIMIT));
        // a forced command with a large output: given up after the limit, without reading it all
        byte[] big = new byte[10_000_000];
        java.util.Arrays.fill(big, (byte) ' ');
        CountingStream counted = new CountingStream(chunked(big, 32 * 1024));
        assertFalse(new FramedAnswer(counted, N).begin(ShellSession.PREAMBLE_LIMIT));
        assertTrue(counted.count < 200_000, counted.count + " bytes read");
    }

    @Test
    void anAnswerCutShortEndsTheStreamIncomplete() throws IOException {
        byte[] whole = answer("", TABLE, 0, "");
        for (int cut : new int[] {N.length() + 7 + 10, N.length() + 7 + TABLE.length + 5, whole.length - 3}) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            FramedAnswer a = new FramedAnswer(chunked(part, 17), N);
            assertTrue(a.begin(ShellSession.PREAMBLE_LIMIT));
            payload(a, 100);
            assertFalse(a.complete(), "cut at " + cut);
        }
    }

    @Test
    void twoAnswersInARowAreReadOneAtATime() throws IOException {
        String second = new ShellLoop().nonce();
        byte[] one = answer("", TABLE, 0, "");
        String saved = N;
        InputStream both = new SequenceInputStream(chunked(one, 50), chunked(
                (second + " begin\nT\n\n" + second + " end 0\n\n" + second + " done\n").getBytes(StandardCharsets.US_ASCII), 50));
        FramedAnswer a = new FramedAnswer(both, saved);
        assertTrue(a.begin(ShellSession.PREAMBLE_LIMIT));
        assertArrayEquals(TABLE, payload(a, 100));
        assertTrue(a.complete());
        FramedAnswer b = new FramedAnswer(both, second);
        assertTrue(b.begin(ShellSession.PREAMBLE_LIMIT));
        assertArrayEquals("T\n".getBytes(StandardCharsets.US_ASCII), payload(b, 100));
        assertTrue(b.complete());
    }

    static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
