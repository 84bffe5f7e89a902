package dev.panamax.spark;

import dev.panamax.shm.SharedArray;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Delivery through Spark's own broadcast: the data cut into chunks, one {@code Broadcast<byte[]>} each, so that
 * Spark's torrent distribution (executors fetch pieces from the driver and from each other) carries the bytes and
 * the fetching executor copies them into the segment one chunk at a time.
 *
 * <p>Memory: the driver keeps the chunks in its block manager for the life of the broadcast (so that executors on
 * new hosts can fetch them later), as Spark does for its own broadcasts. A fetching executor keeps the chunks it
 * read in its block manager until {@link #releaseExecutorCopies()} ({@code HostBroadcast.materialize()} calls it).
 */
final class ChunkDelivery implements Delivery {
    private static final long serialVersionUID = 1L;
    /** Chunks fetched at once by the fetching executor: overlaps Spark's fetches with the copies. */
    private static final int FETCH_THREADS = 4;

    private final ArrayList<Broadcast<byte[]>> chunks;
    private final int chunkBytes;
    private final long totalBytes;

    private ChunkDelivery(ArrayList<Broadcast<byte[]>> chunks, int chunkBytes, long totalBytes) {
        this.chunks = chunks;
        this.chunkBytes = chunkBytes;
        this.totalBytes = totalBytes;
    }

    /** Broadcasts {@code data} in chunks of {@code chunkBytes} (the last one shorter); driver only. */
    static ChunkDelivery broadcast(JavaSparkContext sc, MemorySegment data, int chunkBytes) {
        long total = data.byteSize();
        ArrayList<Broadcast<byte[]>> chunks = new ArrayList<>();
        try {
            for (long off = 0; off < total; off += chunkBytes) {
                int len = (int) Math.min(chunkBytes, total - off);
                byte[] chunk = new byte[len];
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, chunk, 0, len);
                chunks.add(sc.broadcast(chunk));
            }
        } catch (RuntimeException | Error e) {
            chunks.forEach(Broadcast::destroy);
            throw e;
        }
        return new ChunkDelivery(chunks, chunkBytes, total);
    }

    @Override
    public void fill(SharedArray target) throws IOException {
        MemorySegment dst = target.segment();
        if (dst.byteSize() != totalBytes) {
            throw new IllegalStateException("segment '" + target.name() + "' has " + dst.byteSize()
                    + " bytes of data, the broadcast " + totalBytes);
        }
        if (chunks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(FETCH_THREADS, chunks.size()), r -> {
            Thread t = new Thread(r, "panamax-host-broadcast-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                int index = i;
                done.add(pool.submit(() -> copyChunk(index, dst)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + describe() + " for segment '" + target.name() + "'", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("could not fetch " + describe() + " for segment '" + target.name() + "': "
                    + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void copyChunk(int index, MemorySegment dst) {
        long off = (long) index * chunkBytes;
        int len = (int) Math.min(chunkBytes, totalBytes - off);
        byte[] chunk = chunks.get(index).value();
        if (chunk.length != len) {
            throw new IllegalStateException("chunk " + index + " has " + chunk.length + " bytes, expected " + len);
        }
        MemorySegment.copy(chunk, 0, dst, ValueLayout.JAVA_BYTE, off, len);
    }

    @Override
    public void releaseExecutorCopies() {
        for (Broadcast<byte[]> b : chunks) {
            b.unpersist(true);
        }
    }

    @Override
    public void destroy() {
        for (Broadcast<byte[]> b : chunks) {
            b.destroy();
        }
    }

    @Override
    public String describe() {
        return chunks.size() + " Spark broadcast" + (chunks.size() == 1 ? "" : "s") + " of up to " + chunkBytes
                + " bytes";
    }
}
