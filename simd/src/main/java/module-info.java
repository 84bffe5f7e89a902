/**
 * Panamax kernels: sums, dot products, counts, per-row and per-column kernels over Panamax views, with the
 * Vector API where it is available and scalar loops where it is not.
 *
 * <p>The Vector API is an incubator module, so it is only read when present ({@code requires static}): the
 * vector kernels are loaded by name, and without {@code --add-modules jdk.incubator.vector} this module runs its
 * scalar kernels after one WARNING that says how to fix it, on the module path as on the class path.
 */
module dev.panamax.simd {
    requires transitive dev.panamax.core;
    requires static jdk.incubator.vector;
    requires java.management;
    requires jdk.management;

    exports dev.panamax.simd;
}
