package dev.panamax.pool;

import dev.panamax.core.DType;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernels;
import dev.panamax.pool.internal.WorkerMain;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path of a pool's workers. By default it is this JVM's {@code java.class.path} and module path, completed
 * with what a launcher may keep elsewhere: the jars (or class directories) of Panamax's own modules, and the entries of
 * the {@link URLClassLoader}s that loaded the application's classes. That is how the workers find their main
 * class and the tasks under {@code mvn exec:java} (whose {@code java.class.path} is Maven's own launcher), an IDE
 * runner or an application server. An explicit class path ({@link WorkerPool.Builder#classPath}) replaces it.
 */
final class WorkerClassPath {
    private final List<Path> entries;
    private final Set<Path> normalized;

    private WorkerClassPath(List<Path> entries) {
        this.entries = List.copyOf(entries);
        Set<Path> n = new LinkedHashSet<>();
        for (Path p : entries) {
            n.add(normalize(p));
        }
        this.normalized = n;
    }

    /**
     * @param explicit   the class path the user gave, or null for the default
     * @param loaders    class loaders whose URL class paths the workers need too (the initializer's, the caller's
     *                   context loader); nulls are skipped
     * @return the workers' class path
     */
    static WorkerClassPath of(List<Path> explicit, ClassLoader... loaders) {
        if (explicit != null) {
            return new WorkerClassPath(explicit);
        }
        Set<Path> out = new LinkedHashSet<>();
        // An application on the module path has its modules (its task classes among them) there, not on the class
        // path; workers run everything on the class path, where a modular jar is a plain jar.
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            for (String e : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!e.isEmpty()) {
                    out.add(Path.of(e));
                }
            }
        }
        Set<Path> seen = new LinkedHashSet<>();
        for (Path p : out) {
            seen.add(normalize(p));
        }
        for (Class<?> c : List.of(WorkerMain.class, SharedArray.class, Kernels.class, DType.class)) {
            Path p = codeSource(c);
            if (p != null && seen.add(normalize(p))) {
                out.add(p);
            }
        }
        for (ClassLoader l : loaders) {
            for (ClassLoader c = l; c != null; c = c.getParent()) {
                if (c instanceof URLClassLoader u) {
                    for (URL url : u.getURLs()) {
                        Path p = fileOf(url);
                        if (p != null && seen.add(normalize(p))) {
                            out.add(p);
                        }
                    }
                }
            }
        }
        return new WorkerClassPath(new ArrayList<>(out));
    }

    /** @return the entries, in order */
    List<Path> entries() {
        return entries;
    }

    /** @return the {@code -cp} argument */
    String argument() {
        List<String> s = new ArrayList<>(entries.size());
        for (Path p : entries) {
            s.add(p.toString());
        }
        return String.join(File.pathSeparator, s);
    }

    /**
     * Whether a worker can load {@code c} by name: it comes from an entry of this class path, or it is a class of
     * the JDK. Classes whose origin is unknown (generated, or from a nested jar) are not loadable.
     *
     * @param c a class
     * @return null if the workers can load it, else where it came from (for a message)
     */
    String whyNotLoadable(Class<?> c) {
        if (c.getClassLoader() == null || c.getClassLoader() == ClassLoader.getPlatformClassLoader()) {
            return null;
        }
        Path p = codeSource(c);
        if (p == null) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return "it comes from " + (cs == null || cs.getLocation() == null ? "no file" : cs.getLocation())
                    + ", which a worker cannot put on its class path";
        }
        return normalized.contains(normalize(p)) ? null : "it comes from " + p + ", which is not on it";
    }

    private static Path codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? null : fileOf(cs.getLocation());
    }

    private static Path fileOf(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            Path p = Path.of(url.toURI());
            return Files.exists(p) ? p : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path normalize(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    @Override
    public String toString() {
        return argument();
    }
}
