package io.jlvs.slowpath.rules;

import io.jlvs.slowpath.rules.text.Command;
import io.jlvs.slowpath.rules.text.IpvsadmCommandLine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuleEditorTest {

    private final RuleEditor editor = new RuleEditor(RuleSet.EMPTY, 4);

    private void apply(String commandLine) throws RuleException {
        Command c = IpvsadmCommandLine.parse(List.of(commandLine.split(" ")));
        editor.apply(((Command.Change) c).operation());
    }

    private List<String> servers() {
        return editor.build().services().getFirst().servers().stream().map(r -> r.destId() + "=" + r.endpoint() + "/w" + r.weight()).toList();
    }

    @Test
    void newServerGoesToTheHeadAndEditsKeepPositionAndId() throws RuleException {
        apply("-A -t 10.0.0.1:80 -s rr");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.3:80 -m");
        assertEquals(List.of("2=192.168.1.3:80/w1", "1=192.168.1.2:80/w1", "0=192.168.1.1:80/w1"), servers());

        apply("-e -t 10.0.0.1:80 -r 192.168.1.2:80 -m -w 5");
        assertEquals(List.of("2=192.168.1.3:80/w1", "1=192.168.1.2:80/w5", "0=192.168.1.1:80/w1"), servers());
    }

    @Test
    void freedIdsAreReusedOnlyAfterTheOthers() throws RuleException {
        apply("-A -t 10.0.0.1:80 -s rr");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.2:80 -m");
        apply("-d -t 10.0.0.1:80 -r 192.168.1.1:80");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.3:80 -m");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.4:80 -m");
        assertEquals(List.of("3=192.168.1.4:80/w1", "2=192.168.1.3:80/w1", "1=192.168.1.2:80/w1"), servers());
        apply("-a -t 10.0.0.1:80 -r 192.168.1.5:80 -m");
        assertEquals("0=192.168.1.5:80/w1", servers().getFirst(), "id 0, freed first, once 1..3 are taken (capacity 4)");

        RuleException full = assertThrows(RuleException.class, () -> apply("-a -t 10.0.0.1:80 -r 192.168.1.6:80 -m"));
        assertEquals("Memory allocation problem", full.getMessage());
    }

    @Test
    void quiescingKeepsTheLastWeight() throws RuleException {
        apply("-A -t 10.0.0.1:80 -s mh");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 7");
        apply("-e -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 0");
        RealServer r = editor.build().services().getFirst().servers().getFirst();
        assertEquals(0, r.weight());
        assertEquals(7, r.lastWeight());
    }

    @Test
    void editServiceReplacesEverySetting() throws RuleException {
        apply("-A -t 10.0.0.1:80 -s sh -b sh-port -p 60 -M 255.255.0.0");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m");
        apply("-E -t 10.0.0.1:80");
        VirtualService s = editor.build().services().getFirst();
        assertEquals(new ServiceSettings("wlc", java.util.Set.of(), 0, -1, false), s.settings(), "ipvsadm -E without -s means wlc");
        assertEquals(1, s.servers().size());
    }

    @Test
    void deleteServiceFreesItsServersIds() throws RuleException {
        apply("-A -t 10.0.0.1:80 -s rr");
        apply("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m");
        apply("-D -t 10.0.0.1:80");
        apply("-A -t 10.0.0.2:80 -s rr");
        for (int i = 1; i <= 4; i++) apply("-a -t 10.0.0.2:80 -r 192.168.1." + i + ":80 -m");
        assertEquals(4, editor.build().services().getFirst().servers().size());
    }
}
