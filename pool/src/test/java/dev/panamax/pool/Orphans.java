package dev.panamax.pool;

import dev.panamax.pool.internal.WorkerMain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Leak check: no worker process may outlive its pool. */
final class Orphans {
    private Orphans() {
    }

    /** Fails unless every pid is gone (within 2 s) and this JVM has no WorkerMain child left. */
    static void assertGone(Collection<Long> pids) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<Long> alive = new ArrayList<>();
        do {
            alive.clear();
            for (long pid : pids) {
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    alive.add(pid);
                }
            }
            ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(WorkerMain.class.getName()))
                            .orElse(false))
                    .forEach(p -> alive.add(p.pid()));
            if (alive.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        fail("worker processes still alive: " + alive);
    }
}
