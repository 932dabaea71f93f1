package io.jlvs.slowpath.admin;

/** What jlvsadm prints and exits with. */
public record Response(String stdout, String stderr, int exitStatus) {
    public static Response ok(String stdout) { return new Response(stdout, "", 0); }

    public static Response error(String message, int exitStatus) { return new Response("", message + "\n", exitStatus); }
}
