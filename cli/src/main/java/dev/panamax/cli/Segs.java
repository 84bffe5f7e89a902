package dev.panamax.cli;

import dev.panamax.shm.SegmentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code info}, {@code list}, {@code create} and {@code gc} show a segment, as text and as JSON. */
final class Segs {
    private Segs() {
    }

    /**
     * The JSON object of a segment: {@code name, dtype, shape, bytes, lifetime, creator_pid, creator_alive,
     * attached_pids, format}, then {@code path}, {@code created}, {@code owner} and {@code owner_uid}.
     * {@code bytes} is the file size (header and data). An unknown creator pid is {@code null}; so is
     * {@code creator_alive} when this process cannot tell (another pid namespace or machine, an older segment).
     * {@code format} is {@code panamax}, {@code npy} or {@code unreadable} (permission denied: only name, size and
     * owner are known).
     */
    static Map<String, Object> json(SegmentInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("dtype", s.dtype() == null ? null : s.dtype().numpyName());
        m.put("shape", s.shape() == null ? null : s.shape().dims());
        m.put("bytes", s.bytes());
        m.put("lifetime", lower(s.lifetime()));
        m.put("creator_pid", s.creatorPid() > 0 ? s.creatorPid() : null);
        m.put("creator_alive", s.creatorPid() <= 0 || s.creatorLiveness() == SegmentInfo.Liveness.UNKNOWN ? null
                : s.creatorAlive());
        m.put("attached_pids", s.attachedPids() == null ? List.of() : s.attachedPids());
        m.put("format", lower(s.format()));
        m.put("path", s.path() == null ? null : s.path().toString());
        m.put("created", s.created() == null ? null : s.created().toString());
        m.put("owner", s.owner());
        m.put("owner_uid", s.ownerUid());
        IpcSegs.json(s, m);
        return m;
    }

    static List<Map<String, Object>> json(List<SegmentInfo> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        list.forEach(s -> out.add(json(s)));
        return out;
    }

    /** The lines of {@code info}: one {@code key: value} per line. */
    static List<String> describe(SegmentInfo s) {
        Text.Table t = new Text.Table("name:", s.name());
        t.row("path:", s.path());
        t.row("format:", format(s));
        t.row("owner:", owner(s));
        t.row("dtype:", s.dtype() == null ? "unknown" : s.dtype().numpyName() + " (" + s.dtype().typestr() + ")");
        t.row("shape:", shape(s));
        t.row("size:", Text.bytes(s.bytes()) + " (" + s.bytes() + " bytes" + dataBytes(s) + ")");
        t.row("lifetime:", lower(s.lifetime()));
        t.row("creator:", s.creatorLiveness() == SegmentInfo.Liveness.UNKNOWN && s.creatorPid() > 0
                ? s.creatorPid() + " (alive or not: cannot tell from here; another pid namespace or machine, or a "
                        + "segment of an earlier version; gc leaves it alone)"
                : creator(s));
        t.row("attached:", attached(s));
        t.row("created:", s.created() == null ? "-" : s.created().toString());
        IpcSegs.describe(s, t);
        return t.lines();
    }

    /** The table of {@code list}. */
    static Text.Table table(List<SegmentInfo> list) {
        Text.Table t = new Text.Table("NAME", "DTYPE", "SHAPE", ">SIZE", "LIFETIME", "OWNER", "CREATOR", "ATTACHED",
                "FORMAT");
        for (SegmentInfo s : list) {
            t.row(s.name(), IpcSegs.dtypeCell(s, s.dtype() == null ? "?" : s.dtype().numpyName()),
                    IpcSegs.shapeCell(s, shape(s)), Text.bytes(s.bytes()), lower(s.lifetime()), s.owner(), creator(s),
                    attached(s), format(s));
        }
        return t;
    }

    /** @return {@code ", 40000 of data"} when dtype and shape are known, else empty */
    private static String dataBytes(SegmentInfo s) {
        return s.dtype() == null || s.shape() == null ? "" : ", " + s.shape().byteSize(s.dtype()) + " of data";
    }

    static String shape(SegmentInfo s) {
        return s.shape() == null ? "?" : s.shape().toPythonTuple();
    }

    private static String creator(SegmentInfo s) {
        if (s.creatorPid() <= 0) {
            return "-";
        }
        return s.creatorPid() + switch (s.creatorLiveness()) {
            case ALIVE -> "";
            case DEAD -> " (gone)";
            case UNKNOWN -> " (?)";
        };
    }

    /** @return the format; a file this user may not read says so */
    private static String format(SegmentInfo s) {
        return s.format() == SegmentInfo.Format.UNREADABLE ? "permission denied" : lower(s.format());
    }

    /** @return the owner's name, and whose it is when it is not the caller's */
    private static String owner(SegmentInfo s) {
        return s.owner() + " (uid " + s.ownerUid() + (s.ownedByCaller() ? ")" : ", another user)");
    }

    private static String attached(SegmentInfo s) {
        if (s.attachedPids() == null || s.attachedPids().isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (Long pid : s.attachedPids()) {
            sb.append(sb.isEmpty() ? "" : ",").append(pid);
        }
        return sb.toString();
    }

    static String lower(Enum<?> e) {
        return e == null ? "unknown" : e.name().toLowerCase(Locale.ROOT);
    }
}
