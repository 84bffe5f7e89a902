package dev.panamax.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/**
 * A child JVM for the parent-death test: starts a pool of 2 workers, keeps one busy in a long task, writes the
 * worker pids to the file named by args[0] (atomically) and waits to be killed.
 */
public final class PoolHolderMain {
    private PoolHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerPool pool = WorkerPool.builder().warmUp(false).workers(2).jvmArgs("-Xmx32m").start();
        pool.submit(TestTasks.Sleep.class, 600_000L);
        Path out = Path.of(args[0]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, pool.workerPids().stream().map(String::valueOf).collect(Collectors.joining(",")));
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(600_000);
    }
}
