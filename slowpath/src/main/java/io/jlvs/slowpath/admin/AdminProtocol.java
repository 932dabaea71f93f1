package io.jlvs.slowpath.admin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin socket's framing, one request and one response per connection. Every field is a 4-byte
 * big-endian length (or count) followed by UTF-8 bytes. Hand-written: three fields each way do not
 * need a serialisation library.
 * <pre>
 * request:  "JLVS" version=1, argc, argv[0..argc), stdin
 * response: exit status, stdout, stderr
 * </pre>
 */
public final class AdminProtocol {
    private static final int MAGIC = 0x4a4c5653;   // "JLVS"
    private static final int VERSION = 1;
    /** Larger than any sane -R input; a peer announcing more is not speaking this protocol. */
    private static final int MAX_FIELD = 64 << 20;

    private AdminProtocol() {}

    public record Request(List<String> argv, String stdin) {}

    public static void writeRequest(DataOutputStream out, Request request) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(request.argv().size());
        for (String arg : request.argv()) writeText(out, arg);
        writeText(out, request.stdin());
        out.flush();
    }

    public static Request readRequest(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) throw new IOException("not a jlvsadm request");
        int version = in.readInt();
        if (version != VERSION) throw new IOException("jlvsadm protocol version " + version + ", this daemon speaks " + VERSION);
        int argc = in.readInt();
        if (argc < 0 || argc > 4096) throw new IOException("bad argument count " + argc);
        List<String> argv = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) argv.add(readText(in));
        return new Request(argv, readText(in));
    }

    public static void writeResponse(DataOutputStream out, Response response) throws IOException {
        out.writeInt(response.exitStatus());
        writeText(out, response.stdout());
        writeText(out, response.stderr());
        out.flush();
    }

    public static Response readResponse(DataInputStream in) throws IOException {
        int exit = in.readInt();
        String stdout = readText(in);
        return new Response(stdout, readText(in), exit);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD) throw new IOException("bad field length " + length);
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
