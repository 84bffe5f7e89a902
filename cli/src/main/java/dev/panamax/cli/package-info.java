/**
 * The {@code panamax} command: inspect and manage shared segments ({@code create}, {@code info}, {@code list},
 * {@code unlink}, {@code gc}), report the SIMD capabilities ({@code simd}), run kernels on shared arrays
 * ({@code compute}), and the demo that replays the classic Python shared-memory tutorial on the JVM
 * ({@code demo}).
 *
 * <p>Entry point: {@link dev.panamax.cli.Main}; everything else is package-private. Exit status 0 on success,
 * 1 on a user error (one line {@code panamax: <what went wrong>} on stderr), 2 on a usage error.
 */
package dev.panamax.cli;
