package io.jlvs.slowpath.admin;

import io.jlvs.slowpath.Jlvsadm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Refusals with ipvsadm's message and exit status: 2 for what ipvsadm rejects itself (fail(2, ...)),
 * 255 for what the kernel refuses (ipvsadm prints ipvs_strerror and returns -1 from main), and a
 * refused command changes nothing.
 */
class IpvsadmErrorsTest {

    private final Jlvsadm jlvsadm = new Jlvsadm();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -A -t 10.0.0.1:80                              | Service already exists | 255
            -A -t 10.0.0.1:81 -s foo                       | Scheduler not found | 255
            -E -t 10.0.0.9:80 -s rr                        | No such service | 255
            -E -t 10.0.0.1:80 -s nope                      | Scheduler not found | 255
            -D -t 10.0.0.9:80                              | No such service | 255
            -Z -t 10.0.0.9:80                              | No such service | 255
            -a -t 10.0.0.9:80 -r 192.168.1.1               | Service not defined | 255
            -a -t 10.0.0.1:80 -r 192.168.1.1:80            | Destination already exists | 255
            -e -t 10.0.0.1:80 -r 192.168.1.2               | No such destination | 255
            -d -t 10.0.0.1:80 -r 192.168.1.2               | No such destination | 255
            -d -t 10.0.0.9:80 -r 192.168.1.1               | Service not defined | 255
            -a -t 10.0.0.1:80 -r 192.168.1.3 -x 5 -y 6     | Numerical result out of range | 255
            -a -t 10.0.0.1:80 -r 192.168.1.3 -w -1         | illegal weight specified | 2
            -a -t 10.0.0.1:80 -r 192.168.1.3 -w 2147483648 | illegal weight specified | 2
            -a -t 10.0.0.1:80 -r 192.168.1.3 -x many       | illegal u_threshold specified | 2
            -a -t 10.0.0.1:80 -r 192.168.1.3 -y -2         | illegal l_threshold specified | 2
            -a -t 10.0.0.1:80 -r 192.168.1.300             | illegal real server address[:port] specified | 2
            -A -t 10.0.0.256:80                            | illegal virtual server address[:port] specified | 2
            -A -t 10.0.0.1:65536                           | illegal virtual server address[:port] specified | 2
            -A -t 80                                       | illegal virtual server address[:port] specified | 2
            -A -t 10.0.0.2                                 | Zero port specified for non-persistent service | 2
            -A -t 10.0.0.2:53 -o                           | One-Packet Scheduling is only for UDP virtual services | 2
            -A -t 10.0.0.2:80 -p 0                         | invalid timeout value `0' specified | 2
            -A -t 10.0.0.2:80 -p 2678401                   | invalid timeout value `2678401' specified | 2
            -A -t 10.0.0.2:80 -p 60 -M 255.255.255.x       | illegal virtual server persistent mask specified | 2
            -A -f 0                                        | invalid fwmark value `0' specified | 2
            -A -f 7 -s rr -p                               | jlvs does not forward firewall-mark services (-f 7): its fast path sees no netfilter mark; use one -t/-u service per port, or a port-0 service with -p to keep a client on one server across ports | 2
            -A -t 10.0.0.2:80 -s sh -b sh-sideways         | invalid scheduler flag `sh-sideways' | 2
            -A -t 10.0.0.2:80 -s rr -b sh-port             | incompatible scheduler flag `sh-port' | 2
            -A                                             | You need to supply the 'service-address' option for the 'add-service' command | 2
            -a -t 10.0.0.1:80                              | You need to supply the 'real-server' option for the 'add-server' command | 2
            -A -t 10.0.0.2:80 -w 3                         | Illegal 'weight' option with the 'add-service' command | 2
            -D -t 10.0.0.1:80 -s rr                        | Illegal 'scheduler' option with the 'delete-service' command | 2
            -C -t 10.0.0.1:80                              | Illegal 'service-address' option with the 'flush' command | 2
            -L -c --timeout                                | The option 'timeout' conflicts with the 'connection' option in the 'list' command | 2
            -L -c --stats                                  | options conflicts in the list command | 2
            -A -t 10.0.0.2:80 -s rr -s wlc                 | multiple 'scheduler' options specified | 2
            -a -t 10.0.0.1:80 -r 192.168.1.3 -m -g         | multiple 'forwarding-method' options specified | 2
            -A -E -t 10.0.0.2:80                           | multiple commands specified | 2
            --set 1 2                                      | --set option requires 3 timeout values | 2
            --set 1 2 x                                    | invalid timeout value `x' specified | 2
            -C now                                         | unexpected argument now | 2
            -A -t 10.0.0.2:80 -s                           | -s: missing argument | 255
            -A -t 10.0.0.2:80 --frobnicate                 | --frobnicate: unknown option | 255
            -t 10.0.0.2:80                                 | Try `jlvsadm -h' or 'jlvsadm --help' for more information. | 255
            -L -t 10.0.0.9:80                              | No such service | 1
            """)
    void refused(String commandLine, String message, int exitStatus) {
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wlc");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m");
        String before = jlvsadm.ok("-S -n");
        int journalled = jlvsadm.journal.entries.size();

        Response response = jlvsadm.run(commandLine);

        assertEquals(new Response("", message + "\n", exitStatus), response);
        assertEquals(before, jlvsadm.ok("-S -n"), "a refused command changes nothing");
        assertEquals(journalled, jlvsadm.journal.entries.size(), "a refused command is not journaled");
    }

    @Test
    void restoreWithABadLineAppliesNothing() {
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wlc");
        String input = """
                -A -t 10.0.0.2:80 -s rr
                -a -t 10.0.0.2:80 -r 192.168.1.1:80 -m

                -a -t 10.0.0.2:80 -r 192.168.1.2:80 -m -w many
                """;

        assertEquals(new Response("", "line 4: illegal weight specified\n", 2), jlvsadm.run("-R", input));
        assertEquals("-A -t 10.0.0.1:80 -s wlc\n", jlvsadm.ok("-S -n"));
    }

    @Test
    void restoreRefusedByTheRulesAppliesNothing() {
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wlc");
        String input = """
                -A -t 10.0.0.2:80 -s rr
                -a -t 10.0.0.2:80 -r 192.168.1.1:80 -m
                -A -t 10.0.0.1:80 -s rr
                """;

        assertEquals(new Response("", "line 3: Service already exists\n", 255), jlvsadm.run("-R", input));
        assertEquals("-A -t 10.0.0.1:80 -s wlc\n", jlvsadm.ok("-S -n"));
    }

    @Test
    void restoreMayZeroAServiceAndThenDeleteIt() {
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wlc");
        assertEquals(new Response("", "", 0), jlvsadm.run("-R", "-Z -t 10.0.0.1:80\n-D -t 10.0.0.1:80\n"));
        assertEquals("", jlvsadm.ok("-S -n"));
    }

    @Test
    void restoreOfSavedRulesRebuildsThem() {
        jlvsadm.ok("-A -t 10.0.0.1:80 -s wrr -p 60");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.1:8080 -m -w 3");
        jlvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.2 -i");
        String saved = jlvsadm.ok("-S -n");

        Jlvsadm restored = new Jlvsadm();
        assertEquals(new Response("", "", 0), restored.run("-R", saved));
        assertEquals(saved, restored.ok("-S -n"));
        assertEquals(1, restored.journal.entries.size(), "one restore is one journal entry");
    }
}
