package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void commandNameSkipsGlobalOptionsAndTheirValues() {
        assertEquals("list", Main.commandName("--dir", "compute", "--backend", "ffm", "--json", "list"));
        assertEquals("info", Main.commandName("--dir=/x", "--backend=chronicle", "--verbose", "info", "a"));
        assertEquals("demo", Main.commandName("demo", "--json"));
    }

    @Test
    void helpVersionUnknownAndMissingCommandsRegisterEverything() {
        assertNull(Main.commandName());
        assertNull(Main.commandName("--help"));
        assertNull(Main.commandName("-V"));
        assertNull(Main.commandName("help", "compute"));
        assertNull(Main.commandName("frobnicate"));
        assertNull(Main.commandName("--dir", "/x"));
    }
}
