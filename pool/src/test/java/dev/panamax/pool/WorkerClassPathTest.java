package dev.panamax.pool;

import dev.panamax.core.internal.JvmCommand;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workers' class path where the application's class path is not {@code java.class.path}, and when it is wrong. */
class WorkerClassPathTest {
    /** Where this test JVM found Panamax's modules, the tests and what they need. */
    private static List<Path> applicationClassPath() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            out.add(Path.of(e));
        }
        return new ArrayList<>(out);
    }

    /** Runs {@code main} in a child JVM like {@code exec:java}: {@code java.class.path} holds only the launcher. */
    private static String runLikeExecJava(Path tmp, Class<?> main, String... args) throws Exception {
        Path launcherDir = tmp.resolve("launcher");
        String rel = ExecJavaLauncher.class.getName().replace('.', '/') + ".class";
        Path src = Path.of(ExecJavaLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(rel);
        Files.createDirectories(launcherDir.resolve(rel).getParent());
        Files.copy(src, launcherDir.resolve(rel));
        List<String> appCp = new ArrayList<>();
        for (Path p : applicationClassPath()) {
            appCp.add(p.toString());
        }
        List<String> cmd = JvmCommand.current().classPath(launcherDir.toString()).jvmArg("-Duser.home=" + tmp)
                .mainClass(ExecJavaLauncher.class.getName(), prepend(String.join(File.pathSeparator, appCp),
                        main.getName(), args)).build();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finishes");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String[] prepend(String a, String b, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    @Test
    void workersFindPanamaxAndTheTasksWhenTheClassPathIsNotJavaClassPath(@TempDir Path tmp) throws Exception {
        String out = runLikeExecJava(tmp, PoolUserMain.class);
        assertTrue(out.contains("result: 49"), out);
        assertTrue(out.contains(location(WorkerPool.class)), "the workers got Panamax's pool module: " + out);
        assertTrue(out.contains(location(SharedArray.class)), out);
        assertTrue(out.contains(location(Kernels.class)), out);
    }

    @Test
    void aWorkerThatCannotStartFailsStartWithItsOwnWordsItsClassPathAndItsCommandAndLeavesNoCache(@TempDir Path tmp)
            throws Exception {
        // A class path of one jar that holds no worker: the JVM cannot find the main class. A jar-only class path
        // would also train an AOT cache; none may be kept for a pool that never started.
        Path junitJar = Path.of(Test.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String out = runLikeExecJava(tmp, PoolUserMain.class, junitJar.toString());
        assertTrue(out.contains("start failed: worker 0 (pid "), out);
        assertTrue(out.contains("Could not find or load main class dev.panamax.pool.internal.WorkerMain"), out);
        assertTrue(out.contains("its class path: " + junitJar), out);
        assertTrue(out.contains("its java command: "), out);
        assertTrue(out.contains("dev.panamax.pool.internal.WorkerMain 0"), out);
        String stderr = out.substring(out.indexOf("its stderr:"), out.indexOf("; its class path:"));
        assertTrue(!stderr.contains("AOT"), "the worker's words, without AOT housekeeping: " + stderr);
        Path cache = tmp.resolve(".cache").resolve("panamax");
        if (Files.isDirectory(cache)) {
            try (Stream<Path> s = Files.list(cache)) {
                List<String> aot = s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".aot")).toList();
                assertEquals(List.of(), aot, "no AOT cache is kept for a pool that never started");
            }
        }
    }

    @Test
    void aTaskClassTheWorkersCannotLoadIsRefusedInTheCaller() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).warmUp(false).workerOutput(l -> { }).start()) {
            Path elsewhere = Files.createTempDirectory("panamax-elsewhere-");
            try {
                Class<?> copy = loadCopy(StandaloneTask.class, elsewhere);
                @SuppressWarnings("unchecked")
                Class<? extends Task> task = (Class<? extends Task>) copy;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.submit(task));
                assertTrue(e.getMessage().contains("cannot be loaded by the workers: it comes from " + elsewhere),
                        e.getMessage());
                assertTrue(e.getMessage().contains("WorkerPool.Builder.classPath"), e.getMessage());
            } finally {
                try (Stream<Path> s = Files.walk(elsewhere)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLambdaWhoseClassTheWorkersCannotLoadIsRefusedInTheCaller() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().workers(1).warmUp(false).workerOutput(l -> { }).start()) {
            assertEquals(12L, pool.call(StandaloneFunction.TRIPLE, 4L).join(), "from the class path: it runs");
            Path elsewhere = Files.createTempDirectory("panamax-elsewhere-");
            try {
                Class<?> copy = loadCopy(StandaloneFunction.class, elsewhere);
                Remote.Fn1<Long, Long> triple = (Remote.Fn1<Long, Long>) copy.getField("TRIPLE").get(null);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> pool.call(triple, 4L));
                assertTrue(e.getMessage().contains("cannot be loaded by the workers: it comes from " + elsewhere),
                        e.getMessage());
            } finally {
                try (Stream<Path> s = Files.walk(elsewhere)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Loads a copy of a class from another directory, through a class loader the workers know nothing of. */
    private static Class<?> loadCopy(Class<?> c, Path dir) throws Exception {
        String rel = c.getName().replace('.', '/') + ".class";
        Path src = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(rel);
        Files.createDirectories(dir.resolve(rel).getParent());
        Files.copy(src, dir.resolve(rel));
        java.net.URLClassLoader l = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                WorkerClassPathTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(c.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> found = findLoadedClass(name);
                        return found != null ? found : findClass(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return l.loadClass(c.getName());
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void workersGetTheModulePathOfAnApplicationThatRunsOnIt(@TempDir Path tmp) {
        // A JVM started with --module-path has its application modules there; java.class.path may be empty.
        Path app = tmp.resolve("app.jar");
        Path lib = tmp.resolve("lib");
        String before = System.getProperty("jdk.module.path");
        System.setProperty("jdk.module.path", app + File.pathSeparator + lib);
        try {
            List<Path> entries = WorkerClassPath.of(null).entries();
            assertTrue(entries.contains(app) && entries.contains(lib), entries.toString());
        } finally {
            if (before == null) {
                System.clearProperty("jdk.module.path");
            } else {
                System.setProperty("jdk.module.path", before);
            }
        }
    }

    @Test
    void anEmptyExplicitClassPathIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkerPool.builder().classPath(List.of()));
        assertThrows(NullPointerException.class, () -> WorkerPool.builder().classPath(null));
    }

}
