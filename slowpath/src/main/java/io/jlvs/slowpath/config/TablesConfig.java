package io.jlvs.slowpath.config;

/**
 * @param connectionsPerWorker capacity of each worker's connection table
 * @param templates            capacity of the persistence-template table
 */
public record TablesConfig(Integer connectionsPerWorker, Integer templates) {
    public static final int DEFAULT_CONNECTIONS_PER_WORKER = 1 << 20;
    public static final int DEFAULT_TEMPLATES = 1 << 16;

    public TablesConfig {
        connectionsPerWorker = Values.orDefault(connectionsPerWorker, DEFAULT_CONNECTIONS_PER_WORKER);
        templates = Values.orDefault(templates, DEFAULT_TEMPLATES);
    }
}
