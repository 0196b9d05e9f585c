package io.tcpfleet.cli;

import static io.tcpfleet.model.TcpState.CLOSE_WAIT;
import static io.tcpfleet.model.TcpState.ESTABLISHED;
import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tallies;
import io.tcpfleet.testkit.Tool;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report --html: one self-contained file, opened in a real headless Chromium; the screenshot must
 * show the stacked charts in the states' colours.
 */
class HtmlReportTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void aSelfContainedReport() throws Exception {
        String page = Files.readString(report());
        assertTrue(page.contains("web&lt;1&gt;") && !page.contains("web<1>"), "host names are escaped");
        assertTrue(page.contains("CLOSE_WAIT leak: 65 sockets in CLOSE_WAIT on port 8080"), "the diagnose finding is in it");
        assertTrue(page.contains("<svg") && page.contains("#ac8c14"), "charts are inline SVG");
        assertFalse(page.contains("<script") || page.contains("<link") || page.contains(" src="), "nothing to fetch or run");
        assertFalse(page.replace("http://www.w3.org/2000/svg", "").matches("(?s).*https?://.*"), "no network address at all");
    }

    @Test
    @RequiresE2E(Tool.CHROMIUM)
    void theReportRendersInChromium() throws Exception {
        Path html = report();
        Path png = Path.of("target", "html-report-screenshot.png").toAbsolutePath(); // kept for a look
        Files.deleteIfExists(png);
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("chromium"), "--window-size=1000,1600", "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium hung");
        assertTrue(Files.size(png) > 10_000, "screenshot: " + Files.readString(dir.resolve("chromium.log")));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(pixels(img, 0xac8c14) > 500, "the CLOSE_WAIT area of web<1>'s chart is drawn");
        assertTrue(pixels(img, 0x6c59dc) > 500, "the TIME_WAIT areas are drawn");
        assertTrue(pixels(img, 0xb00020) > 20, "the CRITICAL finding is shown in red");
    }

    /** web<1> leaks CLOSE_WAIT on 8080 for 12 minutes, web2 is steady: the report of the last hour. */
    private Path report() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db/tcpfleet");
        Instant now = Instant.now();
        try (SampleStore s = SampleStore.open(db)) {
            for (int i = 12; i >= 0; i--) {
                Instant at = now.minusSeconds(60L * i);
                long cw = 5L * (13 - i);
                s.writeSweep(at, at, List.of(
                        Tallies.host().add(CLOSE_WAIT, cw).add(TIME_WAIT, 300).port(8080, 0, CLOSE_WAIT, cw, ESTABLISHED, 20)
                                .result("web<1>", at),
                        Tallies.host().add(TIME_WAIT, 200).add(ESTABLISHED, 300).result("web2", at)));
            }
        }
        Path html = dir.resolve("report.html");
        Cli.Run run = Cli.run("report", "--db", db, "--html", html.toString(), "--since", "1h");
        assertEquals(0, run.exit(), run.toString());
        return html;
    }

    /** Pixels within a small distance of the colour (antialiasing aside). */
    static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                if (Math.abs(((c >> 16) & 255) - ((rgb >> 16) & 255)) < 8 && Math.abs(((c >> 8) & 255) - ((rgb >> 8) & 255)) < 8
                        && Math.abs((c & 255) - (rgb & 255)) < 8) {
                    n++;
                }
            }
        }
        return n;
    }
}
