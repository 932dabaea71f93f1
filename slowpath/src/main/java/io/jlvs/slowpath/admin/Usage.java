package io.jlvs.slowpath.admin;

/** -h and -v, in ipvsadm's words for what jlvsadm supports. */
final class Usage {
    private Usage() {}

    static final String VERSION = "jlvsadm v1.31 (ipvsadm-compatible admin for jlvs; IPVS v" + IpvsadmFormatter.IPVS_VERSION + ")";

    static final String TEXT = VERSION + "\n" + """
            Usage:
              jlvsadm -A|E -t|u|f service-address [-s scheduler] [-p [timeout]] [-M netmask] [-b sched-flags] [-o]
              jlvsadm -D -t|u|f service-address
              jlvsadm -C
              jlvsadm -R
              jlvsadm -S [-n]
              jlvsadm -a|e -t|u|f service-address -r server-address [options]
              jlvsadm -d -t|u|f service-address -r server-address
              jlvsadm -L|l [options]
              jlvsadm -Z [-t|u|f service-address]
              jlvsadm --set tcp tcpfin udp
              jlvsadm --journal
              jlvsadm --add-check|--edit-check -t|u service-address -r server-address --check-type tcp-connect|http-get [check options]
              jlvsadm --del-check -t|u service-address -r server-address
              jlvsadm -h

            Commands:
            Either long or short options are allowed.
              --add-service     -A        add virtual service with options
              --edit-service    -E        edit virtual service with options
              --delete-service  -D        delete virtual service
              --clear           -C        clear the whole table
              --restore         -R        restore rules from stdin (all lines or none)
              --save            -S        save rules to stdout
              --add-server      -a        add real server with options
              --edit-server     -e        edit real server with options
              --delete-server   -d        delete real server
              --list            -L|-l     list the table
              --zero            -Z        zero counters in a service or all services
              --set tcp tcpfin udp        set connection timeout values
              --journal                   print the history of changes: time, origin, command
              --add-check                 add a health check to a real server (jlvs's own)
              --edit-check                replace a real server's health check (jlvs's own)
              --del-check                 remove a real server's health check (jlvs's own)
              --help            -h        display this help message

            Options:
              --tcp-service  -t service-address   service-address is host[:port]
              --udp-service  -u service-address   service-address is host[:port]
              --fwmark-service  -f fwmark         fwmark is an integer greater than zero
              --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh|twos,
                                                  the default scheduler is wlc.
              --sched-flags  -b flags             scheduler flags (comma-separated)
              --persistent   -p [timeout]         persistent service
              --netmask      -M netmask           persistent granularity mask
              --real-server  -r server-address    server-address is host (and port)
              --gatewaying   -g                   gatewaying (direct routing) (default)
              --ipip         -i                   ipip encapsulation (tunneling)
              --masquerading -m                   masquerading (NAT)
              --weight       -w weight            capacity of real server
              --u-threshold  -x uthreshold        upper threshold of connections
              --l-threshold  -y lthreshold        lower threshold of connections
              --connection   -c                   output of current IPVS connections
              --timeout                           output of timeout (tcp tcpfin udp)
              --daemon                            output of daemon information
              --stats                             output of statistics information
              --rate                              output of rate information
              --exact                             expand numbers (display exact values)
              --thresholds                        output of thresholds information
              --persistent-conn                   output of persistent connection info
              --nosort                            disable sorting output of service/server entries
              --sort                              does nothing, for backwards compatibility
              --ops          -o                   one-packet scheduling
              --numeric      -n                   numeric output of addresses and ports
              --health                            output of each real server's health check and state
            Health check options (jlvs's own; the config file's health-check keys, defaults as there):
              --check-type tcp-connect|http-get   what passes: a TCP connection opens, or GET answers the status
              --check-port port                   where to check (default: the real server's port)
              --check-path path                   http-get: the request path (default /)
              --check-status code                 http-get: the status that means healthy (default 200)
              --check-host host                   http-get: the Host header (default: the server's address:port)
              --check-interval-ms ms              between checks (default 5000)
              --check-timeout-ms ms               a slower check fails (default 2000)
              --check-retries n                   failed checks in a row before the server is down (default 3)
              --check-on-failure remove|quiesce   what a down server gets (default remove)
            """;
}
