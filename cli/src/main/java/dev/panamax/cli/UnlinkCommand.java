package dev.panamax.cli;

import dev.panamax.shm.NoSuchSegmentException;
import dev.panamax.shm.Segments;
import dev.panamax.shm.SharedArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code panamax unlink [--force] NAME…}, like {@code ipcrm}. All or nothing for what it can check: every name must
 * exist (and, without {@code --force}, be a readable segment) before any is removed, so a typo in the third name
 * does not leave the first two gone.
 */
@Command(name = "unlink", description = {"Remove segments by name. Processes that have them mapped keep their "
        + "mapping until they close it.", "Every name must exist; otherwise nothing is removed."})
final class UnlinkCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Option(names = "--force", description = "Remove the names without reading them: for damaged segments (a "
            + "truncated file, a bad header) and planted symbolic links. A link is removed itself, never followed; "
            + "directories are refused.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Segment names.")
    List<String> names;

    @Override
    public Integer call() throws IOException {
        Path dir = root.directory();
        LinkedHashSet<String> unique = new LinkedHashSet<>(names);
        unique.forEach(Segments::checkName);
        List<String> missing = new ArrayList<>();
        for (String n : unique) {
            try {
                if (force) {
                    requireNotDirectory(dir, n);
                } else {
                    Segments.info(n, dir);
                }
            } catch (NoSuchSegmentException | NoSuchFileException e) {
                missing.add(n);
            } catch (IOException e) {
                throw new CliException("cannot read segment " + n + " in " + dir + " (" + Main.message(e)
                        + "); nothing unlinked; 'unlink --force' removes a name without reading it");
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

    /** Refuses a directory (unlink would remove an empty one); anything else may go, links included. */
    private static void requireNotDirectory(Path dir, String n) throws IOException {
        BasicFileAttributes a = Files.readAttributes(dir.resolve(n), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
            throw new CliException(n + " in " + dir + " is a directory, not a segment; nothing unlinked");
        }
    }
}
