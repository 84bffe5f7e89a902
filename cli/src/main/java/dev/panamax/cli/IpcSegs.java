package dev.panamax.cli;

import dev.panamax.shm.QueueInfo;
import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.SharedLock;
import dev.panamax.shm.SharedQueue;
import dev.panamax.shm.SharedSemaphore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code list} and {@code info} add for queues, locks and semaphores ({@code user.panamax.kind}), beside
 * {@link Segs}: the state read from the file (capacity, bytes used, producers and consumers attached; a lock's
 * holder; a semaphore's free permits).
 */
final class IpcSegs {
    private IpcSegs() {
    }

    private static Optional<QueueInfo> queue(SegmentInfo s) {
        return s.path() == null ? Optional.empty() : SharedQueue.info(s.path());
    }

    private static OptionalLong lock(SegmentInfo s) {
        return s.path() == null ? OptionalLong.empty() : SharedLock.holderPid(s.path());
    }

    private static OptionalLong semaphore(SegmentInfo s) {
        return s.path() == null ? OptionalLong.empty() : SharedSemaphore.permits(s.path());
    }

    /** @return the DTYPE cell of {@code list}: "queue", "lock", "semaphore", or {@code dtype} for arrays */
    static String dtypeCell(SegmentInfo s, String dtype) {
        return queue(s).isPresent() ? "queue" : lock(s).isPresent() ? "lock"
                : semaphore(s).isPresent() ? "semaphore" : dtype;
    }

    /** @return the SHAPE cell of {@code list}: a queue's or lock's state, or {@code shape} for arrays */
    static String shapeCell(SegmentInfo s, String shape) {
        Optional<QueueInfo> q = queue(s);
        if (q.isPresent()) {
            QueueInfo i = q.get();
            return Text.bytes(i.usedBytes()) + " of " + Text.bytes(i.capacity()) + ", producers "
                    + i.producerPids().size() + "/" + i.producers() + ", consumers " + i.consumerPids().size()
                    + (i.ended() ? ", ended" : "");
        }
        OptionalLong l = lock(s);
        if (l.isPresent()) {
            return l.getAsLong() == 0 ? "free" : "held by " + l.getAsLong();
        }
        OptionalLong p = semaphore(s);
        return p.isPresent() ? p.getAsLong() + " permits free" : shape;
    }

    /** Adds {@code "kind"} and a {@code "queue"}, {@code "lock"} or {@code "semaphore"} object to a segment's JSON. */
    static void json(SegmentInfo s, Map<String, Object> m) {
        Optional<QueueInfo> q = queue(s);
        if (q.isPresent()) {
            QueueInfo i = q.get();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("capacity", i.capacity());
            j.put("used_bytes", i.usedBytes());
            j.put("producers", i.producers());
            j.put("producers_attached", i.producersAttached());
            j.put("producers_closed", i.producersClosed());
            j.put("producers_died", i.producersDied());
            j.put("producer_pids", i.producerPids());
            j.put("consumer_pids", i.consumerPids());
            j.put("ended", i.ended());
            m.put("kind", "queue");
            m.put("queue", j);
            return;
        }
        OptionalLong l = lock(s);
        if (l.isPresent()) {
            m.put("kind", "lock");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("holder_pid", l.getAsLong() == 0 ? null : l.getAsLong());
            m.put("lock", j);
            return;
        }
        OptionalLong p = semaphore(s);
        if (p.isPresent()) {
            m.put("kind", "semaphore");
            m.put("semaphore", Map.of("permits", p.getAsLong()));
        }
    }

    /** Adds the lines of {@code info} for a queue, a lock or a semaphore. */
    static void describe(SegmentInfo s, Text.Table t) {
        Optional<QueueInfo> q = queue(s);
        if (q.isPresent()) {
            QueueInfo i = q.get();
            t.row("kind:", "queue (" + (i.ended() ? "ended: every producer closed or died" : "open") + ")");
            t.row("capacity:", Text.bytes(i.capacity()) + " ring (" + i.capacity() + " bytes), messages up to "
                    + Text.bytes(i.capacity() / 8));
            t.row("used:", Text.bytes(i.usedBytes()) + " (" + i.usedBytes() + " bytes)");
            t.row("producers:", i.producers() + " expected, " + i.producersAttached() + " attached, "
                    + i.producersClosed() + " closed, " + i.producersDied() + " died; running: " + pids(i.producerPids()));
            t.row("consumers:", pids(i.consumerPids()));
            return;
        }
        OptionalLong l = lock(s);
        if (l.isPresent()) {
            t.row("kind:", "lock");
            t.row("holder:", l.getAsLong() == 0 ? "free" : Long.toString(l.getAsLong()));
            return;
        }
        OptionalLong p = semaphore(s);
        if (p.isPresent()) {
            t.row("kind:", "semaphore");
            t.row("permits:", p.getAsLong() + " free");
        }
    }

    private static String pids(List<Long> pids) {
        return pids.isEmpty() ? "-" : String.join(",", pids.stream().map(String::valueOf).toList());
    }
}
