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
    /** Bytes one request may announce in all: a -R input of some 300,000 rule lines. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;
    /** Arguments of one command line; ipvsadm takes a dozen. */
    public static final int MAX_ARGS = 4096;
    /** A response may be long (-L -c of millions of connections) but must come from a daemon. */
    private static final int MAX_RESPONSE_FIELD = Integer.MAX_VALUE - 16;

    private AdminProtocol() {}

    public record Request(List<String> argv, String stdin) {}

    /** A request that is not one: its message says what is wrong, for the error answered to the peer. */
    public static final class BadRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) { super(message); }
    }

    public static void writeRequest(DataOutputStream out, Request request) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(request.argv().size());
        for (String arg : request.argv()) writeText(out, arg);
        writeText(out, request.stdin());
        out.flush();
    }

    /**
     * Reads one request, refusing (with {@link BadRequestException}) a wrong magic or version, more than
     * {@link #MAX_ARGS} arguments, more than {@link #MAX_REQUEST_BYTES} of text in all, or text that is not
     * UTF-8. An {@link java.io.EOFException} means the peer stopped before the request was complete.
     */
    public static Request readRequest(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) throw new BadRequestException("not a jlvsadm request (magic " + String.format("0x%08x", magic) + ")");
        int version = in.readInt();
        if (version != VERSION) throw new BadRequestException("jlvsadm protocol version " + version + ", this daemon speaks " + VERSION);
        int argc = in.readInt();
        if (argc < 0 || argc > MAX_ARGS) throw new BadRequestException("bad argument count " + argc + " (at most " + MAX_ARGS + ")");
        long[] budget = {MAX_REQUEST_BYTES};
        List<String> argv = new ArrayList<>(Math.min(argc, 64));
        for (int i = 0; i < argc; i++) argv.add(readRequestText(in, budget, "argument " + i));
        return new Request(argv, readRequestText(in, budget, "standard input"));
    }

    private static String readRequestText(DataInputStream in, long[] budget, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > budget[0]) {
            throw new BadRequestException("bad length " + length + " of " + what + " (a request holds at most " + MAX_REQUEST_BYTES + " bytes)");
        }
        budget[0] -= length;
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) throw new java.io.EOFException();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadRequestException(what + " is not UTF-8");
        }
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
        if (length < 0 || length > MAX_RESPONSE_FIELD) throw new IOException("bad field length " + length);
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) throw new java.io.EOFException();
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
