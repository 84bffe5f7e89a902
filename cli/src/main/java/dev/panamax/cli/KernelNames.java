package dev.panamax.cli;

import dev.panamax.simd.Kernel;
import java.util.Iterator;
import picocli.CommandLine;

/** Picocli's view of the kernel catalogue ({@link Kernel}): the names {@code compute} completes and accepts. */
final class KernelNames implements Iterable<String> {

    /** Completion and help: the catalogue's names (earlier spellings are accepted but not offered). */
    @Override
    public Iterator<String> iterator() {
        return Kernel.ids().iterator();
    }

    /** A kernel name or alias, or a usage error listing the valid names. */
    static final class Converter implements CommandLine.ITypeConverter<Kernel> {
        @Override
        public Kernel convert(String value) {
            try {
                return Kernel.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
