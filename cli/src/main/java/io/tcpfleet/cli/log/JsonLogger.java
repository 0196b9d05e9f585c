package io.tcpfleet.cli.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NormalizedParameters;
import org.slf4j.simple.SimpleLogger;

/**
 * One log event as one line of JSON on stderr, for log shippers:
 * {@code {"time":"2026-11-27T10:00:00.123Z","level":"WARN","logger":"tcpfleet.collect","message":"...","host":"web1"}}.
 * {@code host} and any other key of slf4j's fluent API ({@code LOG.atWarn().addKeyValue("host", h)})
 * become fields; an exception is its one-line description under {@code error}, never a stack trace.
 * Levels are slf4j-simple's: this only changes how a line looks.
 */
final class JsonLogger extends SimpleLogger {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Object LOCK = new Object(); // lines of concurrent threads never interleave

    private final String loggerName;
    private final PrintStream out;

    JsonLogger(String name, PrintStream out) {
        super(name);
        this.loggerName = name;
        this.out = out;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        write(level, MessageFormatter.basicArrayFormat(pattern, args), List.of(), t);
    }

    /** The fluent API's events, which carry key-value pairs. */
    @Override
    public void log(LoggingEvent event) {
        if (!isLevelEnabled(event.getLevel().toInt())) {
            return;
        }
        NormalizedParameters np = NormalizedParameters.normalize(event);
        List<KeyValuePair> kv = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        write(event.getLevel(), MessageFormatter.basicArrayFormat(np.getMessage(), np.getArguments()), kv, event.getThrowable());
    }

    private void write(Level level, String message, List<KeyValuePair> kv, Throwable t) {
        String line = line(Instant.now(), level, loggerName, message, kv, t);
        synchronized (LOCK) {
            out.println(line);
            out.flush();
        }
    }

    static String line(Instant time, Level level, String logger, String message, List<KeyValuePair> kv, Throwable t) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("level", level.name());
            g.writeStringField("logger", logger);
            g.writeStringField("message", message);
            for (KeyValuePair p : kv) {
                g.writeStringField(p.key, String.valueOf(p.value));
            }
            if (t != null) {
                g.writeStringField("error", t.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
