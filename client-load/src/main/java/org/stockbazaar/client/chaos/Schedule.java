package org.stockbazaar.client.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The nemesis's random choices, drawn from one seeded generator, the same number of draws every round whatever the
 * fault: the seed alone fixes the sequence of faults and their parameters, so a failing run can be replayed
 * (when each fault lands among the clients' requests still depends on timing).
 */
final class Schedule {

    /**
     * One round's choices.
     *
     * @param gap         quiet time before the fault: 0.5 to 2 s
     * @param fault       what to do
     * @param onLeader    for a pause: the leader rather than a follower
     * @param pick        which of several candidates (followers, say): {@code pick % candidates}
     * @param down        how long a killed replica stays down: 0.5 to 3 s (1 to 3 s for kill-syncing)
     * @param pauseExtra  how much longer than the caller's timeout a pause lasts: 0.5 to 3 s
     * @param killAtStart kill-syncing: kill as soon as the log is open (else as the sync-up starts)
     */
    record Round(Duration gap, Fault fault, boolean onLeader, int pick, Duration down, Duration pauseExtra,
            boolean killAtStart) {
    }

    private final Random random;
    private final List<Fault> faults;

    Schedule(long seed, List<Fault> faults) {
        this.random = new Random(seed);
        this.faults = List.copyOf(faults);
    }

    Round next() {
        Duration gap = Duration.ofMillis(500 + random.nextInt(1500));
        Fault fault = faults.get(random.nextInt(faults.size()));
        boolean onLeader = random.nextBoolean();
        int pick = random.nextInt(Integer.MAX_VALUE);
        int downMillis = 500 + random.nextInt(2500);
        if (fault == Fault.KILL_SYNCING) {
            downMillis = Math.max(1000, downMillis);
        }
        Duration pauseExtra = Duration.ofMillis(500 + random.nextInt(2500));
        boolean killAtStart = random.nextBoolean();
        return new Round(gap, fault, onLeader, pick, Duration.ofMillis(downMillis), pauseExtra, killAtStart);
    }
}
