package dev.panamax.cli;

import static dev.panamax.cli.CliRun.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.pool.PoolKernels;
import dev.panamax.simd.Kernel;
import dev.panamax.simd.KernelOps;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel catalogue ({@link Kernel}) is the one list: the table in docs/kernels.md is generated from it, every
 * entry has its {@link KernelOps} and {@link PoolKernels} method, and {@code compute} takes every name and alias.
 */
class KernelCatalogueTest {
    private static final String BEGIN = "<!-- kernel catalogue: generated from dev.panamax.simd.Kernel, checked by "
            + "KernelCatalogueTest -->";
    private static final String END = "<!-- end of kernel catalogue -->";

    @TempDir
    Path dir;

    /** The table docs/kernels.md must hold between the markers. */
    static String table() {
        StringBuilder t = new StringBuilder("| kernel (`compute` name) | method | takes | gives | computes |\n");
        t.append("|---|---|---|---|---|\n");
        for (Kernel k : Kernel.values()) {
            List<String> aka = new ArrayList<>();
            k.aliases().forEach(a -> aka.add("`" + a + "`"));
            String takes = switch (k.argument()) {
                case NONE -> "–";
                case SECOND_ARRAY -> "a second array (`--with`)";
                case RANGE -> "`lo`, `hi` (`--lo --hi`)";
                case FACTOR -> "a factor (`--by`)";
                case COLUMNS -> "two columns (`--columns`)";
            };
            String gives = switch (k.result()) {
                case NUMBER -> "one number";
                case IN_PLACE -> "nothing (in place)";
                case PER_ROW -> "one " + k.outputType().numpyName() + " per row (`--out`)";
                case PER_COLUMN -> "one " + k.outputType().numpyName() + " per column (`--out`)";
            };
            t.append("| `").append(k.id()).append('`').append(aka.isEmpty() ? "" : " (also " + String.join(", ", aka)
                    + ")").append(" | `").append(k.method()).append("` | ").append(takes).append(" | ").append(gives)
                    .append(" | ").append(k.summary()).append(" |\n");
        }
        return t.toString();
    }

    @Test
    void theDocsTableIsGeneratedFromTheCatalogue() throws IOException {
        Path page = DocSnippets.repositoryRoot().resolve("docs/kernels.md");
        String text = Files.readString(page);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertTrue(from >= 0 && to > from, page + " lacks the markers " + BEGIN + " ... " + END);
        String between = text.substring(from + BEGIN.length(), to).strip() + "\n";
        assertEquals(table(), between, "regenerate the table in " + page + " from the catalogue:\n" + table());
    }

    @Test
    void everyKernelHasItsKernelOpsAndPoolMethod() {
        for (Kernel k : Kernel.values()) {
            assertTrue(hasPublic(KernelOps.class, k.method()), "KernelOps." + k.method() + " for " + k);
            assertTrue(hasPublic(PoolKernels.class, k.method()), "PoolKernels." + k.method() + " for " + k);
        }
    }

    private static boolean hasPublic(Class<?> type, String name) {
        return Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(name::equals)
                && Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name))
                .allMatch(m -> Modifier.isPublic(m.getModifiers()));
    }

    @Test
    void computeTakesEveryNameAndAliasAndListsTheNames() {
        in(dir, "create", "v", "--dtype", "int32", "--shape", "100", "--fill", "range").ok();
        assertEquals(328350L, in(dir, "compute", "sum-of-squares", "v", "--json").ok().json().get("result"));
        assertEquals(328350L, in(dir, "compute", "sumsq", "v", "--json").ok().json().get("result"));
        assertEquals(5L, in(dir, "compute", "count", "v", "--lo", "4", "--hi", "8", "--json").ok().json()
                .get("result"));
        String err = in(dir, "compute", "sum-of-cubes", "v").fails(2).err();
        for (String id : Kernel.ids()) {
            assertTrue(err.contains(id), err);
        }
        String help = in(dir, "compute", "--help").ok().out();
        for (String id : Kernel.ids()) {
            assertTrue(help.contains(id), "compute --help names " + id + ":\n" + help);
        }
    }
}
