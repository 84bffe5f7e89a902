package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * The child JVM of the cross-process tests. Commands (all print one line per step on stdout and wait for a line
 * on stdin where the test must act in between; stdin closing means "exit now, normally"):
 * <pre>
 * create DIR NAME LIFETIME N        create an int64 segment of N elements, print "ready", wait for stdin to close
 * add DIR NAME COUNT                getAndAdd(0, 1) COUNT times on an int64 segment, print "done"
 * attach-write DIR NAME SLOT N      open, print "attached", wait for a line, write SLOT into [SLOT*N, SLOT*N+N),
 *                                   read it back, close, print "ok"
 * read-after-truncate DIR NAME      open, print "mapped", wait for a line, read the last element, print what
 *                                   happened ("value ..." or "caught CLASS: MESSAGE"), then "alive"
 * check-after-truncate DIR NAME     open, print "mapped", wait for a line, call checkNotTruncated, print "whole" or
 *                                   "caught CLASS: MESSAGE", then "alive"
 * touch-all DIR NAME                open an int64 segment, write one element per 4 KiB page; print "touched N" or
 *                                   "caught CLASS: MESSAGE at element I", then "alive"
 * create-init DIR NAME N            create a PROCESS int64 segment of N elements whose initialiser writes element 0,
 *                                   prints "filling" and waits for a line; then print "published", wait for stdin
 *                                   to close
 * hold DIR NAME                     open read-only, print "attached", wait for stdin to close
 * gc DIR FOREIGN                    Segments.gc(DIR, false, FOREIGN): print "removed NAME" and
 *                                   "failed NAME: MESSAGE" lines, then "done"
 * list DIR                          print "NAME FORMAT OWNER" per entry, then "done"
 * open DIR NAME                     open, print "opened" or "caught CLASS: MESSAGE"
 * </pre>
 */
public final class ShmChild {
    private ShmChild() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Path dir = Path.of(args[1]);
        String name = args.length > 2 ? args[2] : null;
        SegmentOptions opts = SegmentOptions.defaults().directory(dir);
        switch (args[0]) {
            case "create" -> {
                SharedArray a = SharedArray.create(name, DType.INT64, Shape.of(Long.parseLong(args[4])),
                        opts.lifetime(Lifetime.valueOf(args[3])));
                a.asLongs().set(0, 7);
                say("ready");
                while (in.readLine() != null) {
                    // Keep the segment mapped until the test closes stdin.
                }
                a.close();
            }
            case "add" -> {
                try (SharedArray a = SharedArray.open(name, opts)) {
                    AtomicLongArray c = a.atomicLongs();
                    long n = Long.parseLong(args[3]);
                    for (long i = 0; i < n; i++) {
                        c.getAndAdd(0, 1);
                    }
                }
                say("done");
            }
            case "attach-write" -> {
                int slot = Integer.parseInt(args[3]);
                int n = Integer.parseInt(args[4]);
                try (SharedArray a = SharedArray.open(name, opts)) {
                    say("attached");
                    in.readLine();
                    for (int i = 0; i < n; i++) {
                        a.asLongs().set((long) slot * n + i, slot + 1);
                    }
                    for (int i = 0; i < n; i++) {
                        if (a.asLongs().get((long) slot * n + i) != slot + 1) {
                            say("mismatch at " + i);
                            System.exit(3);
                        }
                    }
                }
                say("ok");
            }
            case "read-after-truncate" -> {
                SharedArray a = SharedArray.open(name, opts);
                say("mapped");
                in.readLine();
                try {
                    long v = a.asLongs().get(a.length() - 1);
                    say("value " + v);
                } catch (Throwable t) {
                    say("caught " + t.getClass().getName() + ": " + t.getMessage());
                }
                a.close();
                say("alive");
            }
            case "check-after-truncate" -> {
                try (SharedArray a = SharedArray.open(name, opts)) {
                    say("mapped");
                    in.readLine();
                    try {
                        a.checkNotTruncated();
                        say("whole");
                    } catch (SegmentTruncatedException e) {
                        say("caught " + e.getClass().getName() + ": " + e.getMessage());
                    }
                }
                say("alive");
            }
            case "touch-all" -> {
                SharedArray a = SharedArray.open(name, opts);
                long i = 0;
                try {
                    for (; i < a.length(); i += 512) {
                        a.asLongs().set(i, i);
                    }
                    say("touched " + a.length());
                } catch (Throwable t) {
                    say("caught " + t.getClass().getName() + ": " + t.getMessage() + " at element " + i);
                }
                a.close();
                say("alive");
            }
            case "create-init" -> {
                SharedArray a = SharedArray.create(name, DType.INT64, Shape.of(Long.parseLong(args[3])), opts, x -> {
                    x.asLongs().set(0, 42);
                    say("filling");
                    try {
                        in.readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                say("published");
                while (in.readLine() != null) {
                    // Keep the segment mapped until the test closes stdin.
                }
                a.close();
            }
            case "hold" -> {
                try (SharedArray a = SharedArray.open(name, opts.readOnly(true))) {
                    say("attached " + a.length());
                    while (in.readLine() != null) {
                        // Keep the segment mapped until the test closes stdin.
                    }
                }
            }
            case "gc" -> {
                GcResult r = Segments.gc(dir, false, Boolean.parseBoolean(args[2]));
                r.removed().forEach(s -> say("removed " + s.name()));
                r.failed().forEach(f -> say("failed " + f.name() + ": " + f.error().getMessage()));
                say("done");
            }
            case "list" -> {
                for (SegmentInfo s : Segments.list(dir)) {
                    say(s.name() + " " + s.format() + " " + s.owner());
                }
                say("done");
            }
            case "open" -> {
                try (SharedArray a = SharedArray.open(name, opts)) {
                    say("opened " + a.length());
                } catch (Exception e) {
                    say("caught " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
