package dev.panamax.cli;

import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.Segments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code panamax list}: the segments in the directory, like {@code ipcs -m}. */
@Command(name = "list", description = "List the segments in the directory (sizes in KiB/MiB/GiB).")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Override
    public Integer call() throws IOException {
        Path dir = root.directory();
        List<SegmentInfo> segments = Segments.list(dir);
        if (root.json) {
            root.out().println(Json.write(Segs.json(segments)));
        } else if (segments.isEmpty()) {
            root.out().println("no segments in " + dir);
        } else {
            Segs.table(segments).lines().forEach(root.out()::println);
        }
        return 0;
    }
}
