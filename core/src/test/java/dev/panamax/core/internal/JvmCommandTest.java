package dev.panamax.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmCommandTest {
    /** Runs in the child JVM: reports what the parent needs to check. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("vector=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
            System.out.println("heap=" + Runtime.getRuntime().maxMemory() / (1 << 20));
            System.out.println("args=" + String.join("|", args));
            System.out.println("prop=" + System.getProperty("panamax.test.child"));
        }
    }

    @Test
    void commandLineIsBinaryOptionsClassPathMainArguments() {
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx64m").mainClass(Child.class, "a", "b c").build();
        assertTrue(cmd.get(0).endsWith("/bin/java"), cmd.get(0));
        assertEquals(JvmCommand.current().javaBinary().toString(), cmd.get(0));
        assertTrue(cmd.contains(JvmCommand.NATIVE_ACCESS_FLAG), cmd.toString());
        int cp = cmd.indexOf("-cp");
        assertTrue(cp > cmd.indexOf("-Xmx64m"), cmd.toString());
        assertEquals(System.getProperty("java.class.path"), cmd.get(cp + 1));
        assertEquals(List.of(Child.class.getName(), "a", "b c"), cmd.subList(cp + 2, cmd.size()));
    }

    @Test
    void settingTheMainClassAgainReplacesItsArguments() {
        List<String> cmd = JvmCommand.current().mainClass("x.Y", "1").mainClass("x.Z", "2").build();
        assertEquals(List.of("x.Z", "2"), cmd.subList(cmd.size() - 2, cmd.size()));
    }

    @Test
    void missingMainClassAndNullArgumentsAreRefused() {
        assertEquals("no main class set",
                assertThrows(IllegalStateException.class, () -> JvmCommand.current().build()).getMessage());
        assertThrows(NullPointerException.class, () -> JvmCommand.current().jvmArg(null));
        assertThrows(NullPointerException.class, () -> JvmCommand.current().mainClass((String) null));
    }

    @Test
    void inheritableFlagsAreOnlyModuleAccessAndChronicleSettings() {
        List<String> flags = JvmCommand.inheritableFlags();
        for (String f : flags) {
            assertTrue(f.startsWith("--add-opens") || f.startsWith("--add-exports")
                    || f.startsWith("--sun-misc-unsafe-memory-access") || f.startsWith("-Dchronicle.")
                    || f.startsWith("-Dslf4j."), f);
            assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains(f), f);
        }
    }

    @Test
    void childJvmRunsWithTheVectorModuleOurClassPathAndItsOwnOptions() throws Exception {
        List<String> cmd = JvmCommand.current().jvmArg("-Xmx64m").jvmArgs(List.of("-Dpanamax.test.child=yes"))
                .mainClass(Child.class, "x", "y z").build();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit within 60 s");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            boolean parentHasVector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            assertTrue(out.contains("vector=" + parentHasVector), out);
            assertTrue(out.contains("args=x|y z"), out);
            assertTrue(out.contains("prop=yes"), out);
            long heapMiB = Long.parseLong(out.lines().filter(l -> l.startsWith("heap=")).findFirst().orElseThrow()
                    .substring(5));
            assertTrue(heapMiB <= 64, out);
        } finally {
            p.destroyForcibly();
        }
    }
}
