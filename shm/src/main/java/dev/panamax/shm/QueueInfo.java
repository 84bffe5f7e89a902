package dev.panamax.shm;

import java.util.List;

/**
 * The state of a {@link SharedQueue}, as {@link SharedQueue#info(java.nio.file.Path)} reads it from the file.
 *
 * @param capacity the ring's size in bytes
 * @param usedBytes ring bytes holding messages not yet consumed (headers and padding included)
 * @param producers how many producers the queue was created for
 * @param producersAttached how many of them have attached so far
 * @param producersClosed how many closed their side
 * @param producersDied how many were found dead without closing (by a consumer, which checks every 50 ms while it
 *                      waits)
 * @param producerPids the processes of the producers attached and running now
 * @param consumerPids the processes of the consumers attached and running now
 * @param head bytes consumed since the queue was created
 * @param tail bytes claimed by producers since the queue was created
 */
public record QueueInfo(long capacity, long usedBytes, int producers, int producersAttached, int producersClosed,
                        int producersDied, List<Long> producerPids, List<Long> consumerPids, long head, long tail) {
    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a list is null
     */
    public QueueInfo {
        producerPids = List.copyOf(producerPids);
        consumerPids = List.copyOf(consumerPids);
    }

    /** {@return whether every producer has closed or died: consumers see the end once the ring is empty} */
    public boolean ended() {
        return producersClosed + producersDied >= producers;
    }
}
