package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.NATIVE;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.util.HashSet;
import java.util.Set;

/**
 * Copies of a kernel class, one per class of segment, each compiled with its own profile. C2 compiles a loop from
 * what its bytecode has seen: once the same loop has run over native, mapped and heap segments, it tests the class,
 * the session and each load's bounds on every iteration, 1.1x-2.8x the time of the loop in a JVM that saw one class
 * (docs/design/segment-classes.md). A copy is a hidden class defined from the kernel class's own bytes (its
 * references to its own name resolve to itself, so its loops, lambdas and helpers are all its own), with the calls
 * to the loads and stores of {@link VectorAccess}, {@link ScalarSupport} or the class itself sent to their twins in
 * {@link NativeLoads} or {@link HeapLoads}: one path each.
 * {@link VectorSupport} and {@link NarrowVectorCopies} pick the copy for the segment at hand ({@link Of#on}).
 */
final class SegmentCopies {
    private SegmentCopies() {
    }

    /** The classes whose loads and stores a copy's calls are sent away from, with the class itself. */
    private static final Set<ClassDesc> SHARED =
            Set.of(ClassDesc.of(VectorAccess.class.getName()), ClassDesc.of(ScalarSupport.class.getName()));

    /**
     * The copies of one kernel class.
     *
     * @param any      the class itself, for any segment
     * @param onNative the copy for native and mapped segments
     * @param onHeap   the copy for writable heap segments over an array of the element type
     * @param <T>      the interface of the kernel class
     */
    record Of<T>(T any, T onNative, T onHeap) {
        /**
         * @param heap the class of a heap segment over an array of the element type ({@link SegmentClasses})
         * @return the copy for {@code x}
         */
        T on(MemorySegment x, Class<?> heap) {
            if (NATIVE.isInstance(x)) {
                return onNative;
            }
            return x.getClass() == heap && !x.isReadOnly() ? onHeap : any;
        }

        /** The copy for both {@code a} and {@code b}: the class itself unless they are of the same kind. */
        T on(MemorySegment a, MemorySegment b, Class<?> heap) {
            return on(a, heap, b, heap);
        }

        /** As {@link #on(MemorySegment, MemorySegment, Class)} for segments of two element types. */
        T on(MemorySegment a, Class<?> heapA, MemorySegment b, Class<?> heapB) {
            T c = on(a, heapA);
            return c == on(b, heapB) ? c : any;
        }
    }

    /**
     * The copies of {@code kernels}; where they cannot be made (a runtime without the class files, say), every
     * segment gets {@code kernels} itself, which is correct and only slower in a JVM that mixes classes.
     *
     * @param kernels the kernel class's instance
     * @param api     the interface its copies are used through
     */
    static <T> Of<T> of(T kernels, Class<T> api) {
        try {
            return new Of<>(kernels, copy(kernels.getClass(), api, NativeLoads.class),
                    copy(kernels.getClass(), api, HeapLoads.class));
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            System.getLogger(SegmentCopies.class.getName()).log(System.Logger.Level.WARNING,
                    "no per-segment-class copies of " + kernels.getClass().getSimpleName() + ": " + e);
            return new Of<>(kernels, kernels, kernels);
        }
    }

    private static <T> T copy(Class<?> kernels, Class<T> api, Class<?> loads)
            throws IOException, ReflectiveOperationException {
        byte[] bytes = classBytes(kernels);
        ClassDesc target = ClassDesc.of(loads.getName());
        ClassDesc self = ClassDesc.of(kernels.getName());
        ClassFile cf = ClassFile.of();
        Set<String> twins = staticMethods(cf, loads);
        // A call to VectorAccess, ScalarSupport or the class itself that the loads class has a twin of (name and
        // descriptor).
        byte[] copy = cf.transformClass(cf.parse(bytes), ClassTransform.transformingMethodBodies((code, e) -> {
            if (e instanceof InvokeInstruction i && i.opcode() == Opcode.INVOKESTATIC
                    && (SHARED.contains(i.owner().asSymbol()) || i.owner().asSymbol().equals(self))
                    && twins.contains(i.name().stringValue() + i.type().stringValue())) {
                code.invokestatic(target, i.name().stringValue(), i.typeSymbol());
            } else {
                code.with(e);
            }
        }));
        MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(copy, true);
        try {
            return api.cast(hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke());
        } catch (Throwable t) {
            throw new ReflectiveOperationException("cannot construct the copy of " + kernels.getName(), t);
        }
    }

    /** The name and descriptor of each static method of {@code c}, read from its class file. */
    private static Set<String> staticMethods(ClassFile cf, Class<?> c) throws IOException {
        Set<String> out = new HashSet<>();
        for (MethodModel m : cf.parse(classBytes(c)).methods()) {
            if (m.flags().has(AccessFlag.STATIC)) {
                out.add(m.methodName().stringValue() + m.methodType().stringValue());
            }
        }
        return out;
    }

    private static byte[] classBytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("class file of " + c.getName() + " not found");
            }
            return in.readAllBytes();
        }
    }
}
