package dev.panamax.cli;

/** Entry point of the {@code panamax} command. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.out.println("hello " + String.join(" ", args));
    }
}
