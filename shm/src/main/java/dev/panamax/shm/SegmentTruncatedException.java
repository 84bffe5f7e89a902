package dev.panamax.shm;

/**
 * A mapped segment's file is shorter than its data needs: another process truncated it while it was mapped.
 * Accesses past the new end of file fault; see {@link SharedArray#checkNotTruncated()}.
 */
public final class SegmentTruncatedException extends SegmentException {
    private static final long serialVersionUID = 1L;

    /** The file length the segment's header and data need, in bytes. */
    private final long expectedBytes;
    /** The file's length when the truncation was found, in bytes. */
    private final long actualBytes;

    /**
     * Creates the exception with its message and cause.
     *
     * @param message what went wrong, naming the segment and both sizes
     * @param expectedBytes the file length the segment's header and data need, in bytes
     * @param actualBytes the file's length now, in bytes
     * @param cause the fault an access raised ({@link InternalError}), or null when the check found it first
     */
    public SegmentTruncatedException(String message, long expectedBytes, long actualBytes, Throwable cause) {
        super(message, cause);
        this.expectedBytes = expectedBytes;
        this.actualBytes = actualBytes;
    }

    /** {@return the file length the segment's header and data need, in bytes} */
    public long expectedBytes() {
        return expectedBytes;
    }

    /** {@return the file's length when the truncation was found, in bytes} */
    public long actualBytes() {
        return actualBytes;
    }
}
