package io.tcpfleet.cli.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleServiceProvider;

/**
 * The slf4j provider behind {@code --log-format json}: slf4j-simple's levels and configuration
 * (simplelogger.properties, --debug), with each event written as one JSON object per line
 * ({@link JsonLogger}). Chosen through slf4j's {@code slf4j.provider} property, so it must be
 * selected before anything logs.
 */
public final class JsonLogProvider extends SimpleServiceProvider {

    private ILoggerFactory factory;

    /** Makes slf4j use this provider; fails if logging had already started in another format. */
    public static void select() {
        System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN"); // no "SLF4J(I): ..." line before the JSON
        if (!(LoggerFactory.getILoggerFactory() instanceof JsonLoggerFactory)) {
            throw new IllegalStateException("--log-format json: logging had already started as text");
        }
    }

    @Override
    public void initialize() {
        factory = new JsonLoggerFactory();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }
}
