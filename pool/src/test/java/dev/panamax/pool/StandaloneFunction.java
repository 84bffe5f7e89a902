package dev.panamax.pool;

/** A lambda in a class of its own, which a test loads again from a directory the workers do not know. */
public final class StandaloneFunction {
    /** Triples a long. */
    public static final Remote.Fn1<Long, Long> TRIPLE = x -> x * 3;

    private StandaloneFunction() {
    }
}
