/**
 * Panamax core: element types, shapes, typed views over memory segments, off-heap arrays and the NumPy
 * {@code .npy} format. JDK only.
 *
 * <p>{@code dev.panamax.core.internal} holds what Panamax's own modules share and users must not depend on: the C
 * library bindings ({@code Libc}, so that only this module needs {@code --enable-native-access}) and the command
 * line of child JVMs ({@code JvmCommand}).
 */
@SuppressWarnings("module") // the modules it exports to are built after it, so javac cannot see them yet
module dev.panamax.core {
    requires java.management;

    exports dev.panamax.core;
    exports dev.panamax.core.internal to dev.panamax.shm, dev.panamax.pool, dev.panamax.chronicle;
}
