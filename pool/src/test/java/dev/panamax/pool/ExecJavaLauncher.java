package dev.panamax.pool;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a main class the way {@code mvn exec:java} does: from a {@link URLClassLoader} made of the application's
 * class path, set as the thread's context class loader, while this JVM's own {@code java.class.path} holds only
 * this launcher. Run alone from a directory that contains nothing else; depends on nothing but the JDK.
 */
public final class ExecJavaLauncher {
    private ExecJavaLauncher() {
    }

    /**
     * @param args the application class path (entries separated by the path separator), the main class, its
     *             arguments
     * @throws Exception whatever the application throws
     */
    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String e : args[0].split(File.pathSeparator)) {
            urls.add(Path.of(e).toUri().toURL());
        }
        URLClassLoader app = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(app);
        Class.forName(args[1], true, app).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
