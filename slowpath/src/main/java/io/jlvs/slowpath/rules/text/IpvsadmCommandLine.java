package io.jlvs.slowpath.rules.text;

import io.jlvs.model.ForwardMethod;
import io.jlvs.model.Ipv4Text;
import io.jlvs.model.SchedulerFlag;
import io.jlvs.slowpath.config.ConfigName;
import io.jlvs.slowpath.config.HealthCheckConfig;
import io.jlvs.slowpath.rules.Operation.ServerSpec;
import io.jlvs.slowpath.rules.Operation;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.rules.ServerRef;
import io.jlvs.slowpath.rules.ServiceKey;
import io.jlvs.slowpath.rules.ServiceSettings;
import io.jlvs.slowpath.rules.Timeouts;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * ipvsadm 1.31's command line: the same options (short, long, clustered like {@code -Ln}, {@code -srr}),
 * the same defaults (wlc, -g, weight 1, /32 persistence mask, -p without a value = 360 s), the same
 * command/option table and the same messages and exit statuses for what ipvsadm itself rejects.
 * Written by hand because it must mimic popt's exact behaviour, which no Java CLI library does.
 *
 * <p>Differences, on purpose: hosts and ports must be numeric (no DNS or /etc/services on an appliance's
 * admin path); IPv6 (-6, [addr]) is not supported; --start-daemon/--stop-daemon have their own small grammar ({@link #daemon}).
 *
 * <p>jlvs's own, since ipvsadm has no health checks: {@code --add-check}, {@code --edit-check} and
 * {@code --del-check} with {@code -t|-u} and {@code -r} as for {@code -d}, and the check's settings as
 * {@code --check-} followed by the config file's key ({@code --check-type http-get --check-path /health
 * --check-interval-ms 2000 ...}); {@code -L --health} adds a server's health to the listing.
 */
public final class IpvsadmCommandLine {

    public static final String PROGRAM = "jlvsadm";
    static final int MAX_TIMEOUT = 86400 * 31;

    private enum Arg { NONE, REQUIRED, OPTIONAL }

    /** ipvsadm's options; {@code bit} is the position in its optnames table (the order errors are found in). */
    private enum Opt {
        // commands
        ADD_SERVICE("add-service", 'A', Arg.NONE), EDIT_SERVICE("edit-service", 'E', Arg.NONE),
        DELETE_SERVICE("delete-service", 'D', Arg.NONE), CLEAR("clear", 'C', Arg.NONE),
        LIST("list", 'L', Arg.NONE), LIST_LOWER("list", 'l', Arg.NONE), ZERO("zero", 'Z', Arg.NONE),
        ADD_SERVER("add-server", 'a', Arg.NONE), EDIT_SERVER("edit-server", 'e', Arg.NONE),
        DELETE_SERVER("delete-server", 'd', Arg.NONE), SET("set", '\0', Arg.NONE), HELP("help", 'h', Arg.NONE),
        VERSION("version", 'v', Arg.NONE), RESTORE("restore", 'R', Arg.NONE), SAVE("save", 'S', Arg.NONE),
        JOURNAL("journal", '\0', Arg.NONE),
        ADD_CHECK("add-check", '\0', Arg.NONE), EDIT_CHECK("edit-check", '\0', Arg.NONE), DEL_CHECK("del-check", '\0', Arg.NONE),
        // options
        TCP("tcp-service", 't', Arg.REQUIRED), UDP("udp-service", 'u', Arg.REQUIRED),
        FWMARK("fwmark-service", 'f', Arg.REQUIRED), SCHEDULER("scheduler", 's', Arg.REQUIRED),
        SCHED_FLAGS("sched-flags", 'b', Arg.REQUIRED), PERSISTENT("persistent", 'p', Arg.OPTIONAL),
        NETMASK("netmask", 'M', Arg.REQUIRED), REAL_SERVER("real-server", 'r', Arg.REQUIRED),
        MASQ(ForwardMethod.NAT), IPIP(ForwardMethod.TUN), GATEWAY(ForwardMethod.DR),
        WEIGHT("weight", 'w', Arg.REQUIRED), UPPER("u-threshold", 'x', Arg.REQUIRED),
        LOWER("l-threshold", 'y', Arg.REQUIRED), NUMERIC("numeric", 'n', Arg.NONE),
        CONNECTION("connection", 'c', Arg.NONE), TIMEOUT("timeout", '\0', Arg.NONE),
        DAEMON("daemon", '\0', Arg.NONE), STATS("stats", '\0', Arg.NONE), RATE("rate", '\0', Arg.NONE),
        THRESHOLDS("thresholds", '\0', Arg.NONE), PERSISTENT_CONN("persistent-conn", '\0', Arg.NONE),
        NOSORT("nosort", '\0', Arg.NONE), SORT("sort", '\0', Arg.NONE), EXACT("exact", 'X', Arg.NONE),
        ONE_PACKET("ops", 'o', Arg.NONE),
        // jlvs's own: a health check's settings (the config file's keys), and -L --health
        CHECK_TYPE("check-type", '\0', Arg.REQUIRED), CHECK_PORT("check-port", '\0', Arg.REQUIRED),
        CHECK_PATH("check-path", '\0', Arg.REQUIRED), CHECK_STATUS("check-status", '\0', Arg.REQUIRED),
        CHECK_HOST("check-host", '\0', Arg.REQUIRED), CHECK_INTERVAL("check-interval-ms", '\0', Arg.REQUIRED),
        CHECK_TIMEOUT("check-timeout-ms", '\0', Arg.REQUIRED), CHECK_RETRIES("check-retries", '\0', Arg.REQUIRED),
        CHECK_ON_FAILURE("check-on-failure", '\0', Arg.REQUIRED), HEALTH("health", '\0', Arg.NONE);

