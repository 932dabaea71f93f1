package io.jlvs.slowpath;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * tshark as the independent reader of frames the control plane writes (VRRP adverts, sync messages):
 * frames into a classic pcap, one line of '|'-separated fields back per frame.
 */
public final class TsharkFields {

    private TsharkFields() {}

    public static List<String> read(Path dir, List<byte[]> frames, List<String> preferences, String... fields)
            throws Exception {
        Path pcap = dir.resolve("frames.pcap");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(pcap))) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(header.array());
            for (byte[] frame : frames) {
                ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt(0).putInt(0).putInt(frame.length).putInt(frame.length);
                out.write(record.array());
                out.write(frame);
            }
        }
        List<String> command = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-T", "fields",
            "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,", "-o", "ip.check_checksum:TRUE",
            "-o", "udp.check_checksum:TRUE"));
        for (String p : preferences) {
            command.add("-o");
            command.add(p);
        }
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            fail("tshark is not installed (scripts/setup.sh installs it): " + e.getMessage());
            return List.of();
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, process.exitValue(), "tshark exit status; output:\n" + output);
        return output.lines().filter(l -> !l.isEmpty()).toList();
    }

    public static byte[] hex(String text) {
        String h = text.replaceAll("(?m)#.*$", "").replaceAll("\\s", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return out;
    }
}
