package dev.panamax.cli;

import dev.panamax.core.DType;
import dev.panamax.core.Fill;
import dev.panamax.core.Shape;
import dev.panamax.shm.Lifetime;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.Segments;
import dev.panamax.shm.SharedArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code panamax create NAME --dtype DTYPE --shape D0[,D1…] [--fill …] [--seed N] [--lifetime …] [--hold]}. */
@Command(name = "create", sortOptions = false,
        description = {"Create a shared segment (a .npy file in the segment directory).",
                "With --hold, keep it attached until SIGTERM, SIGINT or end of stdin."})
final class CreateCommand implements Callable<Integer> {
    /** Lifetimes a user may ask for. */
    enum LifetimeChoice {
        persistent(Lifetime.PERSISTENT), process(Lifetime.PROCESS);

        final Lifetime lifetime;

        LifetimeChoice(Lifetime lifetime) {
            this.lifetime = lifetime;
        }
    }

    @Spec
    CommandSpec spec;

    @ParentCommand
    PanamaxCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name: [A-Za-z0-9._-], 1 to 200 characters.")
    String name;

    @Option(names = "--dtype", required = true, paramLabel = "DTYPE",
            description = "int8 int16 int32 int64 uint8 float32 float64, or any NumPy spelling of them: f8, <f8, "
                    + "double, i4, intc, long, B, ...")
    String dtype;

    @Option(names = "--shape", required = true, paramLabel = "D0[,D1...]", description = "Dimensions, e.g. 200000,5.")
    String shape;

    @Option(names = "--fill", paramLabel = "zeros|range|random", defaultValue = "zeros",
            description = "zeros (default); range: 0, 1, 2, ... in row-major order; random: integers 0..9, "
                    + "floats in [0, 10).")
    FillChoice fill;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for --fill random (default: time based); not NumPy's stream (see docs/core.md).")
    Long seed;

    @Option(names = "--lifetime", paramLabel = "persistent|process", defaultValue = "persistent",
            description = "persistent (default): stays until unlinked; process: unlinked when this command exits.")
    LifetimeChoice lifetime;

    @Option(names = "--hold", description = "Stay attached until SIGTERM, SIGINT or end of stdin.")
    boolean hold;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (seed != null && fill != FillChoice.random) {
            throw new ParameterException(spec.commandLine(), "--seed only applies to --fill random");
        }
        DType type = DType.parse(dtype);
        Shape dims = Shape.parse(shape);
        SegmentOptions opts = root.options().lifetime(lifetime.lifetime);
        long s = seed != null ? seed : System.nanoTime();
        // Filled before the name appears: a reader never sees zeros, and a kill mid-fill publishes nothing (its
        // temporary file is collected by gc).
        Fill values = fill.fill(type, s);
        SharedArray array = values == null ? SharedArray.create(name, type, dims, opts)
                : SharedArray.create(name, type, dims, opts, values);
        PrintWriter out = root.out();
        if (root.json) {
            out.println(Json.write(Segs.json(Segments.info(name, opts.directory()))));
        } else {
            out.println("created " + name + ": " + type.numpyName() + " " + dims.toPythonTuple() + ", "
                    + Text.bytes(array.byteSize()) + " of data, " + Segs.lower(lifetime.lifetime) + ", at " + array.path());
        }
        if (!hold) {
            array.close();
            return 0;
        }
        if (!root.json) {
            out.println("holding " + name + " (pid " + ProcessHandle.current().pid()
                    + "); SIGTERM, Ctrl-C or end of stdin releases it");
        }
        out.flush();
        holdUntilReleased(array);
        return 0;
    }

    /**
     * Blocks until stdin reaches its end; a SIGTERM or SIGINT ends the JVM through its shutdown hooks instead,
     * and the hook registered here unmaps the segment. A {@code process} segment is then unlinked by shm's own
     * exit handling, either way.
     */
    private static void holdUntilReleased(SharedArray array) throws InterruptedException {
        CountDownLatch released = new CountDownLatch(1);
        Thread hook = new Thread(array::close, "panamax-create-hold");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread reader = Thread.ofPlatform().daemon().name("panamax-hold-stdin").start(() -> {
            byte[] buf = new byte[256];
            try (InputStream in = System.in) {
                while (in.read(buf) >= 0) {
                    // Input is ignored: only its end matters.
                }
            } catch (IOException e) {
                // A broken stdin counts as its end.
            }
            released.countDown();
        });
        released.await();
        reader.interrupt();
        array.close();
    }
}
