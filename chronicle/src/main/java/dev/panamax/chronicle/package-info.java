/**
 * Panamax over Chronicle Bytes: typed views (and so kernels) over Chronicle memory
 * ({@link dev.panamax.chronicle.ChronicleViews}, each in a {@link dev.panamax.chronicle.ChronicleView} handle that
 * holds a reservation on the store), and the {@link dev.panamax.shm.Backend#CHRONICLE} mapping of Panamax
 * segments, which {@code shm} finds in this module through {@link java.util.ServiceLoader}.
 *
 * <p>This is the only Panamax module that depends on Chronicle ({@code net.openhft:chronicle-bytes}) and the only
 * one whose users need Chronicle's JVM flags on JDK 25: {@link dev.panamax.shm.Backend#CHRONICLE_JVM_FLAGS}.
 */
package dev.panamax.chronicle;
