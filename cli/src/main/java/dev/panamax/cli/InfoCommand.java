package dev.panamax.cli;

import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.Segments;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panamax info NAME}: what a segment holds and who created and attached it. */
@Command(name = "info", description = "Show a segment: dtype, shape, size, lifetime, creator, attached processes.")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name.")
    String name;

    @Override
    public Integer call() throws IOException {
        SegmentInfo info = Segments.info(name, root.directory());
        if (root.json) {
            root.out().println(Json.write(Segs.json(info)));
        } else {
            Segs.describe(info).forEach(root.out()::println);
        }
        return 0;
    }
}
