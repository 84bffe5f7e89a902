package dev.panamax.pool.internal;

import dev.panamax.pool.TaskContext;
import java.lang.invoke.MethodType;

/**
 * Arguments of a remote static method ({@code WorkerPool.call}): checked and converted against the method's own
 * parameter types in the caller, so that a wrong argument fails there, naming it, and never in a worker.
 *
 * <pre>
 * parameter                    accepted argument                                   on the wire
 * boolean, Boolean             Boolean                                             Boolean
 * byte, short, int (boxed)     Byte, Short, Integer, Long whose value fits         Integer
 * long, Long                   Byte, Short, Integer, Long                          Long
 * float, double (boxed)        any Number whose value the type holds exactly       Double
 * String                       String                                              String
 * byte[] int[] long[] float[] double[]   the same array type                       the array
 * Object                       any wire value (see Task)                           the value
 * </pre>
 * Boxed parameters also take null. Anything else (char, other classes) cannot travel and is refused.
 */
public final class RemoteArgs {
    private RemoteArgs() {
    }

    /** @return why a method of this type cannot be called remotely, or null; a leading TaskContext is allowed */
    public static String typeProblem(MethodType t, boolean contextAllowed) {
        for (int i = 0; i < t.parameterCount(); i++) {
            Class<?> p = t.parameterType(i);
            if (i == 0 && contextAllowed && p == TaskContext.class) {
                continue;
            }
            if (!travels(p)) {
                return "parameter " + i + " has type " + p.getTypeName() + ", which cannot travel to a worker";
            }
        }
        Class<?> r = t.returnType();
        if (r != void.class && r != Void.class && !travels(r) || r == byte.class || r == short.class
                || r == float.class || r == Byte.class || r == Short.class || r == Float.class) {
            return "it returns " + r.getTypeName() + ", which cannot travel back (return boolean, int, long, double, "
                    + "String, a primitive array, or their boxes)";
        }
        return null;
    }

    private static boolean travels(Class<?> p) {
        return p == boolean.class || p == Boolean.class || p == byte.class || p == Byte.class || p == short.class
                || p == Short.class || p == int.class || p == Integer.class || p == long.class || p == Long.class
                || p == float.class || p == Float.class || p == double.class || p == Double.class || p == String.class
                || p == Object.class || p == byte[].class || p == int[].class || p == long[].class
                || p == float[].class || p == double[].class;
    }

    /**
     * @param v the argument
     * @param p the parameter type
     * @param what names the argument in a message
     * @return the wire value for {@code v}
     * @throws IllegalArgumentException if {@code v} does not suit {@code p}
     */
    public static Object toWire(Object v, Class<?> p, String what) {
        if (v == null) {
            if (p.isPrimitive()) {
                throw new IllegalArgumentException(what + " is null, but the parameter is a " + p.getName());
            }
            return null;
        }
        if (p == Object.class) {
            Wire.checkValue(v, what);
            return v;
        }
        Class<?> box = p.isPrimitive() ? MethodType.methodType(p).wrap().returnType() : p;
        if (box == Boolean.class || box == String.class || p.isArray()) {
            if (!box.isInstance(v)) {
                throw refused(v, p, what);
            }
            Wire.checkValue(v, what);
            return v;
        }
        if (!(v instanceof Number n) || v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
            throw refused(v, p, what);
        }
        boolean integral = v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long;
        if (box == Double.class || box == Float.class) {
            double d = n.doubleValue();
            // (long) 2^63 saturates to Long.MAX_VALUE, which 2^63 is not: exclude it by hand.
            boolean exact = !integral || d != 0x1p63 && (long) d == n.longValue();
            if (!exact || box == Float.class && !Double.isNaN(d) && (double) (float) d != d) {
                throw new IllegalArgumentException(what + " = " + v + " (" + v.getClass().getSimpleName() + ") has "
                        + "no exact " + p.getName() + " value");
            }
            return d;
        }
        if (!integral) {
            throw refused(v, p, what);
        }
        long l = n.longValue();
        long min = box == Byte.class ? Byte.MIN_VALUE : box == Short.class ? Short.MIN_VALUE
                : box == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = box == Byte.class ? Byte.MAX_VALUE : box == Short.class ? Short.MAX_VALUE
                : box == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (l < min || l > max) {
            throw new IllegalArgumentException(what + " = " + v + " does not fit the parameter's type " + p.getName()
                    + " [" + min + ", " + max + "]");
        }
        return box == Long.class ? (Object) l : (Object) (int) l;
    }

    private static IllegalArgumentException refused(Object v, Class<?> p, String what) {
        return new IllegalArgumentException(what + " is a " + v.getClass().getName() + ", but the parameter is a "
                + p.getTypeName());
    }

    /** @return the argument for parameter type {@code p} from the wire value {@link #toWire} made */
    public static Object fromWire(Object v, Class<?> p) {
        if (v == null) {
            return null;
        }
        Class<?> box = p.isPrimitive() ? MethodType.methodType(p).wrap().returnType() : p;
        if (box == Byte.class) {
            return ((Number) v).byteValue();
        }
        if (box == Short.class) {
            return ((Number) v).shortValue();
        }
        if (box == Float.class) {
            return ((Number) v).floatValue();
        }
        return v;
    }
}
