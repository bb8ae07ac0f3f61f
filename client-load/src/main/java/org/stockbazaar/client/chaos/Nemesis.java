package org.stockbazaar.client.chaos;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Injects one fault at a time, chosen at random from a seeded generator, and waits until the stack is whole again
 * (every service ready) before the next: at most one replica is down at any moment. The seed fixes the sequence of
 * faults, targets and durations; when each one lands relative to the clients' requests depends on timing.
 */
final class Nemesis {

    private final ChaosStack stack;
    private final Replicas replicas;
    private final Random random;
    private final List<Fault> faults;
    private final Duration replicaTimeout;
    private final History clock;
    private final PrintWriter out;

    Nemesis(ChaosStack stack, long seed, List<Fault> faults, Duration replicaTimeout, History clock,
            PrintWriter out) {
        this.stack = stack;
        this.replicas = new Replicas(stack);
        this.random = new Random(seed);
        this.faults = faults;
        this.replicaTimeout = replicaTimeout;
        this.clock = clock;
        this.out = out;
    }

    /** The quiet time before the next fault: 0.5 to 2 s. */
    Duration nextGap() {
        return Duration.ofMillis(500 + random.nextInt(1500));
    }

    FaultEvent inject(int round) throws InterruptedException {
        Fault fault = faults.get(random.nextInt(faults.size()));
        long start = clock.nowMicros();
        String[] targetAndNote = switch (fault) {
            case KILL_LEADER -> killAndRestart(leaderOrAny(), downTime());
            case KILL_FOLLOWER -> killAndRestart(follower(), downTime());
            case KILL_SYNCING -> killWhileSyncing(follower());
            case PAUSE_REPLICA -> pause(random.nextBoolean() ? leaderOrAny() : follower());
            case RESTART_CATALOG -> killAndRestart(stack.catalog, Duration.ZERO);
            case PAUSE_CATALOG -> pause(stack.catalog);
            case RESTART_FRONTEND -> killAndRestart(stack.frontend, Duration.ZERO);
            case KILL_TWO_REPLICAS -> killTwo();
        };
        stack.awaitWhole();
        FaultEvent event = new FaultEvent(round, fault, targetAndNote[0], start, clock.nowMicros(), targetAndNote[1]);
        out.printf("round %3d  %-17s %-15s %6.1f s  %s%n", round, fault.label(), event.target(),
                (event.endMicros() - event.startMicros()) / 1e6, event.note());
        out.flush();
        return event;
    }

    private Duration downTime() {
        return Duration.ofMillis(500 + random.nextInt(2500));
    }

    private String[] killAndRestart(ChildService target, Duration down) throws InterruptedException {
        target.kill9();
        Thread.sleep(down.toMillis());
        target.launch();
        target.awaitReady(ChaosStack.START_TIMEOUT);
        return new String[] {target.name(), "down " + down.toMillis() + " ms, then restarted"};
    }

    /**
     * Kills a follower, lets orders go on without it, restarts it and kills it again as soon as its log shows it
     * has opened its order log (before the sync-up) or started its sync-up thread (chosen at random), then restarts
     * it for good. A sync-up of a few seconds of orders takes milliseconds, so the note says where the kill landed.
     */
    private String[] killWhileSyncing(ChildService target) throws InterruptedException {
        Duration down = Duration.ofMillis(1000 + random.nextInt(2000));
        String trigger = random.nextBoolean() ? "This is the starting transaction num" : "Started";
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
        target.awaitReady(ChaosStack.START_TIMEOUT);
        return new String[] {target.name(), "down " + down.toMillis() + " ms, restarted, killed again " + stage
                + ", restarted"};
    }

    private String[] killTwo() throws InterruptedException {
        ChildService leader = leaderOrAny();
        List<ChildService> others = new ArrayList<>(stack.replicas);
        others.remove(leader);
        ChildService follower = others.get(random.nextInt(others.size()));
        Duration down = downTime();
        leader.kill9();
        follower.kill9();
        Thread.sleep(down.toMillis());
        leader.launch();
        follower.launch();
        leader.awaitReady(ChaosStack.START_TIMEOUT);
        follower.awaitReady(ChaosStack.START_TIMEOUT);
        return new String[] {leader.name() + "+" + follower.name(), "both down " + down.toMillis()
                + " ms, then restarted"};
    }

    /** The target stops for longer than a caller's read timeout (2 s, the front end's and the leader's). */
    private String[] pause(ChildService target) throws InterruptedException {
        Duration paused = replicaTimeout.plusMillis(500 + random.nextInt(2500));
        target.pause();
        try {
            Thread.sleep(paused.toMillis());
        } finally {
            target.resume();
        }
        return new String[] {target.name(), "SIGSTOP for " + paused.toMillis() + " ms, then SIGCONT"};
    }

    private ChildService leaderOrAny() throws InterruptedException {
        int leader = replicas.leader();
        return stack.replica(leader > 0 ? leader : 1 + random.nextInt(3));
    }

    private ChildService follower() throws InterruptedException {
        int leader = replicas.leader();
        List<ChildService> followers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            if (id != leader) {
                followers.add(stack.replica(id));
            }
        }
        return followers.get(random.nextInt(followers.size()));
    }
}
