package io.jlvs.slowpath.rules;

import io.jlvs.model.Ipv4Text;

/**
 * What identifies a virtual service, as IPVS does: protocol, address and port, or a firewall mark.
 * Addresses are IPv4 as 32-bit numbers.
 */
public record ServiceKey(Kind kind, int address, int port, long fwmark) {

    /** ipvsadm's -t, -u and -f. */
    public enum Kind { TCP, UDP, FWMARK }

    public ServiceKey {
        if (kind == Kind.FWMARK) {
            if (fwmark < 1 || fwmark > 0xffff_ffffL) throw new IllegalArgumentException("fwmark must be 1..4294967295, was " + fwmark);
            if (address != 0 || port != 0) throw new IllegalArgumentException("a fwmark service has no address or port");
        } else {
            if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port must be 0..65535, was " + port);
            if (fwmark != 0) throw new IllegalArgumentException("a " + kind + " service has no fwmark");
        }
    }

    public static ServiceKey tcp(int address, int port) { return new ServiceKey(Kind.TCP, address, port, 0); }

    public static ServiceKey udp(int address, int port) { return new ServiceKey(Kind.UDP, address, port, 0); }

    public static ServiceKey fwmark(long mark) { return new ServiceKey(Kind.FWMARK, 0, 0, mark); }

    public boolean isFwmark() { return kind == Kind.FWMARK; }

    /** The order ipvsadm lists services in (ipvs_cmp_services): fwmark, protocol, address, port. */
    public static int compare(ServiceKey a, ServiceKey b) {
        int byMark = Long.compare(a.fwmark, b.fwmark);
        if (byMark != 0) return byMark;
        int byProtocol = Integer.compare(a.protocolNumber(), b.protocolNumber());
        if (byProtocol != 0) return byProtocol;
        int byAddress = Integer.compareUnsigned(a.address, b.address);
        return byAddress != 0 ? byAddress : Integer.compare(a.port, b.port);
    }

    /** ipvsadm's service option with numeric ports: {@code -t 10.0.0.1:80}, {@code -u ...}, {@code -f 5}. */
    public String option() {
        return switch (kind) {
            case TCP -> "-t " + Ipv4Text.endpoint(address, port);
            case UDP -> "-u " + Ipv4Text.endpoint(address, port);
            case FWMARK -> "-f " + fwmark;
        };
    }

    /** IP protocol number; a fwmark service counts as TCP, as ipvsadm sets it. */
    public int protocolNumber() { return kind == Kind.UDP ? 17 : 6; }
}
