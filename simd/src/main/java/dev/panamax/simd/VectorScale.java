package dev.panamax.simd;

import static dev.panamax.simd.VectorAccess.*;

import java.lang.foreign.MemorySegment;

/** Multiplication in place by a constant. */
final class VectorScale implements LoopFamilies.Scales {
    /** For any class of segment (SegmentCopies makes the others); typed by its interface, as the copies need. */
    static final LoopFamilies.Scales ANY = new VectorScale();

    private VectorScale() {
    }

    @Override
    public void scaleF64(MemorySegment x, long n, double factor) {
        LoopFamilies.Scales self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Double.BYTES) {
            Chunks.each(0, n, Double.BYTES, (f, t) -> self.scaleF64(slice(x, Double.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = D.length();
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - w; i <= bound; i += w) {
            st(ld(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleF64(x, i, n, factor);
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        LoopFamilies.Scales self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Float.BYTES) {
            Chunks.each(0, n, Float.BYTES, (f, t) -> self.scaleF32(slice(x, Float.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = F.length();
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - w; i <= bound; i += w) {
            st(lf(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleF32(x, i, n, factor);
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        LoopFamilies.Scales self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Integer.BYTES) {
            Chunks.each(0, n, Integer.BYTES, (f, t) -> self.scaleI32(slice(x, Integer.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = I.length();
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - w; i <= bound; i += w) {
            st(li(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleI32(x, i, n, factor);
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        LoopFamilies.Scales self = this; // not the class's own type: SegmentCopies copies it
        if (n >= STREAM_BYTES / Long.BYTES) {
            Chunks.each(0, n, Long.BYTES, (f, t) -> self.scaleI64(slice(x, Long.BYTES, f, t), t - f, factor));
            return;
        }
        final int w = L.length();
        final int len = loopLength(n);
        int i = 0;
        for (int bound = len - w; i <= bound; i += w) {
            st(ll(x, i).mul(factor), x, i);
        }
        ScalarSupport.scaleI64(x, i, n, factor);
    }
}
