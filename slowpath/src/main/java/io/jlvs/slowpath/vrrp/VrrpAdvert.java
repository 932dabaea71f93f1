package io.jlvs.slowpath.vrrp;

import io.jlvs.model.Ipv4Text;
import io.jlvs.fastpath.packet.NetBytes;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The fields of one VRRPv3 advertisement.
 *
 * @param intervalCentis the sender's advertisement interval in centiseconds (1..4095)
 * @param addresses      the virtual IPv4 addresses, as ints
 */
public record VrrpAdvert(int vrid, int priority, int intervalCentis, int[] addresses) {

    public VrrpAdvert {
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException("virtual router id must be 1..255, was " + vrid);
        if (priority < 0 || priority > 255) throw new IllegalArgumentException("priority must be 0..255, was " + priority);
        if (intervalCentis < 1 || intervalCentis > VrrpFrames.MAX_INTERVAL_CENTIS) {
            throw new IllegalArgumentException("advertisement interval must be 1.." + VrrpFrames.MAX_INTERVAL_CENTIS
                + " centiseconds, was " + intervalCentis);
        }
        if (addresses.length > 255) throw new IllegalArgumentException("at most 255 addresses, was " + addresses.length);
        addresses = addresses.clone();
    }

    @Override
    public int[] addresses() { return addresses.clone(); }

    /** Whether the advert lists exactly these addresses, in any order. */
    public boolean sameAddresses(int[] others) {
        int[] a = addresses.clone();
        int[] b = others.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return Arrays.equals(a, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvert that && vrid == that.vrid && priority == that.priority
            && intervalCentis == that.intervalCentis && Arrays.equals(addresses, that.addresses);
    }

    @Override
    public int hashCode() { return ((vrid * 31 + priority) * 31 + intervalCentis) * 31 + Arrays.hashCode(addresses); }

    @Override
    public String toString() {
        return "vrid " + vrid + " priority " + priority + " interval " + intervalCentis + "cs addresses "
            + Arrays.stream(addresses).mapToObj(Ipv4Text::format).collect(Collectors.joining(","));
    }
}
