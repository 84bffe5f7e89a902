import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.spi.ToolProvider;

/**
 * Recompiles a library module's descriptor for release 17 (class file version 61), as the build's "library" profile
 * describes: Maven may run on JDK 17, and its plugins read module descriptors with that JDK (the jar plugin through
 * its jar tool, the javadoc plugin through ModuleDescriptor.read), which cannot parse a JDK 25 class file. The
 * descriptor means the same to the module system at either version; the module's classes stay JDK 25's.
 *
 * <p>It runs after default-compile (java ModuleDescriptor.java CLASSES MODULE_INFO_JAVA MODULE_PATH, on JDK 25) and
 * does nothing when the descriptor there is already version 61, so that an unchanged module's classes keep their
 * times and the modules built after it are not recompiled.
 */
public final class ModuleDescriptor {
    private static final int RELEASE = 17;
    private static final int CLASS_VERSION = RELEASE + 44;

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java ModuleDescriptor.java CLASSES_DIR MODULE_INFO_JAVA MODULE_PATH");
            System.exit(2);
        }
        Path classes = Path.of(args[0]);
        Path descriptor = classes.resolve("module-info.class");
        if (!Files.isRegularFile(descriptor)) {
            System.err.println("ModuleDescriptor: no " + descriptor + "; default-compile should have written it");
            System.exit(1);
        }
        if (majorVersion(descriptor) == CLASS_VERSION) {
            return;
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(
                () -> new IllegalStateException("this JVM has no javac: run it on a JDK"));
        // The incubator notice is for code that uses the Vector API; a descriptor only names the module.
        int rc = javac.run(System.out, System.err, "--release", Integer.toString(RELEASE), "-Xlint:all,-incubating",
                "-Werror", "-d", classes.toString(), "--module-path", args[2], args[1]);
        System.exit(rc);
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            d.readUnsignedShort();
            return d.readUnsignedShort();
        }
    }
}
