package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;

import java.util.List;

/**
 * One virtual router as configured.
 *
 * @param name              the instance's name (logs, events, status)
 * @param vrid              virtual router id, 1..255
 * @param priority          1..255 (255: the address owner, master at once)
 * @param intervalCentis    advertisement interval in centiseconds (keepalived's {@code advert_int}, default 1 s)
 * @param preempt           a higher-priority backup takes over from a lower-priority master (RFC 5798's
 *                          Preempt_Mode, default true); false is keepalived's {@code nopreempt}
 * @param addresses         the virtual IPv4 addresses, as ints, in advert order
 * @param garpRepeat        gratuitous ARPs per address on becoming master (keepalived's
 *                          {@code garp_master_repeat}, default 5)
 * @param garpDelayMs       delay of the second set of gratuitous ARPs after becoming master
 *                          (keepalived's {@code garp_master_delay}, default 5 s; 0 = no second set)
 * @param garpRefreshMs     period of gratuitous ARPs while master (keepalived's {@code garp_master_refresh},
 *                          default 0 = none)
 */
public record VrrpSettings(String name, int vrid, int priority, int intervalCentis, boolean preempt,
                           List<Integer> addresses, int garpRepeat, long garpDelayMs, long garpRefreshMs) {

    public static final int DEFAULT_INTERVAL_CENTIS = 100;
    public static final int DEFAULT_GARP_REPEAT = 5;
    public static final long DEFAULT_GARP_DELAY_MS = 5_000;

    public VrrpSettings {
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException("vrid must be 1..255, was " + vrid);
        if (priority < 1 || priority > 255) throw new IllegalArgumentException("priority must be 1..255, was " + priority);
        if (intervalCentis < 1 || intervalCentis > VrrpFrames.MAX_INTERVAL_CENTIS) {
            throw new IllegalArgumentException("interval must be 0.01..40.95 s, was " + intervalCentis / 100.0 + " s");
        }
        if (addresses.isEmpty()) throw new IllegalArgumentException("at least one virtual address is needed");
        if (addresses.size() > 255) throw new IllegalArgumentException("at most 255 virtual addresses");
        if (garpRepeat < 0) throw new IllegalArgumentException("garp repeat must be >= 0");
        if (garpDelayMs < 0 || garpRefreshMs < 0) throw new IllegalArgumentException("garp delays must be >= 0");
        addresses = List.copyOf(addresses);
    }

    public int[] addressArray() { return addresses.stream().mapToInt(Integer::intValue).toArray(); }

    /** RFC 5798 6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, here in ms. */
    public static long skewMs(int priority, int masterIntervalCentis) {
        return (256L - priority) * masterIntervalCentis * 10 / 256;
    }

    /** RFC 5798 6.1: Master_Down_Interval = 3 * Master_Adver_Interval + Skew_time, in ms. */
    public static long masterDownMs(int priority, int masterIntervalCentis) {
        return 3L * masterIntervalCentis * 10 + skewMs(priority, masterIntervalCentis);
    }

    public String describeAddresses() {
        return String.join(",", addresses.stream().map(Ipv4Text::format).toList());
    }
}
