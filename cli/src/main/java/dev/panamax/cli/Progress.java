package dev.panamax.cli;

import java.io.PrintWriter;

/**
 * Progress of a run of known steps: a bar redrawn in place on a terminal, one plain line per step otherwise
 * (a pipe or a log file gets no carriage returns or escape codes), nothing at all under {@code --json}.
 */
final class Progress {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean silent;
    private final int total;
    private int done;
    private String current = "";

    /**
     * @param out where to print
     * @param terminal draw a bar in place (else one line per step)
     * @param silent print nothing at all (for {@code --json}, whose stdout is one JSON value)
     * @param total the number of steps
     */
    Progress(PrintWriter out, boolean terminal, boolean silent, int total) {
        this.out = out;
        this.terminal = terminal && !silent;
        this.silent = silent;
        this.total = total;
    }

    /** @return whether stdin and stdout are a terminal (the JDK 22+ {@code Console.isTerminal()}) */
    static boolean onTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Starts the next step. */
    void step(String what) {
        done = Math.min(done + 1, total);
        current = what;
        if (silent) {
            return;
        }
        if (terminal) {
            draw();
        } else {
            out.println("  [" + done + "/" + total + "] " + what);
            out.flush();
        }
    }

    /** Prints a line of results, keeping the bar below it on a terminal. */
    void println(String line) {
        if (silent) {
            return;
        }
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(line);
        if (terminal && done > 0 && done < total) {
            draw();
        }
        out.flush();
    }

    /** Removes the bar. */
    void finish() {
        if (terminal) {
            out.print("\r\033[K");
            out.flush();
        }
    }

    private void draw() {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        out.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
                + current);
        out.flush();
    }
}
