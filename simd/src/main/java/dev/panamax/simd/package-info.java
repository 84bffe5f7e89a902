/**
 * Numeric kernels over Panamax views: sum, sum of squares, dot, min, max, count in range (flat and per row),
 * per-row hypotenuse, per-column sum of squares and in-place scaling, on every dtype (float64, float32, int64,
 * int32, int16, int8, uint8); and {@link dev.panamax.simd.ParallelLoop}, your own loop on several threads with a
 * fixed-order reduction (Numba's {@code prange}).
 *
 * <p>{@link dev.panamax.simd.Kernels} hands out {@link dev.panamax.simd.KernelOps}: the Vector API kernels (the
 * only classes that import {@code jdk.incubator.vector}, loaded by name), the scalar reference they are tested
 * against, and a thread-parallel wrapper. {@link dev.panamax.simd.Simd#describe()} says which one runs and why.
 */
package dev.panamax.simd;