        final String longName;
        final char shortName;
        final Arg arg;
        /** The method a forwarding switch selects (its spellings are the method's); null for other options. */
        final ForwardMethod forward;

        Opt(String longName, char shortName, Arg arg) {
            this.longName = longName;
            this.shortName = shortName;
            this.arg = arg;
            this.forward = null;
        }

        Opt(ForwardMethod forward) {
            this.longName = forward.longOption();
            this.shortName = forward.shortOption();
            this.arg = Arg.NONE;
            this.forward = forward;
        }

        private static final Opt[] ALL = values();

        static Opt byShortName(char c) {
            for (Opt o : ALL) if (o.shortName == c) return o;
            return null;
        }

        static Opt byLongName(String name) {
            for (Opt o : ALL) if (o.longName.equals(name)) return o;
            return null;
        }
    }

    /** ipvsadm's commands, with its cmdnames. */
    private enum Cmd {
        ADD("add-service"), EDIT("edit-service"), DEL("delete-service"), FLUSH("flush"), LIST("list"),
        ADDDEST("add-server"), DELDEST("delete-server"), EDITDEST("edit-server"), TIMEOUT("set"),
        RESTORE("restore"), SAVE("save"), ZERO("zero"), JOURNAL("journal"),
        ADDCHECK("add-check"), EDITCHECK("edit-check"), DELCHECK("del-check");

        final String name;

        Cmd(String name) { this.name = name; }
    }

    /** ipvsadm's option bits, in optnames order; each row of {@link #LEGAL} has one character per option. */
    private enum Flag {
        NUMERIC("numeric"), CONNECTION("connection"), SERVICE("service-address"), SCHEDULER("scheduler"),
        PERSISTENT("persistent"), NETMASK("netmask"), SERVER("real-server"), FORWARD("forwarding-method"),
        WEIGHT("weight"), UTHRESHOLD("u-threshold"), LTHRESHOLD("l-threshold"), TIMEOUT("timeout"),
        DAEMON("daemon"), STATS("stats"), RATE("rate"), THRESHOLDS("thresholds"), PERSISTENTCONN("persistent-conn"),
        NOSORT("nosort"), EXACT("exact"), ONEPACKET("ops"), SCHED_FLAGS("sched-flags"),
        CHECK("check settings"), HEALTH("health");

        final String name;

        Flag(String name) { this.name = name; }

        static final Flag[] ALL = values();
    }

