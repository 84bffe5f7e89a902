package dev.panamax.pool;

import java.util.Objects;

/**
 * A task threw in its worker. Carries what the worker reported: the remote exception's class name, message and
 * stack trace, and its cause chain as further {@code RemoteTaskException}s. The remote stack trace is this
 * exception's own stack trace ({@link #getStackTrace()}), so a printed trace shows where the task failed in
 * the worker; the caller's frames are not included.
 */
public final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The fully qualified name of the exception class thrown in the worker. */
    private final String remoteClassName;
    /** Its message, or null. */
    private final String remoteMessage;

    /**
     * Rebuilds an exception a task threw in a worker, with the worker's stack trace.
     *
     * @param remoteClassName the fully qualified name of the exception class thrown in the worker
     * @param remoteMessage   its message, or {@code null}
     * @param remoteStack     its stack trace, as the worker saw it
     * @param cause           the remote cause, or {@code null}
     */
    public RemoteTaskException(String remoteClassName, String remoteMessage, StackTraceElement[] remoteStack,
                               RemoteTaskException cause) {
        super(remoteMessage == null ? remoteClassName : remoteClassName + ": " + remoteMessage, cause, true, true);
        this.remoteClassName = Objects.requireNonNull(remoteClassName, "remoteClassName");
        this.remoteMessage = remoteMessage;
        setStackTrace(remoteStack.clone());
    }

    /**
     * {@return the fully qualified class name of the exception thrown in the worker, e.g. {@code
     * java.lang.ArithmeticException}}
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** {@return the message of the exception thrown in the worker, or {@code null} if it had none} */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** {@return the stack trace of the exception thrown in the worker (a copy)} */
    public StackTraceElement[] remoteStackTrace() {
        return getStackTrace();
    }

    /**
     * {@return the remote stack trace as text, one {@code at ...} line per frame, like {@link
     * Throwable#printStackTrace()}}
     */
    public String remoteStackTraceText() {
        StringBuilder sb = new StringBuilder(getMessage()).append('\n');
        for (StackTraceElement e : getStackTrace()) {
            sb.append("\tat ").append(e).append('\n');
        }
        return sb.toString();
    }
}
