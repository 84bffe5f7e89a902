package dev.panamax.shm;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real isolation for tests: a second user ({@code runuser -u nobody}) and a new pid namespace ({@code unshare
 * --pid}). Each skips the calling test, with the reason, where the machine refuses it.
 */
final class Isolation {
    private Isolation() {
    }

    /**
     * @return the command prefix that runs a child as user {@code nobody}: {@code setpriv}, which execs the command
     *         itself (unlike {@code runuser}, which forks), so the child's pid is the command's and a kill reaches it
     */
    static List<String> asNobody() throws InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "running as another user needs root (setpriv); this test runs as " + System.getProperty("user.name"));
        List<String> prefix = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
        Assumptions.assumeTrue(runs(prefix, "true"), "setpriv --reuid=nobody is refused on this machine");
        return prefix;
    }

    /** @return the command prefix that runs a child as pid 1 of a new pid namespace with its own /proc */
    static List<String> newPidNamespace() throws InterruptedException {
        List<String> prefix = List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");
        Assumptions.assumeTrue(runs(prefix, "true"), "unshare --pid --fork --mount-proc is refused on this machine "
                + "(needs root or user namespaces)");
        return prefix;
    }

    /** Keeps the class path entries another user can read (the local Maven repository under /root is not). */
    static UnaryOperator<String> worldReadableClassPath() {
        return cp -> {
            List<String> keep = new ArrayList<>();
            for (String e : cp.split(File.pathSeparator)) {
                if (worldReadable(Path.of(e))) {
                    keep.add(e);
                }
            }
            return String.join(File.pathSeparator, keep);
        };
    }

    /**
     * Makes a directory that every user may enter and create files in, sticky like {@code /dev/shm}, and makes the
     * directories above it (up to {@code base}) enterable.
     */
    static Path sharedDirectory(Path base, String name) throws IOException {
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path d = Files.createDirectory(base.resolve(name));
        chmod(d, "1777");
        return d;
    }

    /** @return whether {@code path} and every directory above it may be read and entered by any user */
    private static boolean worldReadable(Path path) {
        try {
            Path p = path.toAbsolutePath();
            if (!Files.exists(p) || !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ)) {
                return false;
            }
            for (Path d = Files.isDirectory(p) ? p : p.getParent(); d != null; d = d.getParent()) {
                if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static void chmod(Path p, String mode) throws IOException {
        try {
            if (!runs(List.of(), "chmod", mode, p.toString())) {
                throw new IOException("chmod " + mode + " " + p + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static boolean runs(List<String> prefix, String... cmd) throws InterruptedException {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(cmd));
        try {
            Process p = new ProcessBuilder(all).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
