package io.jlvs.slowpath.config;

import java.nio.file.Path;

/**
 * VIP announcement through BIRD 2 ({@code bgp:} in the config; absent, jlvs announces nothing).
 * jlvs does not speak BGP: it writes {@code include-file}, a BIRD {@code protocol static} holding one
 * /32 route per VIP it wants announced, and runs {@code birdc -s control-socket configure}. The
 * operator's bird.conf includes the file and exports the protocol's routes over BGP.
 *
 * @param includeFile    the file jlvs writes (BIRD syntax), included by bird.conf
 * @param controlSocket  BIRD's control socket (birdc -s)
 * @param birdc          the birdc command
 * @param protocol       the name of the static protocol in the file (bird.conf's export filter names it)
 * @param intervalMillis how often the healthy-VIP set is re-evaluated
 */
public record BgpConfig(Path includeFile, Path controlSocket, String birdc, String protocol, Integer intervalMillis) {
    public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/bird/bird.ctl");
    public static final String DEFAULT_BIRDC = "birdc";
    public static final String DEFAULT_PROTOCOL = "jlvs_vips";
    public static final int DEFAULT_INTERVAL_MILLIS = 500;

    public BgpConfig {
        controlSocket = Values.orDefault(controlSocket, DEFAULT_CONTROL_SOCKET);
        birdc = Values.orDefault(birdc, DEFAULT_BIRDC);
        protocol = Values.orDefault(protocol, DEFAULT_PROTOCOL);
        intervalMillis = Values.orDefault(intervalMillis, DEFAULT_INTERVAL_MILLIS);
    }
}
