package io.jlvs.slowpath.config;

import io.jlvs.model.SchedulerFlag;

import java.util.List;

/**
 * A virtual service, as {@code ipvsadm -A -t|-u VIP:PORT -s SCHED [-b FLAGS] [-p T [-M MASK]]}
 * with its real servers. A real server without a port takes the service's port.
 *
 * @param port        1..65535, or 0 for a persistent service that takes every port
 * @param persistence null when connections are scheduled independently
 */
public record ServiceConfig(
        Protocol protocol,
        Ipv4Address vip,
        Integer port,
        Scheduler scheduler,
        List<SchedulerFlag> schedulerFlags,
        PersistenceConfig persistence,
        List<RealServerConfig> realServers) {

    public ServiceConfig {
        scheduler = Values.orDefault(scheduler, Scheduler.WLC);
        schedulerFlags = Values.list(schedulerFlags);
        final Integer servicePort = port;
        realServers = Values.list(realServers).stream()
                .map(server -> server == null || server.port() != null ? server : server.withPort(servicePort))
                .toList();
    }

    public enum Protocol implements ConfigName {
        TCP, UDP
    }

    /** IPVS's schedulers, by their ipvsadm names. */
    public enum Scheduler implements ConfigName {
        RR, WRR, LC, WLC, SED, NQ, LBLC, LBLCR, DH, SH, MH, FO, OVF, TWOS
    }
}
