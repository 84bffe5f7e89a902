package dev.panamax.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.core.DType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue's names: one per kernel, aliases for earlier spellings, and a clear error for the rest. */
class KernelTest {

    @Test
    void everyNameAndAliasFindsItsKernelAndNoNameIsShared() {
        Set<String> seen = new HashSet<>();
        for (Kernel k : Kernel.values()) {
            assertEquals(k, Kernel.of(k.id()));
            assertTrue(seen.add(k.id()), k.id());
            for (String a : k.aliases()) {
                assertEquals(k, Kernel.of(a));
                assertTrue(seen.add(a), a);
            }
        }
        assertEquals(Kernel.SUM_OF_SQUARES, Kernel.of("sumsq"));
        assertEquals(Kernel.SUM_OF_SQUARES, Kernel.of(" Sum_Of_Squares "));
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.of("sum-of-cubes"));
        assertEquals("unknown kernel 'sum-of-cubes': expected one of " + String.join(", ", Kernel.ids()),
                e.getMessage());
        assertThrows(NullPointerException.class, () -> Kernel.of(null));
    }

    @Test
    void outputTypesFollowTheResult() {
        assertEquals(DType.INT32, Kernel.COUNT_IN_RANGE_PER_ROW.outputType());
        assertEquals(DType.FLOAT64, Kernel.HYPOTENUSE_PER_ROW.outputType());
        assertEquals(DType.FLOAT64, Kernel.SUM_OF_SQUARES_PER_COLUMN.outputType());
        assertNull(Kernel.SCALE.outputType());
        assertNull(Kernel.SUM.outputType());
        for (Kernel k : Kernel.values()) {
            assertEquals(k.outputType() != null, k.onRows(), k.id());
        }
    }
}
