package io.jlvs.slowpath.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The CPU cores a config may name. On a real machine these are the online CPUs; tests pass their
 * own so that a config's validity does not depend on the machine running the test.
 */
public record MachineCores(BitSet cores) {

    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    public MachineCores {
        cores = (BitSet) cores.clone();
    }

    @Override
    public BitSet cores() {
        return (BitSet) cores.clone();
    }

    /** The online CPUs from /sys, or 0 .. availableProcessors-1 when /sys does not say. */
    public static MachineCores ofThisMachine() {
        try {
            return parse(Files.readString(ONLINE).strip());
        } catch (NoSuchFileException e) {
            BitSet cores = new BitSet();
            cores.set(0, Runtime.getRuntime().availableProcessors());
            return new MachineCores(cores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the kernel's CPU list format: {@code 0-3,8,10-11}. */
    public static MachineCores parse(String cpuList) {
        BitSet cores = new BitSet();
        for (String range : cpuList.split(",")) {
            int dash = range.indexOf('-');
            if (dash < 0) {
                cores.set(Integer.parseInt(range.strip()));
            } else {
                cores.set(Integer.parseInt(range.substring(0, dash).strip()),
                        Integer.parseInt(range.substring(dash + 1).strip()) + 1);
            }
        }
        return new MachineCores(cores);
    }

    public boolean has(int core) {
        return core >= 0 && cores.get(core);
    }

    /** The cores in the kernel's CPU list format, e.g. {@code 0-1}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int start = cores.nextSetBit(0); start >= 0; start = cores.nextSetBit(start)) {
            int end = cores.nextClearBit(start) - 1;
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(start);
            if (end > start) {
                text.append('-').append(end);
            }
            start = end + 1;
        }
        return text.toString();
    }
}
