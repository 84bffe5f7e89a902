/**
 * Panamax shared segments: named arrays that several processes map at once, without copying.
 *
 * <p>A segment is a plain NumPy {@code .npy} file, by default in {@code /dev/shm} (tmpfs), so the name is also a
 * POSIX shared-memory name that Python's {@code SharedMemory(name)} attaches to, and
 * {@code np.load(path, mmap_mode='r+')} shares the same memory. {@link dev.panamax.shm.SharedArray} creates,
 * opens, closes and unlinks segments; {@link dev.panamax.shm.Segments} lists them and collects the ones whose
 * creator died; {@link dev.panamax.shm.AtomicIntArray} and {@link dev.panamax.shm.AtomicLongArray} give
 * cross-process atomics over integer segments. {@link dev.panamax.shm.SharedQueue} (with
 * {@link dev.panamax.shm.QueueProducer} and {@link dev.panamax.shm.QueueConsumer}) and
 * {@link dev.panamax.shm.SharedLock} are Python's {@code multiprocessing.Queue} and {@code Lock} over segments of their
 * own, laid out as {@code IpcLayout} draws; waiting sleeps on a Linux futex in the segment.
 *
 * <p>Mapping uses FFM ({@code FileChannel.map(mode, offset, size, Arena)}); a Chronicle Bytes mapping
 * ({@link dev.panamax.shm.Backend#CHRONICLE}) comes from the separate {@code dev.panamax.chronicle} module, found
 * only when asked for, so this module names no Chronicle type and works without it.
 * Linux only for segments: files are opened, checked, locked ({@code flock}), labelled (extended attributes),
 * reserved ({@code posix_fallocate}) and published ({@code linkat}) through FFM downcalls, all in one class
 * ({@code Posix}); liveness and attachment use {@code /proc}. What this guarantees in a directory shared with
 * other processes and users, and its limits: {@code docs/segment-safety.md}.
 */
package dev.panamax.shm;
