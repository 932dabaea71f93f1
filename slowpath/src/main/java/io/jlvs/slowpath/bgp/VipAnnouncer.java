package io.jlvs.slowpath.bgp;

import io.jlvs.fastpath.ServiceTable;
import io.jlvs.slowpath.config.BgpConfig;
import io.jlvs.model.Ipv4Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Which VIPs this director asks BIRD to announce, and the telling. A VIP is announced while the
 * director is ready and at least one of the services on it has a real server with a weight above 0
 * in the published rules (health checks take failed servers to 0 or out, an operator's {@code -d}
 * or {@code -D} takes them out); otherwise, and after {@link #withdrawAll()}, it is not.
 *
 * <p>Telling BIRD is writing its include file (a {@code protocol static} with one /32 per VIP,
 * replaced atomically) and running {@code birdc configure}; BIRD then adds or withdraws the routes
 * without restarting its BGP sessions. When jlvs dies without withdrawing, the BGP session dies with
 * it (it runs through jlvs's exception path), so the peer withdraws the routes when its hold timer
 * expires. A failed birdc is logged and retried on the next {@link #update}.
 */
public final class VipAnnouncer {

    /** Runs {@code birdc configure}; returns its output, or throws when BIRD did not take the file. */
    @FunctionalInterface
    public interface Bird {
        String configure() throws IOException, InterruptedException;
    }

    private final Path includeFile;
    private final String protocol;
    private final Bird bird;
    private final Consumer<String> log;
    /** What BIRD has been told, null before the first successful configure. */
    private SortedSet<Integer> announced;

    public VipAnnouncer(Path includeFile, String protocol, Bird bird, Consumer<String> log) {
        this.includeFile = Objects.requireNonNull(includeFile);
        this.protocol = Objects.requireNonNull(protocol);
        this.bird = Objects.requireNonNull(bird);
        this.log = Objects.requireNonNull(log);
    }

    /** The announcer of the config's {@code bgp:} section, telling BIRD through birdc. */
    public static VipAnnouncer of(BgpConfig config, Consumer<String> log) {
        return new VipAnnouncer(config.includeFile(), config.protocol(), birdc(config.birdc(), config.controlSocket()), log);
    }

    /** The VIPs with at least one real server that may take new connections (weight above 0). */
    public static SortedSet<Integer> healthyVips(ServiceTable table) {
        SortedSet<Integer> vips = new TreeSet<>(Integer::compareUnsigned);
        for (int i = 0; i < table.serviceCount(); i++) {
            ServiceTable.Service s = table.service(i);
            for (int r = 0; r < s.servers.count(); r++) {
                if (s.servers.weight(r) > 0) {
                    vips.add(s.address);
                    break;
                }
            }
        }
        return vips;
    }

    /** The include file's text: BIRD 2 syntax, one blackhole /32 per VIP (BGP sets itself as next hop). */
    public static String includeText(String protocol, SortedSet<Integer> vips) {
        StringBuilder b = new StringBuilder("# Written by jlvs (bgp.include-file): the VIPs this director announces.\n")
                .append("# Replaced whenever the set changes; do not edit.\n")
                .append("protocol static ").append(protocol).append(" {\n")
                .append("  ipv4;\n");
        for (int vip : vips) b.append("  route ").append(Ipv4Text.format(vip)).append("/32 blackhole;\n");
        return b.append("}\n").toString();
    }

    /** Announces exactly {@code vips} (when the director is ready), if that is not what BIRD already has. */
    public synchronized boolean update(SortedSet<Integer> vips) {
        if (vips.equals(announced)) return false;
        SortedSet<Integer> next = new TreeSet<>(Integer::compareUnsigned);
        next.addAll(vips);
        try {
            Path tmp = includeFile.resolveSibling(includeFile.getFileName() + ".tmp");
            Files.writeString(tmp, includeText(protocol, next), StandardCharsets.US_ASCII);
            Files.move(tmp, includeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            bird.configure();
            List<String> shown = new ArrayList<>();
            for (int v : next) shown.add(Ipv4Text.format(v));
            log.accept("bgp: announcing " + (shown.isEmpty() ? "no VIP" : String.join(", ", shown)));
            announced = next;
            return true;
        } catch (IOException e) {
            log.accept("bgp: could not tell BIRD (" + e.getMessage() + "); retrying");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Withdraws every VIP (start-up before ready, shutdown). */
    public boolean withdrawAll() { return update(new TreeSet<>()); }

    /** What BIRD was last told successfully (empty before). */
    public synchronized SortedSet<Integer> announced() { return announced == null ? new TreeSet<>() : new TreeSet<>(announced); }

    /** {@code birdc -s SOCKET configure}: BIRD re-reads bird.conf with the include file. */
    static Bird birdc(String command, Path socket) {
        return () -> {
            Process p = new ProcessBuilder(command, "-s", socket.toString(), "configure").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int rc = p.waitFor();
            // birdc exits 0 even when BIRD refused the file; its reply says which.
            if (rc != 0 || !out.contains("Reconfigur")) {
                throw new IOException(command + " configure: exit " + rc + ": " + out.replace('\n', ' '));
            }
            return out;
        };
    }
}
