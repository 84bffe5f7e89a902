package dev.panamax.cli;

import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.Segments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code panamax gc [--dry-run]}: removes {@code process} segments whose creator is gone. */
@Command(name = "gc", description = {"Remove segments of lifetime 'process' whose creating process is gone.",
        "Persistent segments and plain .npy files are never touched."})
final class GcCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Option(names = "--dry-run", description = "Only show what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        Path dir = root.directory();
        List<SegmentInfo> removed = Segments.gc(dir, dryRun);
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", dryRun);
            m.put("removed", Segs.json(removed));
            root.out().println(Json.write(m));
            return 0;
        }
        if (removed.isEmpty()) {
            root.out().println("nothing to collect in " + dir);
        }
        for (SegmentInfo s : removed) {
            root.out().println((dryRun ? "would remove " : "removed ") + s.name() + " (" + Text.bytes(s.bytes())
                    + ", creator pid " + s.creatorPid() + " gone)");
        }
        return 0;
    }
}
