package dev.panamax.shm;

/**
 * Create could not reserve the segment's full size: the file system (a full {@code /dev/shm}) has less free space than the segment needs. No file is left behind.
 */
public final class InsufficientSpaceException extends SegmentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its message.
     *
     * @param message what went wrong, naming the segment
     */
    public InsufficientSpaceException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its message and cause.
     *
     * @param message what went wrong, naming the segment
     * @param cause the underlying failure
     */
    public InsufficientSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
