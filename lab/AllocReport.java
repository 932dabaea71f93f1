import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * lab/alloc-profile.sh's report of a JFR recording: bytes allocated per second by thread (from
 * jdk.ThreadAllocationStatistics, first and last sample of each thread) and the allocation sites
 * that weigh most (jdk.ObjectAllocationSample weights, by the first jlvs frame and the allocating
 * method). Run as a source file: java lab/AllocReport.java recording.jfr [sites]
 */
public class AllocReport {
    public static void main(String[] args) throws Exception {
        int sites = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        Map<String, long[]> firstLast = new HashMap<>();
        Map<String, Instant[]> times = new HashMap<>();
        Map<String, Long> bySite = new HashMap<>();
        Instant start = null, end = null;
        long sampled = 0;
        for (RecordedEvent e : events) {
            start = start == null || e.getStartTime().isBefore(start) ? e.getStartTime() : start;
            end = end == null || e.getEndTime().isAfter(end) ? e.getEndTime() : end;
            switch (e.getEventType().getName()) {
                case "jdk.ThreadAllocationStatistics" -> {
                    if (e.getThread("thread") == null) continue;
                    String t = e.getThread("thread").getJavaName();
                    long a = e.getLong("allocated");
                    long[] fl = firstLast.computeIfAbsent(t, k -> new long[] {a, a});
                    Instant[] ts = times.computeIfAbsent(t, k -> new Instant[] {e.getStartTime(), e.getStartTime()});
                    if (e.getStartTime().isBefore(ts[0])) { ts[0] = e.getStartTime(); fl[0] = a; }
                    if (e.getStartTime().isAfter(ts[1])) { ts[1] = e.getStartTime(); fl[1] = a; }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long w = e.getLong("weight");
                    sampled += w;
                    String thread = e.getThread("eventThread") == null ? "?" : e.getThread("eventThread").getJavaName();
                    bySite.merge(thread + " | " + site(e.getStackTrace()) + " | " + e.getClass("objectClass").getName(), w, Long::sum);
                }
                default -> { }
            }
        }
        double seconds = Math.max(1, Duration.between(start, end).toMillis() / 1000.0);
        System.out.printf("recording: %.0f s; sampled allocation %.1f KiB/s in all%n", seconds, sampled / 1024.0 / seconds);
        System.out.println("bytes allocated per second by thread (ThreadAllocationStatistics):");
        long total = 0;
        var rows = new java.util.ArrayList<Map.Entry<String, Double>>();
        for (var t : firstLast.entrySet()) {
            Instant[] ts = times.get(t.getKey());
            double span = Duration.between(ts[0], ts[1]).toMillis() / 1000.0;
            if (span < 1) continue;
            double rate = (t.getValue()[1] - t.getValue()[0]) / span;
            total += (long) rate;
            rows.add(Map.entry(t.getKey(), rate));
        }
        rows.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        for (var r : rows.subList(0, Math.min(12, rows.size()))) System.out.printf("  %10.1f KiB/s  %s%n", r.getValue() / 1024, r.getKey());
        System.out.printf("  %10.1f KiB/s  all threads (%.2f MiB/min)%n", total / 1024.0, total * 60 / 1048576.0);
        System.out.println("heaviest sampled allocation sites (thread | first jlvs frame <- allocating frame | class):");
        bySite.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(sites)
                .forEach(s -> System.out.printf("  %8.1f KiB/s  %s%n", s.getValue() / 1024.0 / seconds, s.getKey()));
    }

    private static String site(RecordedStackTrace stack) {
        if (stack == null) return "?";
        List<RecordedFrame> frames = stack.getFrames();
        String top = frames.isEmpty() ? "?" : name(frames.get(0));
        for (RecordedFrame f : frames) {
            if (f.getMethod().getType().getName().startsWith("io.jlvs.")) return name(f) + " <- " + top;
        }
        return (frames.size() > 3 ? name(frames.get(3)) + " <- " : "") + top;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName().replaceFirst("^io\\.jlvs\\.", "") + "." + f.getMethod().getName() + ":" + f.getLineNumber();
    }
}
