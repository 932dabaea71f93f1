package io.jlvs.slowpath.rules.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Port names from a services(5) file, which ipvsadm uses through getservbyport/getservbyname: listings
 * without -n show {@code 10.0.0.1:http}, and {@code -t 10.0.0.1:http} is accepted. The first line for a
 * port gives its name; names and aliases both resolve. Host names are never looked up (no DNS on the
 * admin path), so addresses always print as numbers.
 */
public final class PortNames {
    public static final PortNames NONE = new PortNames(Map.of(), Map.of());
    private static final Path SYSTEM_FILE = Path.of("/etc/services");

    private final Map<String, String> nameByPort;
    private final Map<String, Integer> portByName;

    private PortNames(Map<String, String> nameByPort, Map<String, Integer> portByName) {
        this.nameByPort = nameByPort;
        this.portByName = portByName;
    }

    /** /etc/services, or no names when the file is missing or unreadable (as getservbyport then fails). */
    public static PortNames system() {
        try {
            return Files.isReadable(SYSTEM_FILE) ? parse(Files.readString(SYSTEM_FILE)) : NONE;
        } catch (IOException e) {
            return NONE;
        }
    }

    /** Parses services(5) text: {@code name port/protocol [aliases...] [# comment]}. */
    public static PortNames parse(String text) {
        Map<String, String> names = new HashMap<>();
        Map<String, Integer> ports = new HashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (fields.length < 2) continue;
            int slash = fields[1].indexOf('/');
            if (slash < 0) continue;
            int port;
            try {
                port = Integer.parseInt(fields[1].substring(0, slash));
            } catch (NumberFormatException e) {
                continue;
            }
            String protocol = fields[1].substring(slash + 1);
            names.putIfAbsent(protocol + "/" + port, fields[0]);
            for (int i = 0; i < fields.length; i++) {
                if (i != 1) ports.putIfAbsent(protocol + "/" + fields[i], port);
            }
        }
        return new PortNames(Map.copyOf(names), Map.copyOf(ports));
    }

    /** The name of {@code port}, or the number as text. */
    public String name(int protocolNumber, int port) {
        String name = nameByPort.get(protocol(protocolNumber) + "/" + port);
        return name != null ? name : Integer.toString(port);
    }

    /** The port called {@code name}, or -1. */
    public int port(int protocolNumber, String name) {
        return portByName.getOrDefault(protocol(protocolNumber) + "/" + name, -1);
    }

    private static String protocol(int protocolNumber) { return protocolNumber == 17 ? "udp" : "tcp"; }
}
