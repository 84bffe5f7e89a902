package dev.panamax.shm;

/** The segment contract over the default backend, {@code FileChannel.map} into an {@code Arena}. */
class FfmSegmentContractTest extends SegmentContractTest {
    @Override
    Backend backend() {
        return Backend.FFM;
    }
}
