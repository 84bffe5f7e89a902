package dev.panamax.shm;

/**
 * Open, unlink or info found no file of that name in the directory.
 */
public final class NoSuchSegmentException extends SegmentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its message.
     *
     * @param message what went wrong, naming the segment
     */
    public NoSuchSegmentException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its message and cause.
     *
     * @param message what went wrong, naming the segment
     * @param cause the underlying failure
     */
    public NoSuchSegmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
