package dev.panamax.cli;

/**
 * A user error the command itself detects (a missing directory, results that disagree): exit status 1 with the
 * message as the one line on stderr.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
