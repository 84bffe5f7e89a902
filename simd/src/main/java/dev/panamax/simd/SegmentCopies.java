package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.NATIVE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** What a kernel call's segment is, for the choice of a copy. */
    enum Kind {
        /** Native or mapped: {@link NativeLoads}. */
        NATIVE,
        /** A writable heap segment over an array of the element type: {@link HeapLoads}. */
        HEAP,
        /**
         * Anything else (another array type, a read-only segment) and two segments of different kinds: the loads of
         * {@link VectorAccess}, which test the class each time, in a copy of their own.
         */
        OTHER
    }

    /**
     * A kernel class and its copies. The class itself serves the first kind of segment that comes, so a JVM that
     * sees one kind never makes a copy (making the copies took 80 ms on Zen 2, in a fresh JVM); a copy is made
     * when its kind first comes after another, so the class's profile keeps the first kind only.
     *
     * @param <T> the interface the kernel class is used through
     */
    static final class Of<T> {
        private final T any;
        private final Class<T> api;
        private volatile Kind first;
        private volatile T onNative;
        private volatile T onHeap;
        private volatile T onOther;

        private Of(T any, Class<T> api) {
            this.any = any;
            this.api = api;
        }

        /**
         * @param heap the class of a heap segment over an array of the element type ({@link SegmentClasses})
         * @return the kernels for {@code x}
         */
        T on(MemorySegment x, Class<?> heap) {
            return serve(kind(x, heap));
        }

        /** The kernels for both {@code a} and {@code b}: those of {@link Kind#OTHER} unless they are of one kind. */
        T on(MemorySegment a, MemorySegment b, Class<?> heap) {
            return on(a, heap, b, heap);
        }

        /** As {@link #on(MemorySegment, MemorySegment, Class)} for segments of two element types. */
        T on(MemorySegment a, Class<?> heapA, MemorySegment b, Class<?> heapB) {
            Kind k = kind(a, heapA);
            return serve(k == kind(b, heapB) ? k : Kind.OTHER);
        }

        /** @return the class itself, which serves the first kind that came */
        T any() {
            return any;
        }

        /** @return the copy for {@code k}, made now if it was not yet */
        synchronized T copy(Kind k) {
            T c = made(k);
            if (c == null) {
                switch (k) {
                    case NATIVE -> c = onNative = make(any, api, NativeLoads.class);
                    case HEAP -> c = onHeap = make(any, api, HeapLoads.class);
                    case OTHER -> c = onOther = make(any, api, null);
                }
            }
            return c;
        }

        private T made(Kind k) {
            return switch (k) {
                case NATIVE -> onNative;
                case HEAP -> onHeap;
                case OTHER -> onOther;
            };
        }

        private static Kind kind(MemorySegment x, Class<?> heap) {
            if (NATIVE.isInstance(x)) {
                return Kind.NATIVE;
            }
            return x.getClass() == heap && !x.isReadOnly() ? Kind.HEAP : Kind.OTHER;
        }

        private T serve(Kind k) {
            Kind f = first;
            if (k == f) {
                return any;
            }
            if (f == null) {
                synchronized (this) {
                    if (first == null) {
                        first = k;
                    }
                }
                if (first == k) {
                    return any;
                }
            }
            T c = made(k);
            return c != null ? c : copy(k);
        }
    }

    /** The kernel class {@code kernels}, to be copied for other kinds of segment as they come. */
    static <T> Of<T> of(T kernels, Class<T> api) {
        return new Of<>(kernels, api);
    }

    /**
     * A copy of {@code kernels} loading through {@code loads} (null: through its own loads, unchanged); where it cannot
     * be made (a runtime without the class files, say), {@code kernels} itself, which is correct and only slower in a
     * JVM that mixes kinds of segment.
     */
    private static <T> T make(T kernels, Class<T> api, Class<?> loads) {
        try {
            return copy(kernels.getClass(), api, loads);
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            System.getLogger(SegmentCopies.class.getName()).log(System.Logger.Level.WARNING,
                    "no copy of " + kernels.getClass().getSimpleName() + " for "
                            + (loads == null ? "other segments" : loads.getSimpleName()) + ": " + e);
            return kernels;
        }
    }

    private static <T> T copy(Class<?> kernels, Class<T> api, Class<?> loads)
            throws IOException, ReflectiveOperationException {
        byte[] bytes = classBytes(kernels);
        if (loads == null) {
            return construct(api, MethodHandles.lookup().defineHiddenClass(bytes, true), kernels);
        }
        ClassDesc target = ClassDesc.of(loads.getName());
        ClassDesc self = ClassDesc.of(kernels.getName());
        ClassFile cf = ClassFile.of();
        Set<String> twins = TWINS.get(loads);
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
        return construct(api, MethodHandles.lookup().defineHiddenClass(copy, true), kernels);
    }

    private static <T> T construct(Class<T> api, MethodHandles.Lookup hidden, Class<?> kernels)
            throws ReflectiveOperationException {
        try {
            return api.cast(hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke());
        } catch (Throwable t) {
            throw new ReflectiveOperationException("cannot construct the copy of " + kernels.getName(), t);
        }
    }

    /** The name and descriptor of each static method of a loads class, read from its class file once. */
    private static final ClassValue<Set<String>> TWINS = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> loads) {
            try {
                return staticMethods(loads);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static Set<String> staticMethods(Class<?> c) throws IOException {
        Set<String> out = new HashSet<>();
        for (MethodModel m : ClassFile.of().parse(classBytes(c)).methods()) {
            if (m.flags().has(AccessFlag.STATIC)) {
                out.add(m.methodName().stringValue() + m.methodType().stringValue());
            }
        }
        return Set.copyOf(out);
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
