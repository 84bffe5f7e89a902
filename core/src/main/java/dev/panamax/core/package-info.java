/**
 * Panamax core: element types ({@link dev.panamax.core.DType}), shapes ({@link dev.panamax.core.Shape}),
 * typed views over a {@link java.lang.foreign.MemorySegment} (1-D {@link dev.panamax.core.DoubleView} and
 * friends, row-major 2-D {@link dev.panamax.core.Matrix}, strided {@link dev.panamax.core.StridedView} for columns),
 * in-process off-heap arrays ({@link dev.panamax.core.OffHeapArray}), fills ({@link dev.panamax.core.Fill}: NumPy's
 * {@code full}, {@code arange} and seeded random numbers) and the NumPy {@code .npy} format
 * ({@link dev.panamax.core.Npy}).
 *
 * <p>This module depends on the JDK only. All multi-byte values are little-endian, as NumPy's
 * {@code <} typestrs say; views use unaligned layouts so any segment (heap, native, mapped) works.
 */
package dev.panamax.core;
