package io.jlvs.slowpath.config;

import io.jlvs.model.ForwardMethod;

/**
 * A real server, as {@code ipvsadm -a ... -r ADDRESS:PORT -g|-i|-m -w WEIGHT -x UPPER -y LOWER}.
 *
 * @param upperThreshold stop sending new connections at this many connections; 0 = no limit
 * @param lowerThreshold resume below this many; 0 = below 3/4 of the upper threshold
 * @param healthCheck    null when the server is never checked
 */
public record RealServerConfig(
        Ipv4Address address,
        Integer port,
        ForwardMethod method,
        Integer weight,
        Integer upperThreshold,
        Integer lowerThreshold,
        HealthCheckConfig healthCheck) {

    public RealServerConfig {
        method = Values.orDefault(method, ForwardMethod.DR);
        weight = Values.orDefault(weight, 1);
        upperThreshold = Values.orDefault(upperThreshold, 0);
        lowerThreshold = Values.orDefault(lowerThreshold, 0);
    }

    RealServerConfig withPort(Integer newPort) {
        return new RealServerConfig(address, newPort, method, weight, upperThreshold, lowerThreshold, healthCheck);
    }
}
