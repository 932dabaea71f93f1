package io.jlvs.slowpath.admin;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What jlvsadm prints and exits with. A listing too large to hold (-L -c of millions of
 * connections) has a {@link Body} instead of its text: it is produced while it is written to the
 * client, chunk by chunk.
 *
 * @param body null when {@code stdout} is the whole output
 */
public record Response(String stdout, String stderr, int exitStatus, Body body) {

    /** Output written as it is produced. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Appendable out) throws IOException;
    }

    public Response(String stdout, String stderr, int exitStatus) {
        this(stdout, stderr, exitStatus, null);
    }

    public static Response ok(String stdout) { return new Response(stdout, "", 0); }

    public static Response streamed(Body body) { return new Response("", "", 0, body); }

    public static Response error(String message, int exitStatus) { return new Response("", message + "\n", exitStatus); }

    /** Writes the output, producing it now when it is streamed. */
    public void writeStdout(Appendable out) throws IOException {
        if (body == null) out.append(stdout);
        else body.writeTo(out);
    }

    /** The whole output as text (a streamed body is produced into memory: for tests and small listings). */
    @Override
    public String stdout() {
        if (body == null) return stdout;
        StringBuilder text = new StringBuilder();
        try {
            body.writeTo(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
