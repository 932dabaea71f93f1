package io.jlvs.slowpath.health;

import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.model.ForwardMethod;
import io.jlvs.slowpath.config.HealthCheckConfig.OnFailure;
import io.jlvs.slowpath.config.HealthCheckConfig.Type;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleEditor;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.RuleSet;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;

import java.time.Duration;
import java.util.Set;

/** Services, servers and checks the health tests share. */
final class Fixtures {
    private Fixtures() {}

    static final int LOOPBACK = 0x7f00_0001;
    static final ServiceKey VIP_80 = ServiceKey.tcp(0x0a00_0001, 80);
    static final Duration INTERVAL = Duration.ofMillis(20);
    static final int INTERVAL_MS = (int) INTERVAL.toMillis();
    /**
     * Generous: the failures these tests provoke are refused connections, which come at once; a check
     * against a live server must never fail for being slow on a loaded machine.
     */
    static final int TIMEOUT_MS = 10_000;

    static ServerRef server(int port) { return new ServerRef(VIP_80, LOOPBACK, port); }

    static HealthCheckConfig tcpCheck(int retries, OnFailure onFailure) {
        return new HealthCheckConfig(Type.TCP_CONNECT, null, null, null, INTERVAL_MS, TIMEOUT_MS, retries, onFailure, null);
    }

    static HealthCheckConfig httpCheck(String path, int status, int retries, OnFailure onFailure) {
        return new HealthCheckConfig(Type.HTTP_GET, null, path, status, INTERVAL_MS, TIMEOUT_MS, retries, onFailure, null);
    }

    /** One rr service on 10.0.0.1:80 with masqueraded servers on 127.0.0.1 at {@code ports}, each weight {@code weight}. */
    static RuleSet rules(int weight, int... ports) throws RuleException {
        RuleEditor editor = new RuleEditor(RuleSet.EMPTY, 64);
        editor.apply(new Operation.AddService(VIP_80, new ServiceSettings("rr", Set.of(), 0, -1, false)));
        for (int port : ports) {
            editor.apply(new Operation.AddServer(VIP_80, new Operation.ServerSpec(LOOPBACK, port, ForwardMethod.NAT, weight, 0, 0)));
        }
        return editor.build();
    }

    static RuleSet apply(RuleSet rules, Operation op) throws RuleException {
        RuleEditor editor = new RuleEditor(rules, 64);
        editor.apply(op);
        return editor.build();
    }
}
