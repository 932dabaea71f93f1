package io.jlvs.slowpath.config;

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
