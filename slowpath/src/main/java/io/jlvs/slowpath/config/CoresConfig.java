package io.jlvs.slowpath.config;

import java.util.List;

/**
 * @param control the core for EAL's main lcore, the slow path and every non-worker thread
 * @param workers one poll-mode worker thread pinned to each
 */
public record CoresConfig(Integer control, List<Integer> workers) {
    public CoresConfig {
        workers = Values.list(workers);
    }
}
