package io.jlvs.slowpath.rules.text;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.SchedulerFlag;
import io.jlvs.slowpath.rules.Operation.ServerSpec;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import io.jlvs.slowpath.rules.Timeouts;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The journal stores operations as ipvsadm command lines: each must parse back to an equal operation. */
class RuleTextTest {

    private static final ServiceKey WEB = ServiceKey.tcp(0x0a000001, 80);

    @Test
    void everyOperationRoundTrips() throws RuleException {
        List<Operation> operations = List.of(
                new Operation.AddService(WEB, new ServiceSettings("sh", EnumSet.of(SchedulerFlag.SH_FALLBACK, SchedulerFlag.SH_PORT), 300, 0xffffff00, false)),
                new Operation.AddService(ServiceKey.udp(0x0a000002, 53), new ServiceSettings("rr", Set.of(), 0, -1, true)),
                new Operation.AddService(ServiceKey.fwmark(4_000_000_000L), new ServiceSettings("wlc", Set.of(), 0, 0xffff0000, false)),
                new Operation.EditService(WEB, new ServiceSettings("mh", Set.of(SchedulerFlag.MH_PORT), 0, -1, false)),
                new Operation.DeleteService(WEB),
                new Operation.Clear(),
                new Operation.AddServer(WEB, new ServerSpec(0xc0a80101, 8080, ForwardMethod.NAT, Integer.MAX_VALUE, 100, 50)),
                new Operation.EditServer(WEB, new ServerSpec(0xc0a80101, 80, ForwardMethod.TUN, 0, 0, 0)),
                new Operation.DeleteServer(WEB, 0xc0a80101, 8080),
                new Operation.SetTimeouts(new Timeouts(3600, 0, 60)),
                new Operation.ZeroCounters(null),
                new Operation.ZeroCounters(WEB));
        for (Operation op : operations) {
            assertEquals(op, RuleText.parse(RuleText.format(op)), RuleText.format(op));
        }
    }

    @Test
    void textIsIpvsadmSyntax() {
        assertEquals("-A -t 10.0.0.1:80 -s sh -b sh-fallback,sh-port -p 300 -M 255.255.255.0",
                RuleText.format(new Operation.AddService(WEB, new ServiceSettings("sh", EnumSet.of(SchedulerFlag.SH_PORT, SchedulerFlag.SH_FALLBACK), 300, 0xffffff00, false))));
        assertEquals("-a -t 10.0.0.1:80 -r 192.168.1.1:8080 -m -w 3 -x 0 -y 0",
                RuleText.format(new Operation.AddServer(WEB, new ServerSpec(0xc0a80101, 8080, ForwardMethod.NAT, 3, 0, 0))));
    }
}
