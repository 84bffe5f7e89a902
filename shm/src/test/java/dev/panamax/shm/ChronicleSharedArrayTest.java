package dev.panamax.shm;

/**
 * The create/open/close/unlink and bad-input contract ({@link SharedArrayContract}) over {@link Backend#CHRONICLE}:
 * the Chronicle mapping must refuse, fail and clean up exactly as the FFM one does.
 */
class ChronicleSharedArrayTest extends SharedArrayContract {
    @Override
    protected Backend backend() {
        return Backend.CHRONICLE;
    }
}