    /**
     * ipvsadm's commands_v_options: '+' compulsory, 'x' illegal, '1' at most one of these, ' ' optional.
     * Columns in {@link Flag} order.
     */
    private static final String[] LEGAL = {
            /*           n c svc s p M r fwd w x y tot dmn st rt thr pc srt ex ops b chk hlth */
            /* ADD   */ "xx+   xxxxxxxxxxxxx  xx",
            /* EDIT  */ "xx+   xxxxxxxxxxxxx  xx",
            /* DEL   */ "xx+xxxxxxxxxxxxxxxxxxxx",
            /* FLUSH */ "xxxxxxxxxxxxxxxxxxxxxxx",
            /* LIST  */ " 11xxxxxxxx11      xxx ",
            /* ADDD  */ "xx+xxx+    xxxxxxxxxxxx",
            /* DELD  */ "xx+xxx+xxxxxxxxxxxxxxxx",
            /* EDITD */ "xx+xxx+    xxxxxxxxxxxx",
            /* SET   */ "xxxxxxxxxxxxxxxxxxxxxxx",
            /* REST  */ "xxxxxxxxxxxxxxxxxxxxxxx",
            /* SAVE  */ " xxxxxxxxxxxxxxxx xxxxx",
            /* ZERO  */ "xx xxxxxxxxxxxxxxxxxxxx",
            /* JOURN */ "xxxxxxxxxxxxxxxxxxxxxxx",
            /* ADDCK */ "xx+xxx+xxxxxxxxxxxxxx x",
            /* EDTCK */ "xx+xxx+xxxxxxxxxxxxxx x",
            /* DELCK */ "xx+xxx+xxxxxxxxxxxxxxxx",
    };

    private IpvsadmCommandLine() {}

    /** Parses one command line (without the program name); ports may be given by name. */
    public static Command parse(List<String> argv, PortNames names) throws RuleException {
        if (argv.isEmpty()) return new Command.ListServices(null, ListFormat.PLAIN);
        if (isDaemonCommand(argv)) return daemon(argv);
        return new Parser(argv, names).parse();
    }

    private static boolean isDaemonCommand(List<String> argv) {
        for (String a : argv) {
            if (a.equals("--start-daemon") || a.equals("--stop-daemon") || a.startsWith("--start-daemon=")
                    || a.startsWith("--stop-daemon=")) {
                return true;
            }
        }
        return false;
    }

