package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void sizesUseBinaryUnits() {
        assertEquals("0 B", Text.bytes(0));
        assertEquals("1023 B", Text.bytes(1023));
        assertEquals("1 KiB", Text.bytes(1024));
        assertEquals("39.1 KiB", Text.bytes(40_000));
        assertEquals("512 MiB", Text.bytes(512L << 20));
        assertEquals("1.5 GiB", Text.bytes(3L << 29));
        assertEquals("8 EiB", Text.bytes(Long.MAX_VALUE));
    }

    @Test
    void countsUseMiOnlyWhenExact() {
        assertEquals("64 Mi", Text.count(64L << 20));
        assertEquals("200000", Text.count(200_000));
        assertEquals("1048577", Text.count((1 << 20) + 1));
    }

    @Test
    void tablesAlignColumns() {
        List<String> lines = new Text.Table("NAME", ">SIZE").row("a", "1 B").row("longer", "10 KiB").lines();
        assertEquals(List.of("NAME      SIZE", "a          1 B", "longer  10 KiB"), lines);
    }
}
