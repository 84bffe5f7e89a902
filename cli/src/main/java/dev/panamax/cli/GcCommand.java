package dev.panamax.cli;

import dev.panamax.shm.GcResult;
import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.Segments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code panamax gc [--dry-run]}: removes {@code process} segments whose creator is certainly gone. Goes on past a
 * file it cannot remove: what was removed goes to stdout, then one stderr line names every failure, and the exit
 * status is 1.
 */
@Command(name = "gc", description = {"Remove segments of lifetime 'process' whose creating process is certainly "
        + "gone, and temporary files of creates that died.",
        "Never removes a segment that any process maps, one whose creator ran in another pid namespace or on another "
                + "machine (it cannot tell), persistent segments, plain .npy files, or other users' files (unless "
                + "--allow-foreign).",
        "Goes on past files it cannot remove, names them, and exits with status 1."})
final class GcCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Option(names = "--dry-run", description = "Only show what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        Path dir = root.directory();
        GcResult r = Segments.gc(dir, dryRun, root.allowForeign);
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", dryRun);
            m.put("removed", Segs.json(r.removed()));
            List<Map<String, Object>> failed = new ArrayList<>();
            for (GcResult.Failure f : r.failed()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("name", f.name());
                fm.put("path", f.path().toString());
                fm.put("error", Main.message(f.error()));
                failed.add(fm);
            }
            m.put("failed", failed);
            root.out().println(Json.write(m));
        } else {
            if (r.removed().isEmpty() && r.ok()) {
                root.out().println("nothing to collect in " + Text.printable(dir.toString()));
            }
            for (SegmentInfo s : r.removed()) {
                root.out().println((dryRun ? "would remove " : "removed ") + Text.printable(s.name()) + " ("
                        + Text.bytes(s.bytes()) + ", " + (s.name().startsWith(".") ? "temporary file of a create, " : "")
                        + "creator pid " + s.creatorPid() + " gone)");
            }
        }
        if (!r.ok()) {
            root.out().flush();
            List<String> why = new ArrayList<>();
            for (GcResult.Failure f : r.failed()) {
                why.add(f.name() + " (" + Main.message(f.error()) + ")");
            }
            throw new CliException("gc could not remove " + r.failed().size() + (r.failed().size() == 1 ? " file" : " files")
                    + " in " + dir + ": " + String.join("; ", why) + (r.removed().isEmpty() ? ""
                    : "; the " + r.removed().size() + " listed on stdout " + (dryRun ? "would be" : "were") + " removed"));
        }
        return 0;
    }
}
