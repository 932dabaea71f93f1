package io.jlvs.slowpath;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.SchedulerFlag;
import io.jlvs.slowpath.config.PersistenceConfig;
import io.jlvs.slowpath.config.RealServerConfig;
import io.jlvs.slowpath.config.ServiceConfig;
import io.jlvs.slowpath.config.TimeoutsConfig;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import io.jlvs.slowpath.rules.Timeouts;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The config file's services as the ipvsadm commands a setup script would run, in file order: -A for
 * each service, then -a for each of its real servers, each followed by jlvsadm's --add-check when it
 * has a health-check. As with ipvsadm, the last server listed ends up
 * at the head of IPVS's list, and -g/-i servers take the service's port.
 */
public final class ConfigServices {
    private ConfigServices() {}

    /** The config's timeouts as the rule set keeps them: the base every start's rules grow from. */
    public static Timeouts timeouts(TimeoutsConfig config) {
        return new Timeouts(config.tcp(), config.tcpfin(), config.udp());
    }

    public static List<Operation> operations(List<ServiceConfig> services) {
        List<Operation> ops = new ArrayList<>();
        for (ServiceConfig s : services) {
            ServiceKey key = s.protocol() == ServiceConfig.Protocol.TCP
                    ? ServiceKey.tcp(s.vip().bits(), s.port()) : ServiceKey.udp(s.vip().bits(), s.port());
            Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
            flags.addAll(s.schedulerFlags());
            PersistenceConfig p = s.persistence();
            ops.add(new Operation.AddService(key, new ServiceSettings(s.scheduler().configName(), flags,
                    p == null ? 0 : p.timeout(), p == null ? -1 : p.netmask().bits(), false)));
            for (RealServerConfig r : s.realServers()) {
                ForwardMethod method = r.method();
                int port = method == ForwardMethod.NAT ? r.port() : s.port();
                ops.add(new Operation.AddServer(key, new Operation.ServerSpec(r.address().bits(), port, method, r.weight(),
                        r.upperThreshold(), r.lowerThreshold())));
                if (r.healthCheck() != null) ops.add(new Operation.AddCheck(new ServerRef(key, r.address().bits(), port), r.healthCheck()));
            }
        }
        return ops;
    }
}
