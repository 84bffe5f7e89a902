package dev.panamax.core;

import java.io.IOException;

/**
 * Thrown when bytes that should be a NumPy {@code .npy} file are not one Panamax can use: bad magic, an
 * unknown version, a header that does not parse or is past the end of the file, a dtype Panamax does not
 * support, an impossible shape, or data shorter than the shape says. The message names what is wrong and
 * the offending value.
 */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its message.
     *
     * @param message what is wrong, naming the value found and what was expected
     */
    public NpyFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its message and cause.
     *
     * @param message what is wrong
     * @param cause the underlying error
     */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
