package dev.panamax.pool;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.invoke.LambdaMetafactory;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the static method that a lambda or method reference stands for, so that a worker can call the method by
 * name: never by Java serialization, and without the JDK's private state.
 *
 * <p>A lambda or method reference is an object of a hidden class that the JDK makes from an
 * {@code invokedynamic} instruction of the class that wrote it (the hidden class's name starts with that class's
 * name and {@code $$Lambda}). That instruction's bootstrap arguments, which {@link LambdaMetafactory} receives, name
 * the implementation method: the method referred to, or the compiler's {@code lambda$...} method holding a lambda's
 * body. The hidden class does not say which of its class's instructions made it, so this class reads the defining
 * class's bytecode with the JDK's {@link ClassFile} API and answers only when the instruction is certain:
 * <ol>
 * <li>at the call: when the pool's method is called from the defining class itself, and the caller's bytecode shows
 *     the argument pushed by one lambda instruction in straight-line code ({@link LambdaSites}), as in
 *     {@code pool.call(Tasks::square, 12L)}; otherwise</li>
 * <li>by class: when every non-capturing lambda instruction of that interface in the defining class has the same
 *     implementation, as for a lambda kept in a field of a small class of its own.</li>
 * </ol>
 * Refused, with the reason: lambdas that capture values (local variables, {@code this}) or method references bound to
 * an object, references to instance methods or constructors, lambdas whose class file cannot be read, and lambdas
 * that neither rule identifies (the message names the candidates; give the lambda a class of its own, or write a
 * named class).
 */
final class MethodRefs {
    /** A static method: its class's binary name, its name and its JVM descriptor such as {@code (J)J}. */
    record MethodRef(String owner, String name, String descriptor) {
        @Override
        public String toString() {
            return owner + "." + name + descriptor;
        }
    }

    private static final String LAMBDA_CLASS_MARK = "$$Lambda";

    private MethodRefs() {
    }

    /** @return whether {@code f} is a lambda or method reference (an object of a hidden class), not a named class */
    static boolean isLambda(Object f) {
        return f.getClass().isHidden();
    }

