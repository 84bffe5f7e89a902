package dev.panamax.cli;

import dev.panamax.shm.NoSuchSegmentException;
import dev.panamax.shm.Segments;
import dev.panamax.shm.SharedArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code panamax unlink NAME…}, like {@code ipcrm}. All or nothing for what it can check: every name must exist
 * before any is removed, so a typo in the third name does not leave the first two gone.
 */
@Command(name = "unlink", description = {"Remove segments by name. Processes that have them mapped keep their "
        + "mapping until they close it.", "Every name must exist; otherwise nothing is removed."})
final class UnlinkCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Segment names.")
    List<String> names;

    @Override
    public Integer call() throws IOException {
        Path dir = root.directory();
        LinkedHashSet<String> unique = new LinkedHashSet<>(names);
        List<String> missing = new ArrayList<>();
        for (String n : unique) {
            try {
                Segments.info(n, dir);
            } catch (NoSuchSegmentException e) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            throw new CliException((missing.size() == 1 ? "no segment " : "no segments ") + String.join(", ", missing)
                    + " in " + dir + "; nothing unlinked");
        }
        List<String> done = new ArrayList<>();
        for (String n : unique) {
            SharedArray.unlink(n, dir);
            done.add(n);
            if (!root.json) {
                root.out().println("unlinked " + n);
            }
        }
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("unlinked", done);
            root.out().println(Json.write(m));
        }
        return 0;
    }
}
