package dev.panamax.spark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorApiCheckTest {
    @Test
    void nativeAccessIsReadFromEveryFormOfTheFlag() {
        assertTrue(VectorApiCheck.nativeAccessGranted(List.of("--enable-native-access=ALL-UNNAMED"), "ALL-UNNAMED"));
        assertTrue(VectorApiCheck.nativeAccessGranted(List.of("-Xmx1g", "--enable-native-access", "ALL-UNNAMED"),
                "ALL-UNNAMED"));
        assertTrue(VectorApiCheck.nativeAccessGranted(List.of("--enable-native-access=a.b,ALL-UNNAMED"),
                "ALL-UNNAMED"));
        assertTrue(VectorApiCheck.nativeAccessGranted(List.of("--illegal-native-access=allow"), "ALL-UNNAMED"));
        assertTrue(VectorApiCheck.nativeAccessGranted(List.of("--enable-native-access=dev.panamax.shm"),
                "dev.panamax.shm"));
        assertFalse(VectorApiCheck.nativeAccessGranted(List.of("--enable-native-access=dev.panamax.shm"),
                "ALL-UNNAMED"));
        assertFalse(VectorApiCheck.nativeAccessGranted(List.of("--enable-native-access"), "ALL-UNNAMED"));
        assertFalse(VectorApiCheck.nativeAccessGranted(List.of(), "ALL-UNNAMED"));
    }

    @Test
    void thisTestJvmHasEverything() {
        JvmReport r = VectorApiCheck.thisJvm();
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of(), r.missingFlags());
        assertEquals("none", r.executorId());
        assertEquals(ProcessHandle.current().pid(), r.pid());
    }
}
