package dev.panamax.spark;

import dev.panamax.shm.NoSuchSegmentException;
import dev.panamax.shm.SharedArray;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's side of host broadcasts: the driver's own segment of each, the Spark context it belongs to, and a
 * listener per application that removes them when the application ends.
 */
final class Published {
    private static final System.Logger LOG = System.getLogger("dev.panamax.spark");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, State> BY_NAME = new ConcurrentHashMap<>();
    private static final Set<String> DESTROYED = ConcurrentHashMap.newKeySet();
    private static final Set<String> LISTENING = ConcurrentHashMap.newKeySet();

    private Published() {
    }

    /** What the driver holds for one broadcast. */
    record State(HostBroadcast broadcast, SharedArray driverCopy, JavaSparkContext sc) {
    }

    /** {@return the segment name prefix of an application: {@code pmx-spark-<application id>-}} */
    static String prefix(String appId) {
        return "pmx-spark-" + appId.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
    }

    /** {@return a name no other broadcast of any application has: the prefix, a sequence number, 48 random bits} */
    static String newName(String appId) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return prefix(appId) + SEQUENCE.incrementAndGet() + "-" + HexFormat.of().formatHex(random);
    }

    static void register(JavaSparkContext sc, HostBroadcast b, SharedArray driverCopy) {
        BY_NAME.put(b.name(), new State(b, driverCopy, sc));
        if (LISTENING.add(b.appId())) {
            sc.sc().addSparkListener(new ApplicationEnd(b.appId()));
        }
    }

    /**
     * {@return the driver's state of a broadcast}
     *
     * @throws IllegalStateException if it was destroyed, or this JVM is not the driver that published it
     */
    static State require(String name, String what) {
        State s = BY_NAME.get(name);
        if (s != null) {
            return s;
        }
        if (DESTROYED.contains(name)) {
            throw new IllegalStateException("host broadcast '" + name + "' was destroyed: " + what
                    + " needs a live broadcast");
        }
        throw new IllegalStateException(what + " runs on the driver that published host broadcast '" + name
                + "', not in this JVM (pid " + ProcessHandle.current().pid() + ")");
    }

    /** {@return whether this JVM published the broadcast and destroyed it since} */
    static boolean destroyed(String name) {
        return DESTROYED.contains(name);
    }

    /**
     * Forgets a broadcast and returns its state, once.
     *
     * @return the state, or null if it was destroyed already or was never published here
     */
    static State remove(String name) {
        State s = BY_NAME.remove(name);
        if (s != null) {
            DESTROYED.add(name);
        }
        return s;
    }

    /** Removes the driver's segment and the transfer of a broadcast; executors are left to their own cleanup. */
    static void releaseOnDriver(State s) {
        String name = s.broadcast().name();
        try {
            s.broadcast().delivery().destroy();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not destroy the transfer of host broadcast '" + name + "': "
                    + e.getMessage());
        }
        HostSegments.release(name);
        try {
            s.driverCopy().unlink();
        } catch (NoSuchSegmentException e) {
            // Someone unlinked it by hand; nothing is left to remove.
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not unlink segment '" + name + "': " + e.getMessage()
                    + " (panamax gc collects it after this driver exits)");
        } finally {
            s.driverCopy().close();
        }
    }

    /** The application ended: remove every broadcast it published from this host, and this JVM's mappings. */
    static void endApplication(String appId) {
        for (State s : BY_NAME.values()) {
            if (s.broadcast().appId().equals(appId) && remove(s.broadcast().name()) != null) {
                releaseOnDriver(s);
            }
        }
        HostSegments.releaseApplication(appId);
        LISTENING.remove(appId);
    }

    /** Removes an application's host broadcasts from the driver's host when the application ends. */
    private static final class ApplicationEnd extends SparkListener {
        private final String appId;

        ApplicationEnd(String appId) {
            this.appId = appId;
        }

        @Override
        public void onApplicationEnd(SparkListenerApplicationEnd end) {
            endApplication(appId);
        }
    }
}
