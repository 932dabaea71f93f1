package io.jlvs.slowpath;

import io.jlvs.sched.DestinationLoad;
import io.jlvs.slowpath.admin.ConnectionSource;
import io.jlvs.slowpath.config.ConfigException;
import io.jlvs.slowpath.config.ConfigLoader;
import io.jlvs.slowpath.config.JlvsConfig;
import io.jlvs.slowpath.rules.RuleException;
import io.jlvs.slowpath.stats.StatsSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The control plane without the DPDK data plane: {@code ControlPlaneMain --config FILE}. Replays the
 * journal, serves jlvsadm, publishes snapshots nobody forwards with. For operating the rules where
 * no NIC is bound, and for testing the journal against kill -9.
 */
public final class ControlPlaneMain {
    private ControlPlaneMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: ControlPlaneMain --config FILE");
            System.exit(2);
        }
        JlvsConfig config;
        try {
            config = ConfigLoader.load(Path.of(args[1]));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int workers = config.cores() == null ? 1 : Math.max(1, config.cores().workers().size());
        ControlPlaneDaemon daemon;
        try {
            daemon = ControlPlaneDaemon.start(config, new DestinationLoad(workers, ControlPlaneDaemon.DESTINATION_CAPACITY),
                    port -> 0, StatsSource.NONE, ConnectionSource.NONE);
        } catch (IOException | RuleException e) {
            System.err.println("jlvs: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                daemon.close();
            } catch (IOException e) {
                System.err.println("jlvs: " + e.getMessage());
            }
        }));
        System.out.println("jlvs control plane: " + daemon.plane().rules().services().size() + " services; jlvsadm on "
                + config.controlSocket().path());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
