package io.jlvs.slowpath.config;

import java.util.List;

/**
 * One VRRP instance ({@code vrrp:} list; keepalived's {@code vrrp_instance}): the virtual router
 * {@code vrid} on port {@code port} holding {@code addresses} while master.
 *
 * @param name              the instance's name in logs, events and status (keepalived's instance name)
 * @param port              the name of the port the adverts go out of and the addresses live on
 * @param vrid              virtual router id 1..255, the same on every director of the group
 * @param priority          1..254 (255 would claim address ownership), higher wins; default 100
 * @param interval          advertisement interval in seconds, 0.01..40.95 (keepalived's {@code advert_int}); default 1
 * @param preempt           a higher priority takes over from a running master (default true)
 * @param nopreempt         keepalived's {@code nopreempt}: the same as {@code preempt: false}
 * @param addresses         the virtual IPv4 addresses (service VIPs, a NAT gateway): answered for and
 *                          forwarded only while master
 * @param garpMasterRepeat  gratuitous ARPs per address on becoming master (default 5)
 * @param garpMasterDelay   seconds until the second set of gratuitous ARPs (default 5; 0 = none)
 * @param garpMasterRefresh seconds between gratuitous ARPs while master (default 0 = none)
 */
public record VrrpConfig(
        String name,
        String port,
        Integer vrid,
        Integer priority,
        Double interval,
        Boolean preempt,
        Boolean nopreempt,
        List<Ipv4Address> addresses,
        Integer garpMasterRepeat,
        Double garpMasterDelay,
        Double garpMasterRefresh) {

    public static final int DEFAULT_PRIORITY = 100;
    public static final double DEFAULT_INTERVAL = 1.0;
    public static final int DEFAULT_GARP_REPEAT = 5;
    public static final double DEFAULT_GARP_DELAY = 5.0;

    public VrrpConfig {
        priority = Values.orDefault(priority, DEFAULT_PRIORITY);
        interval = Values.orDefault(interval, DEFAULT_INTERVAL);
        addresses = Values.list(addresses);
        garpMasterRepeat = Values.orDefault(garpMasterRepeat, DEFAULT_GARP_REPEAT);
        garpMasterDelay = Values.orDefault(garpMasterDelay, DEFAULT_GARP_DELAY);
        garpMasterRefresh = Values.orDefault(garpMasterRefresh, 0.0);
    }

    /** Preemption as configured: {@code nopreempt: true} or {@code preempt: false} turn it off. */
    public boolean preempts() {
        return !Boolean.TRUE.equals(nopreempt) && !Boolean.FALSE.equals(preempt);
    }

    /** The advertisement interval in centiseconds, as VRRPv3 carries it. */
    public int intervalCentis() {
        return (int) Math.round(interval * 100);
    }
}
