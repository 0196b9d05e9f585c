package io.tcpfleet.cli.log;

import org.slf4j.Logger;
import org.slf4j.simple.SimpleLoggerFactory;

/** slf4j-simple's factory (and so its level configuration), making {@link JsonLogger}s. */
final class JsonLoggerFactory extends SimpleLoggerFactory {

    @Override
    protected Logger createLogger(String name) {
        return new JsonLogger(name, System.err);
    }
}