    /**
     * ipvsadm's daemon commands, in any order as popt takes them: {@code --start-daemon master|backup
     * --mcast-interface PORT [--syncid N]} and {@code --stop-daemon master|backup} (also with
     * {@code =}: {@code --syncid=N}), with ipvsadm's messages. jlvs's one extension: {@code --stop-daemon}
     * without a state stops both. ipvsadm's --mcast-group/--mcast-port/--mcast-ttl/--sync-maxlen are
     * refused by name: jlvs syncs to 224.0.0.81:8848 with TTL 1 and messages sized to the port's MTU.
     */
    private static Command daemon(List<String> argv) throws RuleException {
        List<String> args = new ArrayList<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                args.add(a.substring(0, eq));
                args.add(a.substring(eq + 1));
            } else {
                args.add(a);
            }
        }
        Boolean start = null;
        Boolean master = null;
        String mcast = null;
        Integer syncId = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--start-daemon", "--stop-daemon" -> {
                    if (start != null) throw RuleException.usage("multiple commands specified");
                    start = a.equals("--start-daemon");
                    boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("-");
                    if (!hasValue) {
                        if (start) throw RuleException.usage(a + ": missing argument");
                        continue; // jlvs: --stop-daemon alone stops both
                    }
                    String state = args.get(++i);
                    if (state.equals("master") || state.equals("backup")) {
                        master = state.equals("master");
                    } else {
                        // ipvsadm's own words, its typo for --stop-daemon included.
                        throw RuleException.usage(start ? "illegal start-daemon parameter specified" : "illegal start_daemon specified");
                    }
                }
                case "--mcast-interface", "--syncid" -> {
                    if (i + 1 >= args.size()) throw RuleException.usage(a + ": missing argument");
                    String v = args.get(++i);
                    if (a.equals("--mcast-interface")) {
                        if (mcast != null) throw RuleException.usage("multiple 'mcast-interface' options specified");
                        mcast = v;
                    } else {
                        if (syncId != null) throw RuleException.usage("multiple 'syncid' options specified");
                        int id;
                        try {
                            id = Integer.parseInt(v.strip());
                        } catch (NumberFormatException e) {
                            id = -1;
                        }
                        if (id < 0 || id > 255) throw RuleException.usage("illegal syncid specified");
                        syncId = id;
                    }
                }
                case "--mcast-group", "--mcast-port", "--mcast-ttl", "--sync-maxlen" -> throw RuleException.usage(
                        "option " + a + " is not supported: jlvs syncs to 224.0.0.81:8848 with TTL 1, messages sized to the port's MTU");
                default -> throw RuleException.usage("unexpected argument " + a);
            }
        }
        if (!start) {
            if (mcast != null) throw RuleException.usage("Illegal 'mcast-interface' option with the 'stop-daemon' command");
            return new Command.StopDaemon(master);
        }
        if (mcast == null) throw RuleException.usage("--start-daemon needs --mcast-interface PORT (a port name of the config)");
        return new Command.StartDaemon(master, mcast, syncId == null ? 0 : syncId);
    }

    /** Parses one command line with numeric ports only. */
    public static Command parse(List<String> argv) throws RuleException { return parse(argv, PortNames.NONE); }

    static RuleException tryHelp() {
        return new RuleException("Try `" + PROGRAM + " -h' or '" + PROGRAM + " --help' for more information.", RuleException.REFUSED);
    }

    private static final class Parser {
        private final List<String> argv;
        private final PortNames names;
        private int position;
        private String cluster = "";          // remaining short options of the current -xyz word
        private final List<String> leftovers = new ArrayList<>();

        private Cmd cmd;
        private Command early;                // -h, -v
        private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
        private ServiceKey.Kind kind;
        private int address;
        private int port;
        private long fwmark;
        private String scheduler;
        private String schedFlags;
        private int persistence;
        private int netmask = -1;
        private boolean onePacket;
        private int serverAddress;
        private int serverPort;
        private boolean serverPortGiven;
        private ForwardMethod method = ForwardMethod.DR;
        private int weight = 1;
        private int upper;
        private int lower;
        private ListFormat.Table table = ListFormat.Table.PLAIN;
        private final Set<Opt> checkOptions = EnumSet.noneOf(Opt.class);
        private HealthCheckConfig.Type checkType;
        private Integer checkPort;
        private String checkPath;
        private Integer checkStatus;
        private String checkHost;
        private Integer checkInterval;
        private Integer checkTimeout;
        private Integer checkRetries;
        private HealthCheckConfig.OnFailure checkOnFailure;

        Parser(List<String> argv, PortNames names) {
            this.argv = argv;
            this.names = names;
        }

        Command parse() throws RuleException {
            Parsed first = next();
            if (first == null || first.opt == null) throw tryHelp();
            switch (first.opt) {
                case ADD_SERVICE -> cmd = Cmd.ADD;
                case EDIT_SERVICE -> cmd = Cmd.EDIT;
                case DELETE_SERVICE -> cmd = Cmd.DEL;
                case ADD_SERVER -> cmd = Cmd.ADDDEST;
                case EDIT_SERVER -> cmd = Cmd.EDITDEST;
                case DELETE_SERVER -> cmd = Cmd.DELDEST;
                case CLEAR -> cmd = Cmd.FLUSH;
                case LIST, LIST_LOWER -> cmd = Cmd.LIST;
                case ZERO -> cmd = Cmd.ZERO;
                case SET -> cmd = Cmd.TIMEOUT;
                case RESTORE -> cmd = Cmd.RESTORE;
                case SAVE -> cmd = Cmd.SAVE;
                case JOURNAL -> cmd = Cmd.JOURNAL;
                case ADD_CHECK -> cmd = Cmd.ADDCHECK;
                case EDIT_CHECK -> cmd = Cmd.EDITCHECK;
                case DEL_CHECK -> cmd = Cmd.DELCHECK;
                case HELP -> { return new Command.Help(); }
                case VERSION -> { return new Command.Version(); }
                default -> throw tryHelp();
            }
            for (Parsed p = next(); p != null; p = next()) {
                if (p.opt == null) {
                    leftovers.add(p.value);
                    continue;
                }
                option(p.opt, p.value);
            }
            Timeouts timeouts = null;
            if (cmd == Cmd.TIMEOUT) {
                if (leftovers.size() < 3) throw RuleException.usage("--set option requires 3 timeout values");
                timeouts = new Timeouts(timeout(leftovers.get(0), 0), timeout(leftovers.get(1), 0), timeout(leftovers.get(2), 0));
                leftovers.subList(0, 3).clear();
            }
            if (!leftovers.isEmpty()) throw RuleException.usage("unexpected argument " + leftovers.getFirst());
            checkOptions();
            return command(timeouts);
        }

        private Command command(Timeouts timeouts) throws RuleException {
            ServiceKey key = flags.contains(Flag.SERVICE) ? serviceKey() : null;
            switch (cmd) {
                case ADD, EDIT -> {
                    if (kind != ServiceKey.Kind.FWMARK && port == 0 && persistence == 0) {
                        throw RuleException.usage("Zero port specified for non-persistent service");
                    }
                    if (onePacket && kind == ServiceKey.Kind.TCP) {
                        throw RuleException.usage("One-Packet Scheduling is only for UDP virtual services");
                    }
                    String sched = scheduler == null ? ServiceSettings.DEFAULT_SCHEDULER : scheduler;
                    ServiceSettings settings = new ServiceSettings(sched, schedulerFlags(sched), persistence, netmask, onePacket);
                    return new Command.Change(cmd == Cmd.ADD ? new Operation.AddService(key, settings)
                            : new Operation.EditService(key, settings));
                }
                case DEL -> { return new Command.Change(new Operation.DeleteService(key)); }
                case FLUSH -> { return new Command.Change(new Operation.Clear()); }
                case ADDDEST, EDITDEST -> {
                    // ipvsadm: DR and TUN cannot change the port, so the service's port is forced (not for fwmark).
                    int destPort = !serverPortGiven || (kind != ServiceKey.Kind.FWMARK && method != ForwardMethod.NAT)
                            ? port : serverPort;
                    ServerSpec spec = new ServerSpec(serverAddress, destPort, method, weight, upper, lower);
                    return new Command.Change(cmd == Cmd.ADDDEST ? new Operation.AddServer(key, spec)
                            : new Operation.EditServer(key, spec));
                }
                case DELDEST -> {
                    return new Command.Change(new Operation.DeleteServer(key, serverAddress, serverPortGiven ? serverPort : port));
                }
                case TIMEOUT -> { return new Command.Change(new Operation.SetTimeouts(timeouts)); }
                case ZERO -> { return new Command.Change(new Operation.ZeroCounters(key)); }
                case RESTORE -> { return new Command.Restore(); }
                case SAVE -> { return new Command.Save(flags.contains(Flag.NOSORT), flags.contains(Flag.NUMERIC)); }
                case JOURNAL -> { return new Command.ShowJournal(); }
                case ADDCHECK, EDITCHECK -> {
                    ServerRef server = new ServerRef(key, serverAddress, serverPortGiven ? serverPort : port);
                    if (checkType == null) {
                        throw RuleException.usage("--" + cmd.name + " needs --check-type ("
                                + ConfigName.acceptedNames(HealthCheckConfig.Type.class) + ")");
                    }
                    HealthCheckConfig check = new HealthCheckConfig(checkType, checkPort, checkPath, checkStatus, checkInterval,
                            checkTimeout, checkRetries, checkOnFailure, checkHost);
                    List<HealthCheckConfig.Problem> problems = check.problems();
                    if (!problems.isEmpty()) {
                        throw RuleException.usage("illegal --check-" + problems.getFirst().field() + ": " + problems.getFirst().message());
                    }
                    return new Command.Change(cmd == Cmd.ADDCHECK ? new Operation.AddCheck(server, check)
                            : new Operation.EditCheck(server, check));
                }
                case DELCHECK -> {
                    return new Command.Change(new Operation.DeleteCheck(new ServerRef(key, serverAddress, serverPortGiven ? serverPort : port)));
                }
                case LIST -> {
                    boolean special = flags.contains(Flag.CONNECTION) || flags.contains(Flag.TIMEOUT) || flags.contains(Flag.DAEMON);
                    boolean tables = flags.contains(Flag.STATS) || flags.contains(Flag.PERSISTENTCONN)
                            || flags.contains(Flag.RATE) || flags.contains(Flag.THRESHOLDS) || flags.contains(Flag.HEALTH);
                    if (special && tables) throw RuleException.usage("options conflicts in the list command");
                    if (flags.contains(Flag.CONNECTION)) return new Command.ListConnections(flags.contains(Flag.NUMERIC));
                    if (flags.contains(Flag.TIMEOUT)) return new Command.ListTimeouts();
                    if (flags.contains(Flag.DAEMON)) return new Command.ListDaemon();
                    return new Command.ListServices(key, new ListFormat(table, flags.contains(Flag.EXACT),
                            flags.contains(Flag.NOSORT), flags.contains(Flag.NUMERIC)));
                }
            }
            throw new IllegalStateException("unhandled command " + cmd);
        }

        private ServiceKey serviceKey() {
            return switch (kind) {
                case TCP -> ServiceKey.tcp(address, port);
                case UDP -> ServiceKey.udp(address, port);
                case FWMARK -> ServiceKey.fwmark(fwmark);
            };
        }

        private Set<SchedulerFlag> schedulerFlags(String sched) throws RuleException {
            Set<SchedulerFlag> result = EnumSet.noneOf(SchedulerFlag.class);
            if (schedFlags == null) return result;
            for (String flag : schedFlags.split(",")) {
                if (flag.isEmpty()) continue;
                // flag-1 and flag-2 are sh's and mh's fallback and port bits; jlvs has no other scheduler using them.
                String name = switch (flag) {
                    case "flag-1" -> sched + "-fallback";
                    case "flag-2" -> sched + "-port";
                    default -> flag;
                };
                SchedulerFlag found = null;
                for (SchedulerFlag f : SchedulerFlag.values()) if (f.ipvsadmName().equals(name)) found = f;
                if (found == null && !flag.startsWith("flag-")) throw RuleException.usage("invalid scheduler flag `" + flag + "'");
                if (found == null || !found.scheduler().equals(sched)) {
                    throw RuleException.usage("incompatible scheduler flag `" + flag + "'");
                }
                result.add(found);
            }
            return result;
        }

        private void checkOptions() throws RuleException {
            String row = LEGAL[cmd.ordinal()];
            Flag firstExclusive = null;
            for (Flag f : Flag.ALL) {
                char rule = row.charAt(f.ordinal());
                if (!flags.contains(f)) {
                    if (rule == '+') {
                        throw RuleException.usage("You need to supply the '" + f.name + "' option for the '" + cmd.name + "' command");
                    }
                    continue;
                }
                if (rule == 'x') throw RuleException.usage("Illegal '" + f.name + "' option with the '" + cmd.name + "' command");
                if (rule == '1') {
                    if (firstExclusive != null) {
                        throw RuleException.usage("The option '" + f.name + "' conflicts with the '" + firstExclusive.name
                                + "' option in the '" + cmd.name + "' command");
                    }
                    firstExclusive = f;
                }
            }
        }

        private void set(Flag flag) throws RuleException {
            if (!flags.add(flag)) throw RuleException.usage("multiple '" + flag.name + "' options specified");
        }

        private void option(Opt opt, String value) throws RuleException {
            switch (opt) {
                case ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, CLEAR, LIST, LIST_LOWER, ZERO, ADD_SERVER, EDIT_SERVER,
                     DELETE_SERVER, SET, RESTORE, SAVE, JOURNAL, ADD_CHECK, EDIT_CHECK, DEL_CHECK ->
                        throw RuleException.usage("multiple commands specified");
                case HELP -> throw RuleException.usage("multiple commands specified");
                case VERSION -> throw RuleException.usage("multiple commands specified");
                case TCP, UDP -> {
                    set(Flag.SERVICE);
                    kind = opt == Opt.TCP ? ServiceKey.Kind.TCP : ServiceKey.Kind.UDP;
                    Endpoint e = endpoint(value, kind == ServiceKey.Kind.UDP ? 17 : 6);
                    if (e == null) throw RuleException.usage("illegal virtual server address[:port] specified");
                    address = e.address;
                    port = e.portGiven ? e.port : 0;
                }
                case FWMARK -> {
                    set(Flag.SERVICE);
                    kind = ServiceKey.Kind.FWMARK;
                    long mark = number(value, 1, 0xffff_ffffL);
                    if (mark < 0) throw RuleException.usage("invalid fwmark value `" + value + "' specified");
                    fwmark = mark;
                }
                case SCHEDULER -> {
                    set(Flag.SCHEDULER);
                    scheduler = value;
                }
                case SCHED_FLAGS -> {
                    set(Flag.SCHED_FLAGS);
                    schedFlags = value;
                }
                case PERSISTENT -> {
                    set(Flag.PERSISTENT);
                    persistence = value == null ? ServiceSettings.DEFAULT_PERSISTENCE_TIMEOUT : timeout(value, 1);
                }
                case NETMASK -> {
                    set(Flag.NETMASK);
                    OptionalInt mask = Ipv4Text.tryParse(value);
                    if (mask.isEmpty()) throw RuleException.usage("illegal virtual server persistent mask specified");
                    netmask = mask.getAsInt();
                }
                case REAL_SERVER -> {
                    set(Flag.SERVER);
                    // ipvsadm resolves a port name with the protocol of a -t/-u given before -r, else none.
                    Endpoint e = endpoint(value, kind == null ? 0 : kind == ServiceKey.Kind.UDP ? 17 : 6);
                    if (e == null) throw RuleException.usage("illegal real server address[:port] specified");
                    serverAddress = e.address;
                    serverPort = e.port;
                    serverPortGiven = e.portGiven;
                }
                case MASQ, IPIP, GATEWAY -> {
                    set(Flag.FORWARD);
                    method = opt.forward;
                }
                case WEIGHT -> {
                    set(Flag.WEIGHT);
                    weight = intOrFail(value, "illegal weight specified");
                }
                case UPPER -> {
                    set(Flag.UTHRESHOLD);
                    upper = intOrFail(value, "illegal u_threshold specified");
                }
                case LOWER -> {
                    set(Flag.LTHRESHOLD);
                    lower = intOrFail(value, "illegal l_threshold specified");
                }
                case NUMERIC -> set(Flag.NUMERIC);
                case CONNECTION -> set(Flag.CONNECTION);
                case TIMEOUT -> set(Flag.TIMEOUT);
                case DAEMON -> set(Flag.DAEMON);
                case STATS -> tableOption(Flag.STATS, ListFormat.Table.STATS);
                case RATE -> tableOption(Flag.RATE, ListFormat.Table.RATE);
                case THRESHOLDS -> tableOption(Flag.THRESHOLDS, ListFormat.Table.THRESHOLDS);
                case PERSISTENT_CONN -> tableOption(Flag.PERSISTENTCONN, ListFormat.Table.PERSISTENT_CONN);
                case NOSORT -> set(Flag.NOSORT);
                case SORT -> { /* the default; accepted for compatibility, as ipvsadm does */ }
                case EXACT -> set(Flag.EXACT);
                case ONE_PACKET -> {
                    set(Flag.ONEPACKET);
                    onePacket = true;
                }
                case HEALTH -> tableOption(Flag.HEALTH, ListFormat.Table.HEALTH);
                case CHECK_TYPE, CHECK_PORT, CHECK_PATH, CHECK_STATUS, CHECK_HOST, CHECK_INTERVAL, CHECK_TIMEOUT,
                     CHECK_RETRIES, CHECK_ON_FAILURE -> checkOption(opt, value);
            }
        }

        /** A health check's setting: each at most once; ranges are the check's own rules (checked when all are in). */
        private void checkOption(Opt opt, String value) throws RuleException {
            if (!checkOptions.add(opt)) throw RuleException.usage("multiple '--" + opt.longName + "' options specified");
            flags.add(Flag.CHECK);
            String illegal = "illegal --" + opt.longName + " `" + value + "' specified";
            switch (opt) {
                case CHECK_TYPE -> checkType = configName(HealthCheckConfig.Type.class, value, illegal);
                case CHECK_ON_FAILURE -> checkOnFailure = configName(HealthCheckConfig.OnFailure.class, value, illegal);
                case CHECK_PATH -> checkPath = value;
                case CHECK_HOST -> checkHost = value;
                case CHECK_PORT -> checkPort = intOrFail(value, illegal);
                case CHECK_STATUS -> checkStatus = intOrFail(value, illegal);
                case CHECK_INTERVAL -> checkInterval = intOrFail(value, illegal);
                case CHECK_TIMEOUT -> checkTimeout = intOrFail(value, illegal);
                case CHECK_RETRIES -> checkRetries = intOrFail(value, illegal);
                default -> throw new IllegalStateException("not a check option: " + opt);
            }
        }

        private static <E extends Enum<E>> E configName(Class<E> type, String value, String illegal) throws RuleException {
            try {
                return ConfigName.parse(type, value);
            } catch (IllegalArgumentException e) {
                throw RuleException.usage(illegal + " (one of: " + ConfigName.acceptedNames(type) + ")");
            }
        }

        /** ipvsadm's print_title picks stats, then rate, thresholds, persistent-conn. */
        private void tableOption(Flag flag, ListFormat.Table wanted) throws RuleException {
            set(flag);
            if (table == ListFormat.Table.PLAIN || wanted.ordinal() < table.ordinal()) table = wanted;
        }

        private static int intOrFail(String value, String message) throws RuleException {
            long n = number(value, 0, Integer.MAX_VALUE);
            if (n < 0) throw RuleException.usage(message);
            return (int) n;
        }

        private static int timeout(String value, int min) throws RuleException {
            long n = number(value, min, MAX_TIMEOUT);
            if (n < 0) throw RuleException.usage("invalid timeout value `" + value + "' specified");
            return (int) n;
        }

        /** strtol-like: optional leading blanks and sign, decimal digits, nothing after; -1 when invalid. */
        private static long number(String text, long min, long max) {
            int i = 0;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            if (i < text.length() && text.charAt(i) == '+') i++;
            if (i == text.length() || text.length() - i > 18) return -1;
            long n = 0;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') return -1;
                n = n * 10 + (c - '0');
            }
            return n >= min && n <= max ? n : -1;
        }

        private record Endpoint(int address, int port, boolean portGiven) {}

        private static boolean allDigits(String text) {
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) < '0' || text.charAt(i) > '9') return false;
            return !text.isEmpty();
        }

        /** ipvsadm's parse_service: address[:port] (number or name), split at the last colon; a bare number is no address. */
        private Endpoint endpoint(String text, int protocol) {
            if (allDigits(text)) return null;
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? text : text.substring(0, colon);
            OptionalInt address = Ipv4Text.tryParse(host);
            if (address.isEmpty()) return null;
            if (colon < 0) return new Endpoint(address.getAsInt(), 0, false);
            String portText = text.substring(colon + 1);
            long port = number(portText, 0, 65535);
            if (port < 0 && protocol != 0) port = names.port(protocol, portText);
            return port < 0 ? null : new Endpoint(address.getAsInt(), (int) port, true);
        }

        private record Parsed(Opt opt, String value) {}

        /** popt's walk: long options (--name, --name=value), clustered short options, and leftovers. */
        private Parsed next() throws RuleException {
            if (cluster.isEmpty()) {
                if (position >= argv.size()) return null;
                String word = argv.get(position++);
                if (word.startsWith("--") && word.length() > 2) return longOption(word);
                if (!word.startsWith("-") || word.length() == 1) return new Parsed(null, word);
                cluster = word.substring(1);
            }
            char c = cluster.charAt(0);
            cluster = cluster.substring(1);
            Opt opt = Opt.byShortName(c);
            if (opt == null) throw badOption("-" + c, "unknown option");
            if (opt.arg == Arg.NONE) return new Parsed(opt, null);
            if (!cluster.isEmpty()) {
                String value = cluster;
                cluster = "";
                return new Parsed(opt, value);
            }
            return new Parsed(opt, argument(opt, "-" + c));
        }

        private Parsed longOption(String word) throws RuleException {
            int equals = word.indexOf('=');
            String name = word.substring(2, equals < 0 ? word.length() : equals);
            Opt opt = Opt.byLongName(name);
            if (opt == null) throw badOption(word, "unknown option");
            if (equals >= 0) {
                if (opt.arg == Arg.NONE) throw badOption(word, "option does not take an argument");
                return new Parsed(opt, word.substring(equals + 1));
            }
            return new Parsed(opt, opt.arg == Arg.NONE ? null : argument(opt, word));
        }

        private String argument(Opt opt, String spelled) throws RuleException {
            boolean available = position < argv.size();
            if (opt.arg == Arg.OPTIONAL) {
                return available && !argv.get(position).startsWith("-") ? argv.get(position++) : null;
            }
            if (!available) throw badOption(spelled, "missing argument");
            return argv.get(position++);
        }

        /** popt errors: before the command ipvsadm prints its try-help line; after it, "option: error", exit -1. */
        private RuleException badOption(String option, String error) {
            if (cmd == null) return tryHelp();
            return new RuleException(option + ": " + error, RuleException.REFUSED);
        }
    }
}
