package dev.panamax.pool;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * Checks, in the caller, that a class can run as a {@link Task} (or a {@link RangeKernel}) in this pool's workers:
 * a worker creates it by name with its public no-argument constructor, so it must be a public, concrete, named class
 * that the workers' class path holds. Each class is checked once per pool.
 */
final class TaskClasses {
    private final WorkerClassPath classPath;
    /** The reason a class is unusable as a task, or "" if it is fine. */
    private final ClassValue<String> problems = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return problem(type, Task.class);
        }
    };
    /** The reason a class is unusable as a {@link RangeKernel}, or "" if it is fine. */
    private final ClassValue<String> kernelProblems = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return problem(type, RangeKernel.class);
        }
    };

    TaskClasses(WorkerClassPath classPath) {
        this.classPath = classPath;
    }

    /**
     * @param task a task class
     * @throws IllegalArgumentException saying why the workers cannot run it
     * @throws NullPointerException     if {@code task} is null
     */
    void check(Class<?> task) {
        Objects.requireNonNull(task, "task");
        String problem = problems.get(task);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * @param kernel a {@link RangeKernel} class
     * @throws IllegalArgumentException saying why the workers cannot run it
     */
    void checkKernel(Class<?> kernel) {
        String problem = kernelProblems.get(kernel);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The checks that need no class path, for a builder that has none yet. */
    static void checkShape(Class<?> c) {
        Objects.requireNonNull(c, "task");
        String problem = shapeProblem(c, Task.class);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private String problem(Class<?> c, Class<?> iface) {
        String shape = shapeProblem(c, iface);
        if (shape != null) {
            return shape;
        }
        String where = classPath.whyNotLoadable(c);
        return where == null ? "" : c.getName() + " cannot be loaded by the workers: " + where
                + " (the workers' class path is " + classPath + "; set WorkerPool.Builder.classPath to change it)";
    }

    private static String shapeProblem(Class<?> c, Class<?> iface) {
        String n = c.getName();
        if (!iface.isAssignableFrom(c)) {
            return n + " does not implement " + iface.getName();
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return n + " is abstract; a " + iface.getSimpleName() + " class must be concrete";
        }
        if (c.isAnonymousClass() || c.isLocalClass() || c.isHidden() || c.isSynthetic()) {
            return n + " is an anonymous, local or hidden class; workers can only load named top-level or static"
                    + " nested classes (a lambda or method reference is submitted as an object, not a class: "
                    + "submit(task, args...))";
        }
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            return n + " is an inner (non-static) class; make it static";
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            return n + " is not public";
        }
        try {
            Constructor<?> k = c.getConstructor();
            if (!Modifier.isPublic(k.getModifiers())) {
                return n + " has no public no-argument constructor";
            }
        } catch (NoSuchMethodException e) {
            return n + " has no public no-argument constructor";
        }
        return null;
    }
}
