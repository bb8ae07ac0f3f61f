package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * Injects one fault at a time, as the {@link Schedule} says, and waits until the stack is whole again (every service
 * ready) before the next: at most one replica is down at any moment (two for kill-two-replicas).
 */
final class Nemesis {

    private final ChaosStack stack;
    private final Replicas replicas;
    private final Duration replicaTimeout;
    private final Duration leaderPause;
    private final Duration catalogStall;
    private final History clock;
    private final PrintWriter out;

    /**
     * @param replicaTimeout the front end's read timeout at a replica: pause-replica and pause-catalog outlast it
     * @param leaderPause    how long pause-leader-long stops the leader
     * @param catalogStall   how long stall-catalog-long stops the catalog
     */
    Nemesis(ChaosStack stack, Duration replicaTimeout, Duration leaderPause, Duration catalogStall, History clock,
            PrintWriter out) {
        this.stack = stack;
        this.replicas = new Replicas(stack);
        this.replicaTimeout = replicaTimeout;
        this.leaderPause = leaderPause;
        this.catalogStall = catalogStall;
        this.clock = clock;
        this.out = out;
    }

    /** Waits the round's quiet time, injects its fault and waits until every service is ready again. */
    FaultEvent inject(int number, Schedule.Round round) throws InterruptedException {
        Thread.sleep(round.gap().toMillis());
        long start = clock.nowMicros();
        String[] targetAndNote = switch (round.fault()) {
            case KILL_LEADER -> killAndRestart(leaderOrAny(round), round.down());
            case KILL_FOLLOWER -> killAndRestart(follower(round), round.down());
            case KILL_SYNCING -> killWhileSyncing(follower(round), round);
            case PAUSE_REPLICA -> pause(round.onLeader() ? leaderOrAny(round) : follower(round),
                    replicaTimeout.plus(round.pauseExtra()));
            case RESTART_CATALOG -> killAndRestart(stack.catalog, Duration.ZERO);
            case PAUSE_CATALOG -> pause(stack.catalog, replicaTimeout.plus(round.pauseExtra()));
            case RESTART_FRONTEND -> killAndRestart(stack.frontend, Duration.ZERO);
            case KILL_TWO_REPLICAS -> killTwo(round);
            case PAUSE_LEADER_LONG -> pause(leaderOrAny(round), leaderPause);
            case STALL_CATALOG_LONG -> pause(stack.catalog, catalogStall);
            case WIPE_REPLICA -> wipe(follower(round), round.down());
        };
        stack.awaitWhole();
        FaultEvent event = new FaultEvent(number, round.fault(), targetAndNote[0], start, clock.nowMicros(),
                targetAndNote[1]);
        out.printf("round %3d  %-18s %-15s %6.1f s  %s%n", number, round.fault().label(), event.target(),
                (event.endMicros() - event.startMicros()) / 1e6, event.note());
        out.flush();
        return event;
    }

    private String[] killAndRestart(ServiceProcess target, Duration down) throws InterruptedException {
        target.kill9();
        Thread.sleep(down.toMillis());
        target.launch();
        target.awaitReady();
        return new String[] {target.name(), "down " + down.toMillis() + " ms, then restarted"};
    }

    /**
     * Kills a follower, lets orders go on without it, restarts it and kills it again as soon as its log shows it
     * has opened its order log (before the sync-up) or started its sync-up thread (chosen at random), then restarts
     * it for good. A sync-up of a few seconds of orders takes milliseconds, so the note says where the kill landed.
     */
    private String[] killWhileSyncing(ServiceProcess target, Schedule.Round round) throws InterruptedException {
        Duration down = round.down();
        String trigger = round.killAtStart() ? "This is the starting transaction num" : "Started";
        target.kill9();
        Thread.sleep(down.toMillis());
        long offset = target.logSize();
        target.launch();
        long deadline = System.nanoTime() + ChaosStack.START_TIMEOUT.toNanos();
        while (!target.logSince(offset).contains(trigger) && target.alive() && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        target.kill9();
        String since = target.logSince(offset);
        String stage = since.contains("Syncup Done") ? "after its sync-up finished"
                : since.contains("Starting syncup") ? "during its sync-up"
                : since.contains("Started") ? "as its sync-up started" : "with its log open, before its sync-up";
        target.launch();
        target.awaitReady();
        return new String[] {target.name(), "down " + down.toMillis() + " ms, restarted, killed again " + stage
                + ", restarted"};
    }

    private String[] killTwo(Schedule.Round round) throws InterruptedException {
        ServiceProcess leader = leaderOrAny(round);
        List<ServiceProcess> others = new ArrayList<>(stack.replicas);
        others.remove(leader);
        ServiceProcess follower = others.get(round.pick() % others.size());
        Duration down = round.down();
        leader.kill9();
        follower.kill9();
        Thread.sleep(down.toMillis());
        leader.launch();
        follower.launch();
        leader.awaitReady();
        follower.awaitReady();
        return new String[] {leader.name() + "+" + follower.name(), "both down " + down.toMillis()
                + " ms, then restarted"};
    }

    /**
     * Kills a follower and deletes its data folder (order log, journal, promised epoch) while it is down, as a
     * replaced disk would leave it, then starts it on the empty folder.
     */
    private String[] wipe(ServiceProcess target, Duration down) throws InterruptedException {
        target.kill9();
        Path folder = stack.replicaDir(stack.replicas.indexOf(target) + 1);
        deleteTree(folder);
        Thread.sleep(down.toMillis());
        target.launch();
        target.awaitReady();
        return new String[] {target.name(), "killed, " + folder.getFileName() + " deleted, down " + down.toMillis()
                + " ms, then restarted on an empty folder"};
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /** The target stops answering (its sockets stay open) for {@code paused}, then goes on where it stopped. */
    private String[] pause(ServiceProcess target, Duration paused) throws InterruptedException {
        target.pause();
        try {
            Thread.sleep(paused.toMillis());
        } finally {
            target.resume();
        }
        return new String[] {target.name(), "SIGSTOP for " + paused.toMillis() + " ms, then SIGCONT"};
    }

    private ServiceProcess leaderOrAny(Schedule.Round round) throws InterruptedException {
        int leader = replicas.leader();
        return stack.replica(leader > 0 ? leader : 1 + round.pick() % 3);
    }

    private ServiceProcess follower(Schedule.Round round) throws InterruptedException {
        int leader = replicas.leader();
        List<ServiceProcess> followers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            if (id != leader) {
                followers.add(stack.replica(id));
            }
        }
        return followers.get(round.pick() % followers.size());
    }
}
