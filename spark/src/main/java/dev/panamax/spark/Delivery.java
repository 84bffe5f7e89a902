package dev.panamax.spark;

import dev.panamax.shm.SharedArray;

import java.io.IOException;
import java.io.Serializable;

/**
 * How the bytes of a host broadcast reach a host that does not have its segment yet: the fetching executor calls
 * {@link #fill} on the new segment while it is still unpublished, so no other process sees it half written.
 */
interface Delivery extends Serializable {

    /**
     * Copies the broadcast's data into {@code target}, whose dtype and shape are the broadcast's.
     *
     * @param target the unpublished segment on this host
     * @throws IOException if the data cannot be read
     */
    void fill(SharedArray target) throws IOException;

    /** Drops the copies that executors keep of the transfer, so only the segments hold the data; driver only. */
    void releaseExecutorCopies();

    /** Releases everything the transfer holds, on the driver and the executors; driver only. */
    void destroy();

    /** {@return a few words for messages: "12 Spark broadcasts of 8 MiB", "the file /data/x.npy"} */
    String describe();
}
