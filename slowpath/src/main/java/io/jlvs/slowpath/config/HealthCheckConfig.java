package io.jlvs.slowpath.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How the slow path checks a real server, in keepalived's terms (TCP_CHECK, HTTP_GET).
 *
 * @param port    port to check; null = the real server's port
 * @param path    http-get only: the request path
 * @param status  http-get only: the status code that means healthy
 * @param retries failed checks in a row before the server counts as down
 * @param host    http-get only: the Host header (keepalived's virtualhost); null = the server's address:port
 */
public record HealthCheckConfig(
        Type type,
        Integer port,
        String path,
        Integer status,
        Integer intervalMs,
        Integer timeoutMs,
        Integer retries,
        OnFailure onFailure,
        String host) {

    public static final int DEFAULT_INTERVAL_MS = 5_000;
    public static final int DEFAULT_TIMEOUT_MS = 2_000;
    public static final int DEFAULT_RETRIES = 3;

    public HealthCheckConfig {
        if (type == Type.HTTP_GET) {
            path = Values.orDefault(path, "/");
            status = Values.orDefault(status, 200);
        }
        intervalMs = Values.orDefault(intervalMs, DEFAULT_INTERVAL_MS);
        timeoutMs = Values.orDefault(timeoutMs, DEFAULT_TIMEOUT_MS);
        retries = Values.orDefault(retries, DEFAULT_RETRIES);
        onFailure = Values.orDefault(onFailure, OnFailure.REMOVE);
    }

    /** One thing wrong with a check: {@code field} is its config key (type, port, path, ...). */
    public record Problem(String field, String message) {}

    /**
     * What is wrong with this check, in the config's terms; empty when it can run. The config
     * validator and jlvsadm's --add-check/--edit-check both ask this, so the two accept the same checks.
     * Path and host go into the request line and into the journal's text, one word each: printable
     * ASCII without blanks.
     */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (type == null) {
            problems.add(new Problem("type", "missing (one of: " + ConfigName.acceptedNames(Type.class) + ")"));
            return problems;
        }
        if (port != null && (port < 1 || port > 65535)) problems.add(new Problem("port", "port " + port + " is not in 1..65535"));
        if (type == Type.HTTP_GET) {
            if (!path.startsWith("/") || !oneWord(path)) {
                problems.add(new Problem("path", "\"" + path + "\" must start with / and be printable ASCII without blanks"));
            }
            if (status < 100 || status > 599) problems.add(new Problem("status", "HTTP status " + status + " is not in 100..599"));
            if (host != null && !oneWord(host)) {
                problems.add(new Problem("host", "\"" + host + "\" is not a host name (printable ASCII without blanks)"));
            }
        } else {
            if (path != null) problems.add(new Problem("path", "applies only to http-get checks"));
            if (status != null) problems.add(new Problem("status", "applies only to http-get checks"));
            if (host != null) problems.add(new Problem("host", "applies only to http-get checks"));
        }
        if (intervalMs < 1) problems.add(new Problem("interval-ms", intervalMs + " is less than 1"));
        if (timeoutMs < 1) problems.add(new Problem("timeout-ms", timeoutMs + " is less than 1"));
        if (retries < 1) problems.add(new Problem("retries", retries + " is less than 1"));
        return problems;
    }

    private static boolean oneWord(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c > 32 && c < 127);
    }

    public enum Type implements ConfigName {
        /** Healthy when a TCP connection opens within the timeout. */
        TCP_CONNECT,
        /** Healthy when GET path answers with the expected status within the timeout. */
        HTTP_GET
    }

    /** What happens to a server that fails its check (it comes back when checks pass again). */
    public enum OnFailure implements ConfigName {
        /** Weight 0: no new connections, existing ones continue (keepalived's inhibit_on_failure). */
        QUIESCE,
        /** Taken out of the service (keepalived's default). */
        REMOVE
    }
}