    /**
     * @param f a lambda or method reference
     * @param iface the functional interface it was made for
     * @return the static method it calls
     * @throws IllegalArgumentException naming the reason when the method cannot be told for certain
     */
    static MethodRef resolve(Object f, Class<?> iface, int argIndex) {
        if (!iface.isInstance(f)) {
            throw new IllegalArgumentException(f.getClass().getName() + " is not a " + iface.getName());
        }
        Class<?> c = f.getClass();
        Class<?> definer = definer(c, iface);
        StackWalker.StackFrame caller = WALKER.walk(frames -> frames
                .dropWhile(fr -> POOL_API.contains(fr.getDeclaringClass())).findFirst().orElse(null));
        if (caller != null && caller.getDeclaringClass() == definer) {
            String key = caller.getMethodName() + caller.getDescriptor() + "@" + caller.getByteCodeIndex() + "#"
                    + argIndex;
            Object site = SITES.get(definer).computeIfAbsent(key, k -> {
                DirectMethodHandleDesc d = LambdaSites.producer(classFile(definer, "the class " + definer.getName()),
                        caller.getMethodName(), caller.getDescriptor(), caller.getByteCodeIndex(), API_DESCS,
                        argIndex, ClassDesc.of(iface.getName()));
                return d == null ? NO_SITE : d;
            });
            if (site instanceof DirectMethodHandleDesc d) {
                return staticMethod(d, "the " + iface.getSimpleName() + " " + c.getName());
            }
        }
        Object r = CACHE.get(c);
        if (r instanceof IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return (MethodRef) r;
    }

    /** The classes of the pool's API whose frames lie between the caller and this class. */
    private static final Set<Class<?>> POOL_API = Set.of(MethodRefs.class, RemoteCalls.class, WorkerPool.class,
            PoolKernels.class);
    private static final Set<ClassDesc> API_DESCS = Set.of(ClassDesc.of(WorkerPool.class.getName()),
            ClassDesc.of(PoolKernels.class.getName()));
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Object NO_SITE = new Object();
    /** Per defining class: call site (method, descriptor, bytecode index, argument) to its lambda, or NO_SITE. */
    private static final ClassValue<Map<String, Object>> SITES = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** Per lambda class: its method, or why it has none. Reading a class file costs a millisecond: once is enough. */
    private static final ClassValue<Object> CACHE = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            try {
                return find(type, type.getInterfaces()[0]);
            } catch (IllegalArgumentException e) {
                return e;
            }
        }
    };

    /**
     * The class whose bytecode made the lambda class {@code c}.
     *
     * @throws IllegalArgumentException if {@code c} captures values or is no lambda of a named class
     */
    private static Class<?> definer(Class<?> c, Class<?> iface) {
        String what = "the " + iface.getSimpleName() + " " + c.getName();
        if (c.getDeclaredFields().length > 0) {
            throw new IllegalArgumentException(what + " captures values (local variables, this, or the object of a "
                    + "bound method reference such as obj::m): a worker cannot receive them; pass them as arguments "
                    + "and refer to a static method or write a lambda that uses only its parameters");
        }
        String name = c.getName();
        int mark = name.indexOf(LAMBDA_CLASS_MARK);
        if (mark <= 0) {
            throw new IllegalArgumentException(what + " is not a lambda or method reference of a named class");
        }
        try {
            return Class.forName(name.substring(0, mark), false, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(what + ": cannot find the class that made it, "
                    + name.substring(0, mark), e);
        }
    }

    private static MethodRef find(Class<?> c, Class<?> iface) {
        String what = "the " + iface.getSimpleName() + " " + c.getName();
        Class<?> definer = definer(c, iface);
        Set<DirectMethodHandleDesc> found = implementations(definer, ClassDesc.of(iface.getName()), what);
        if (found.isEmpty()) {
            throw new IllegalArgumentException(what + ": " + definer.getName() + " makes no non-capturing "
                    + iface.getSimpleName() + " lambda or method reference that Panamax can find");
        }
        if (found.size() > 1) {
            StringBuilder list = new StringBuilder();
            for (DirectMethodHandleDesc d : found) {
                list.append(list.isEmpty() ? "" : ", ").append(describe(d));
            }
            throw new IllegalArgumentException(what + " is ambiguous: " + definer.getName() + " makes "
                    + found.size() + " different " + iface.getSimpleName() + " lambdas or method references (" + list
                    + "), and a lambda does not say which one it is; give this one a class of its own (a static "
                    + "nested class holding it is enough), or write a named class that implements "
                    + iface.getSimpleName());
        }
        return staticMethod(found.iterator().next(), what);
    }

    private static MethodRef staticMethod(DirectMethodHandleDesc d, String what) {
        if (d.kind() != DirectMethodHandleDesc.Kind.STATIC && d.kind() != DirectMethodHandleDesc.Kind.INTERFACE_STATIC) {
            throw new IllegalArgumentException(what + " refers to " + describe(d) + ", which is not a static method: "
                    + "a worker can only call static methods (write a static method, or a lambda that calls one)");
        }
        return new MethodRef(binaryName(d.owner()), d.methodName(), d.lookupDescriptor());
    }

    /** The implementation methods of every non-capturing {@code iface} lambda that {@code definer} makes. */
    private static Set<DirectMethodHandleDesc> implementations(Class<?> definer, ClassDesc iface, String what) {
        ClassModel model = ClassFile.of().parse(classFile(definer, what));
        Set<DirectMethodHandleDesc> out = new LinkedHashSet<>();
        for (MethodModel m : model.methods()) {
            CodeModel code = m.code().orElse(null);
            if (code == null) {
                continue;
            }
            for (var element : code) {
                if (element instanceof InvokeDynamicInstruction indy) {
                    DirectMethodHandleDesc impl = LambdaSites.lambdaImplementation(indy, iface);
                    if (impl != null) {
                        out.add(impl);
                    }
                }
            }
        }
        return out;
    }

    static byte[] classFile(Class<?> c, String what) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(what + ": the class file of " + c.getName() + " cannot be read "
                        + "(a generated class?), so the method it refers to cannot be found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": reading the class file of " + c.getName() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static String describe(DirectMethodHandleDesc d) {
        return binaryName(d.owner()) + "::" + d.methodName();
    }

    /** {@code com.example.Outer$Inner} from a class descriptor. */
    private static String binaryName(ClassDesc c) {
        String s = c.descriptorString();
        return s.substring(1, s.length() - 1).replace('/', '.');
    }
}
