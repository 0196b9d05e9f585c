package io.tcpfleet.cli;

/** The command line asked for something impossible: reported with exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
