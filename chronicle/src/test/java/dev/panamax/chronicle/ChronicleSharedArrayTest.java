package dev.panamax.chronicle;

import dev.panamax.shm.Backend;
import dev.panamax.shm.SegmentContractTest;
import dev.panamax.shm.SharedArrayContract;

/**
 * The create/open/close/unlink and bad-input contract ({@link SharedArrayContract}) and the bridge's backend contract
 * ({@link SegmentContractTest}) over {@link Backend#CHRONICLE}: the Chronicle mapping must behave, refuse, fail and
 * clean up exactly as the FFM one does.
 */
class ChronicleSharedArrayTest extends SegmentContractTest {
    @Override
    protected Backend backend() {
        return Backend.CHRONICLE;
    }
}
