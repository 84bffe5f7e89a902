package dev.panamax.shm;

/**
 * The segment contract over {@link Backend#CHRONICLE} ({@link ChronicleMapping}). Needs Chronicle's JDK 25 flags,
 * which shm/pom.xml gives this module's tests.
 */
class ChronicleSegmentContractTest extends SegmentContractTest {
    @Override
    Backend backend() {
        return Backend.CHRONICLE;
    }
}
