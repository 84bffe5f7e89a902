package example.consumer;

import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernels;

/** The second JVM: opens the segment by name (dtype and shape come from it), sums it, doubles element 1. */
public final class Reader {
    private Reader() {
    }

    /**
     * Prints {@code pid PID: sum S} for the segment.
     *
     * @param args the segment name
     * @throws Exception if the segment cannot be opened
     */
    public static void main(String[] args) throws Exception {
        try (SharedArray a = SharedArray.open(args[0])) {
            double sum = Kernels.sum(a.asDoubles());
            a.asDoubles().set(1, 2 * a.asDoubles().get(1));
            System.out.println("pid " + ProcessHandle.current().pid() + " opened " + a.name() + ": sum " + sum);
        }
    }
}
