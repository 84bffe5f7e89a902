package dev.panamax.pool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An application that uses a pool with the default class path: prints the result of a task, or the message of the
 * pool's start failure. With an argument, it sets that as the workers' class path instead.
 */
public final class PoolUserMain {
    private PoolUserMain() {
    }

    /**
     * @param args optionally, one explicit class path entry for the workers
     * @throws Exception if the task fails
     */
    public static void main(String[] args) throws Exception {
        WorkerPool.Builder b = WorkerPool.builder().workers(1).warmUp(false);
        if (args.length > 0) {
            b.classPath(List.of(Path.of(args[0]))).startTimeout(java.time.Duration.ofSeconds(30));
        }
        try (WorkerPool pool = b.start()) {
            System.out.println("class path: " + pool.classPath());
            System.out.println("result: " + pool.submit(TestTasks.Square.class, 7L).join());
        } catch (IOException e) {
            System.out.println("start failed: " + e.getMessage());
        }
    }
}
