package io.jlvs.slowpath.admin;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin socket's framing, one request and one response per connection. A text field is a 4-byte
 * big-endian length followed by UTF-8 bytes. Standard output comes in chunks, each a length and
 * bytes, ended by a length of -1, so that a listing of millions of lines is written as it is made
 * and printed as it arrives, never held whole on either side. Hand-written: a few fields each way
 * do not need a serialisation library.
 * <pre>
 * request:  "JLVS" version=2, argc, argv[0..argc), stdin
 * response: stdout chunk*, -1, exit status, stderr
 * </pre>
 */
public final class AdminProtocol {
    private static final int MAGIC = 0x4a4c5653;   // "JLVS"
    private static final int VERSION = 2;
    /** Characters of standard output per chunk. */
    static final int CHUNK_CHARS = 32 * 1024;
    /** Bytes one request may announce in all: a -R input of some 300,000 rule lines. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;
    /** Arguments of one command line; ipvsadm takes a dozen. */
    public static final int MAX_ARGS = 4096;
    /** The stderr of a response; standard output comes in chunks and has no total bound. */
    private static final int MAX_FIELD = 64 << 20;

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
        ChunkedText stdout = new ChunkedText(out);
        response.writeStdout(stdout);
        stdout.finish();
        out.writeInt(response.exitStatus());
        writeText(out, response.stderr());
        out.flush();
    }

    /** Reads a whole response, standard output included, into memory. */
    public static Response readResponse(DataInputStream in) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Response rest = readResponse(in, stdout);
        return new Response(stdout.toString(StandardCharsets.UTF_8), rest.stderr(), rest.exitStatus());
    }

    /** Copies standard output to {@code stdout} chunk by chunk as it arrives; the response returned has the rest. */
    public static Response readResponse(DataInputStream in, OutputStream stdout) throws IOException {
        for (int length = in.readInt(); length != -1; length = in.readInt()) {
            if (length < 0 || length > 4 * CHUNK_CHARS) throw new IOException("bad chunk length " + length);
            stdout.write(in.readNBytes(length));
        }
        stdout.flush();
        int exit = in.readInt();
        return new Response("", readText(in), exit);
    }

    /** Standard output as chunks of at most {@link #CHUNK_CHARS} characters. */
    private static final class ChunkedText implements Appendable {
        private final DataOutputStream out;
        private final StringBuilder pending = new StringBuilder(CHUNK_CHARS);

        ChunkedText(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public Appendable append(CharSequence text) throws IOException {
            return append(text, 0, text.length());
        }

        @Override
        public Appendable append(CharSequence text, int start, int end) throws IOException {
            for (int at = start; at < end; ) {
                int take = Math.min(end - at, CHUNK_CHARS - pending.length());
                pending.append(text, at, at + take);
                at += take;
                if (pending.length() == CHUNK_CHARS) flushChunk();
            }
            return this;
        }

        @Override
        public Appendable append(char c) throws IOException {
            pending.append(c);
            if (pending.length() == CHUNK_CHARS) flushChunk();
            return this;
        }

        private void flushChunk() throws IOException {
            if (pending.isEmpty()) return;
            // A chunk ends between characters, never inside a surrogate pair: hold a lone high surrogate back.
            int cut = Character.isHighSurrogate(pending.charAt(pending.length() - 1)) ? pending.length() - 1 : pending.length();
            if (cut == 0) return;
            byte[] bytes = pending.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
            pending.delete(0, cut);
        }

        void finish() throws IOException {
            flushChunk();
            out.writeInt(-1);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD) throw new IOException("bad field length " + length);
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) throw new java.io.EOFException();
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
