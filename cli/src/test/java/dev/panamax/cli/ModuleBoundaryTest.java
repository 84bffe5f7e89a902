package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.chronicle.ChronicleViews;
import dev.panamax.core.DType;
import dev.panamax.pool.WorkerPool;
import dev.panamax.shm.SharedArray;
import dev.panamax.simd.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ModuleReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library modules' boundaries, checked on their compiled classes as {@code jdeps} would: what each module
 * exports, and which packages of the other modules its class files name. The module system checks this when the
 * modules run on the module path; class-path users get no such check, so this test makes it a build failure.
 */
class ModuleBoundaryTest {
    private static final Map<String, ModuleReference> MODULES = new TreeMap<>();
    /** A class type inside a descriptor or generic signature, such as {@code Lnet/openhft/chronicle/bytes/BytesStore;}. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[A-Za-z_$][\\w$]*)+)[;<]");

    @BeforeAll
    static void findModules() throws URISyntaxException {
        for (Class<?> c : List.of(DType.class, Kernels.class, SharedArray.class, WorkerPool.class,
                ChronicleViews.class)) {
            Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            ModuleReference ref = ModuleFinder.of(where).findAll().iterator().next();
            MODULES.put(ref.descriptor().name(), ref);
        }
        assertEquals(Set.of("dev.panamax.core", "dev.panamax.simd", "dev.panamax.shm", "dev.panamax.pool",
                "dev.panamax.chronicle"), MODULES.keySet(), "every library module is found with its descriptor");
    }

    @Test
    void internalPackagesAreExportedOnlyToPanamaxModules() {
        for (ModuleReference ref : MODULES.values()) {
            for (ModuleDescriptor.Exports e : ref.descriptor().exports()) {
                if (e.source().contains(".internal")) {
                    assertTrue(e.isQualified(), ref.descriptor().name() + " exports " + e.source() + " to everyone");
                }
                for (String target : e.targets()) {
                    assertTrue(target.startsWith("dev.panamax."),
                            ref.descriptor().name() + " exports " + e.source() + " to " + target);
                }
            }
        }
    }

    @Test
    void moduleUsesOnlyWhatTheOtherModulesExportToIt() throws IOException {
        Map<String, ModuleDescriptor> owners = new TreeMap<>();
        for (ModuleReference ref : MODULES.values()) {
            for (String p : ref.descriptor().packages()) {
                owners.put(p, ref.descriptor());
            }
        }
        List<String> problems = new ArrayList<>();
        for (ModuleReference ref : MODULES.values()) {
            String self = ref.descriptor().name();
            for (String p : referencedPackages(ref)) {
                ModuleDescriptor owner = owners.get(p);
                if (owner == null || owner.name().equals(self)) {
                    continue;
                }
                boolean visible = owner.exports().stream().anyMatch(
                        e -> e.source().equals(p) && (!e.isQualified() || e.targets().contains(self)));
                if (!visible) {
                    problems.add(self + " uses " + p + ", which " + owner.name() + " does not export to it");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shmNamesNoChronicleType() throws IOException {
        ModuleReference shm = MODULES.get("dev.panamax.shm");
        Set<String> chronicle = new TreeSet<>();
        for (String p : referencedPackages(shm)) {
            if (p.startsWith("net.openhft")) {
                chronicle.add(p);
            }
        }
        assertEquals(Set.of(), chronicle, "shm works without Chronicle on the class path");
        for (ModuleDescriptor.Requires r : shm.descriptor().requires()) {
            assertTrue(r.name().startsWith("java.") || r.name().startsWith("jdk.") || r.name().startsWith("dev.panamax."),
                    "shm requires " + r.name());
        }
    }

    @Test
    void checkSeesAReferenceToAnInternalPackage() throws IOException {
        // The pool's own worker side names its internal package: the scan must see such references.
        assertTrue(referencedPackages(MODULES.get("dev.panamax.pool")).contains("dev.panamax.pool.internal"));
        assertFalse(referencedPackages(MODULES.get("dev.panamax.core")).contains("dev.panamax.pool.internal"));
    }

    /** Every package a class file of the module names: classes it uses, and types in descriptors and signatures. */
    private static Set<String> referencedPackages(ModuleReference ref) throws IOException {
        Set<String> out = new TreeSet<>();
        try (ModuleReader reader = ref.open()) {
            for (String name : reader.list().filter(n -> n.endsWith(".class")).toList()) {
                byte[] bytes;
                try (InputStream in = reader.open(name).orElseThrow()) {
                    bytes = in.readAllBytes();
                }
                for (PoolEntry e : ClassFile.of().parse(bytes).constantPool()) {
                    if (e instanceof ClassEntry c && !c.asInternalName().startsWith("[")) {
                        addPackage(out, c.asInternalName());
                    } else if (e instanceof Utf8Entry u) {
                        Matcher m = TYPE_IN_DESCRIPTOR.matcher(u.stringValue());
                        while (m.find()) {
                            addPackage(out, m.group(1));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void addPackage(Set<String> out, String internalName) {
        int slash = internalName.lastIndexOf('/');
        if (slash > 0) {
            out.add(internalName.substring(0, slash).replace('/', '.'));
        }
    }
}
