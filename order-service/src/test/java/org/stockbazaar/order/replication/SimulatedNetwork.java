package org.stockbazaar.order.replication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.support.trade.TradeType;

/**
 * Three {@link ReplicaCore}s (ids 1..3) and the network between them, in one thread, one step at a time: a test (or a
 * seeded {@link Random}) decides which message is delivered next, which is lost, which call times out while its
 * message is still on the way, which replica is killed and when it comes back.
 *
 * <p>The replicas are driven the way {@code cluster/Replica.java} drives them: an election is startElection, a
 * Prepare to each peer, onPrepareReplies once every call has answered or failed, a Fetch loop if another log is more
 * up to date, becomeLeader; a leader has one Append in flight per follower (appendFor, onAppend at the follower,
 * onAppendReply); a (re)started replica asks its peers' Status, plans its sync-up, fetches, and calls syncedUp; a
 * trade is appendAsLeader, then syncLog and ownDurable, and is acknowledged once the leader's commitIndex reaches its
 * number while it still leads the same epoch.
 */
final class SimulatedNetwork {

    static final List<Integer> IDS = List.of(1, 2, 3);
    private static final String[] STOCKS = {"GameStart", "BoarCo", "MenhirCo", "RottenFishCo"};
    private static final int TRACE_LENGTH = 300;

    private final Random random;
    private final int appendBatch;
    private final Map<Integer, Node> nodes = new TreeMap<>();
    private final List<Envelope> inFlight = new ArrayList<>();
    private final Set<List<Integer>> cutLinks = new HashSet<>();
    private final Map<Long, Integer> leaderOfEpoch = new TreeMap<>();
    /** What clients were told: transaction number → request id. */
    private final Map<Long, String> acknowledged = new TreeMap<>();
    private final Map<String, Long> acknowledgedNumbers = new HashMap<>();
    /** The longest prefix any leader counted as committed: every later leader's must agree with it. */
    private final List<LogEntry> committedHistory = new ArrayList<>();
    /**
     * The catalog as {@code CatalogFeed} and {@code Catalog.applyCommitted} treat it: the orders it applied, in
     * number order, each once, and the newest leader epoch it heard from (older leaders are refused).
     */
    private final List<LogEntry> catalog = new ArrayList<>();
    private long catalogEpoch;
    private final List<Trade> pendingTrades = new ArrayList<>();
    /** Trades a client was refused or timed out on: the front end retries them with the same request id. */
    private final Set<String> toRetry = new LinkedHashSet<>();
    private final Set<String> problems = new LinkedHashSet<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private List<Action> actions;
    private int totalWeight;
    private int requests;
    private int mismatches;
    private int staleEpochReplies;

    private SimulatedNetwork(long seed, int appendBatch) {
        this.random = new Random(seed);
        this.appendBatch = appendBatch;
        for (int id : IDS) {
            nodes.put(id, new Node(id));
        }
    }

    /** Three fresh replicas, started and synced up with each other (no leader yet). */
    static SimulatedNetwork started(long seed, int appendBatch) {
        SimulatedNetwork network = new SimulatedNetwork(seed, appendBatch);
        network.nodes.keySet().forEach(network::start);
        network.settle();
        return network;
    }

    // ------------------------------------------------------------------ faults

    void crash(int id) {
        Node node = nodes.get(id);
        if (!node.alive()) {
            return;
        }
        note("CRASH " + id + " (log " + node.log.lastIndex() + ", durable " + (node.log.durableEntries().size() - 1)
                + ")");
        node.log.crash();
        node.core = null;
        node.incarnation++;
        node.startup = null;
        node.election = null;
        node.appendsInFlight.clear();
        resolveTrades();
    }

    /** Starts a new core over the crashed replica's log and state; it syncs up as a started replica does. */
    void restart(int id) {
        if (!nodes.get(id).alive()) {
            start(id);
        }
    }

    /**
     * kill -9 of the replica, and its durable entry at {@code index} found damaged at restart: that entry and every
     * one after it are dropped (as {@code FileOrderLog} does). The checks count what it held before as held while
     * it gets the entries back: the loss is one fault, and no second one comes before the repair.
     */
    void crashWithDamage(int id, int index) {
        Node node = nodes.get(id);
        if (!node.alive()) {
            return;
        }
        List<LogEntry> before = node.log.durableEntries();
        crash(id);
        node.log.crashWithDamageAt(index);
        if (node.log.lostRows()) {
            node.beforeDamage = before;
            note("DAMAGE at #" + index + " of " + id + ": its log is now " + brief(node.log.durableEntries()));
        }
    }

    /**
     * The replica's disk is replaced (it crashes first if it is up): its log, published rows and state are gone, and
     * it restarts with nothing, as a replica whose data folder was deleted. The checks count what it held durably
     * before as held while it recovers: the loss is one fault, and no other replica loses anything before the
     * recovery ends (other replicas may crash and restart meanwhile; that loses nothing).
     */
    void crashWithDiskLoss(int id) {
        Node node = nodes.get(id);
        List<LogEntry> before = node.log.durableEntries();
        crash(id);
        node.log = new MemoryOrderLog();
        node.store = new MemoryReplicaStateStore(false);
        node.beforeDamage = before;
        node.diskLost = true;
        node.publishedSeen = 0;
        note("DISK LOSS of " + id + ": it held " + brief(before));
    }

    /**
     * A leader feeds the catalog what it counts as committed and the catalog lacks ({@code CatalogFeed}); the catalog
     * refuses a leader older than the newest it heard from, skips what it holds, applies the rest in order. A
     * deposed leader that still believes it leads feeds too, as a paused one does when it wakes.
     */
    void feedCatalog(int leaderId) {
        Node node = nodes.get(leaderId);
        if (!node.alive() || !node.core.isLeader()) {
            return;
        }
        long epoch = node.core.epoch();
        if (epoch < catalogEpoch) {
            note("catalog refuses leader " + leaderId + " of epoch " + epoch + " (it follows " + catalogEpoch + ")");
            return;
        }
        catalogEpoch = epoch;
        List<LogEntry> log = node.log.view();
        long through = Math.min(node.core.commitIndex(), log.size() - 1);
        for (long number = catalog.size(); number <= through; number++) {
            catalog.add(log.get((int) number));
        }
        note("catalog fed by " + leaderId + " through #" + through + ": holds " + catalog.size());
        checkSafety();
    }

    /** Power loss of the whole cluster: every replica dies, keeping only what it had fsync'd. */
    void powerLoss() {
        note("POWER LOSS");
        IDS.forEach(this::crash);
    }

    /**
     * The network delivers a request twice: its receiver handles a copy now, and the original stays on its way
     * (so it arrives again later, after other messages). The copy's answer is lost; the original's counts.
     */
    void duplicate(Envelope envelope) {
        Node target = nodes.get(envelope.to());
        if (envelope.reply() || !target.alive() || cutLinks.contains(List.of(envelope.from(), envelope.to()))) {
            return;
        }
        note("duplicated " + envelope);
        atNode(target, "handling a duplicate of " + envelope, () -> handle(target, envelope.payload()));
        resolveTrades();
        checkSafety();
    }

    /** Every message from {@code from} to {@code to} is lost from now on; the other way still works. */
    void cutOneWay(int from, int to) {
        cutLinks.add(List.of(from, to));
    }

    /** The replica dies at its next fsync: what it wrote since the last one never reaches the disk. */
    void killAtNextSync(int id) {
        nodes.get(id).log.killAtNextSync();
    }

    /** Every message between the two replicas, either way, is lost from now on. */
    void cut(int a, int b) {
        cutLinks.add(List.of(a, b));
        cutLinks.add(List.of(b, a));
    }

    void isolate(int id) {
        IDS.stream().filter(other -> other != id).forEach(other -> cut(id, other));
    }

    void reconnectAll() {
        cutLinks.clear();
    }

    // ------------------------------------------------------------------ the network

    List<Envelope> inFlight() {
        return Collections.unmodifiableList(inFlight);
    }

    /** Delivers messages in the order they were sent (replies and the calls they cause included) until none is left. */
    void deliverAll() {
        deliverAll(envelope -> true);
    }

    /** Like {@link #deliverAll()}, leaving every message {@code which} rejects on the way. */
    void deliverAll(Predicate<Envelope> which) {
        for (int steps = 0; steps < 100_000; steps++) {
            Envelope next = inFlight.stream().filter(which).findFirst().orElse(null);
            if (next == null) {
                return;
            }
            deliver(next);
        }
        problems.add("messages kept coming after 100000 deliveries");
    }

    void deliver(Envelope envelope) {
        inFlight.remove(envelope);
        if (cutLinks.contains(List.of(envelope.from(), envelope.to()))) {
            note("lost (cut) " + envelope);
            fail(envelope.call());
        } else if (envelope.reply()) {
            deliverReply(envelope);
        } else {
            deliverRequest(envelope);
        }
        resolveTrades();
        checkSafety();
    }

    /** The message is lost; its caller times out. */
    void drop(Envelope envelope) {
        inFlight.remove(envelope);
        note("dropped " + envelope);
        fail(envelope.call());
        resolveTrades();
        checkSafety();
    }

    /** The caller gives up on the call, but its message is still on the way and may yet arrive. */
    void timeOut(Envelope envelope) {
        note("timed out (still on the way) " + envelope);
        fail(envelope.call());
        resolveTrades();
        checkSafety();
    }

    private void deliverRequest(Envelope envelope) {
        Call call = envelope.call();
        Node target = nodes.get(call.target);
        if (!target.alive()) {
            note("refused (down) " + envelope);
            fail(call);
            return;
        }
        Object[] reply = new Object[1];
        boolean survived = atNode(target, "handling " + envelope, () -> reply[0] = handle(target, envelope.payload()));
        if (!survived || reply[0] == null) {
            fail(call);
            return;
        }
        note(envelope + " -> " + describe(reply[0]));
        inFlight.add(new Envelope(call, true, reply[0]));
    }

    private Object handle(Node target, Object request) {
        if (request instanceof Prepare prepare) {
            return target.core.onPrepare(prepare);
        }
        if (request instanceof Fetch fetch) {
            return target.core.onFetch(fetch);
        }
        if (request instanceof Append append) {
            return target.core.onAppend(append);
        }
        return target.core.status();
    }

    private void deliverReply(Envelope envelope) {
        Call call = envelope.call();
        if (call.settled || !call.caller.alive() || call.caller.incarnation != call.incarnation) {
            note("ignored (caller gave up or restarted) " + envelope);
            return;
        }
        call.settled = true;
        atNode(call.caller, "reply " + envelope, () -> call.onReply.accept(envelope.payload()));
    }

    private void fail(Call call) {
        if (call.settled) {
            return;
        }
        call.settled = true;
        if (call.caller.alive() && call.caller.incarnation == call.incarnation) {
            atNode(call.caller, "failure of " + describe(call.request), call.onFailure);
        }
    }

    private Call call(Node caller, int target, Object request, Consumer<Object> onReply, Runnable onFailure) {
        Call call = new Call(caller, caller.incarnation, target, request, onReply, onFailure);
        inFlight.add(new Envelope(call, false, request));
        return call;
    }

    /**
     * Runs a step at a replica as its threads would: a kill between write and fsync crashes it; any other exception
     * is a bug in the core (production would lose the thread or answer 500), recorded as a problem.
     *
     * @return false if the replica died or the step threw
     */
    private boolean atNode(Node node, String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (MemoryOrderLog.KilledBeforeSync killed) {
            note("killed before fsync while " + what);
            crash(node.id);
            return false;
        } catch (NotLeaderException notLeader) {
            note("not leader while " + what);
            return false;
        } catch (CatchingUpException catchingUp) {
            note("catching up (refused) while " + what);
            return false;
        } catch (RuntimeException e) {
            problems.add("replica " + node.id + " threw " + e + " while " + what);
            return false;
        }
    }

    // ------------------------------------------------------------------ replicas

    private void start(int id) {
        Node node = nodes.get(id);
        node.core = new ReplicaCore(id, node.peers, node.log, node.store);
        node.incarnation++;
        note("START " + id + " " + node.core.status());
        node.startup = new StartupSync(node);
        node.startup.begin();
    }

    /** Asks the replica to lead (the front end's Lead): a no-op if it leads already or is running an election. */
    boolean startElection(int id) {
        Node node = nodes.get(id);
        if (!node.alive() || node.core.isLeader() || node.election != null) {
            return false;
        }
        node.election = new Election(node);
        boolean[] started = new boolean[1];
        atNode(node, "starting an election", () -> {
            node.election.begin();
            started[0] = true;
        });
        if (!started[0]) {
            // refused (a replica getting back rows it lost does not stand): no election runs
            node.election = null;
        }
        return started[0];
    }

    /** One round of the leader's sender for this follower, if it has something to send and nothing in flight. */
    boolean sendAppend(int leaderId, int followerId) {
        Node leader = nodes.get(leaderId);
        if (!leader.alive() || leader.appendsInFlight.containsKey(followerId)
                || !leader.core.hasEntriesFor(followerId)
                        && leader.core.commitNoticeFor(followerId) != CommitNotice.DUE) {
            return false;
        }
        Append[] batch = new Append[1];
        if (!atNode(leader, "preparing an append for " + followerId,
                () -> batch[0] = leader.core.appendFor(followerId, appendBatch))) {
            return false;
        }
        Append append = batch[0];
        Call call = call(leader, followerId, append, reply -> {
            leader.appendsInFlight.remove(followerId);
            AppendReply appendReply = (AppendReply) reply;
            if (appendReply.outcome() == AppendReply.Outcome.MISMATCH) {
                mismatches++;
            } else if (appendReply.outcome() == AppendReply.Outcome.STALE_EPOCH) {
                staleEpochReplies++;
            }
            leader.core.onAppendReply(append, appendReply);
        }, () -> leader.appendsInFlight.remove(followerId));
        leader.appendsInFlight.put(followerId, call);
        return true;
    }

    /** Runs the leader's sender for this follower, delivering its calls only, until it has nothing more to send. */
    void replicate(int leaderId, int followerId) {
        for (int round = 0; round < 1000 && sendAppend(leaderId, followerId); round++) {
            deliverAll(e -> e.call().caller.id == leaderId && e.call().target == followerId);
        }
    }

    /**
     * Delivers every message, runs every sender, every trade's fsync and every sync-up retry, until nothing is left
     * to do.
     */
    void settle() {
        for (int steps = 0; steps < 100_000; steps++) {
            if (!inFlight.isEmpty()) {
                deliver(inFlight.get(0));
            } else if (!pokeSomething()) {
                return;
            }
        }
        problems.add("the replicas did not fall quiet after 100000 steps: " + statuses());
    }

    private boolean pokeSomething() {
        for (Trade trade : List.copyOf(pendingTrades)) {
            if (!trade.synced && syncTrade(trade)) {
                return true;
            }
        }
        // a leader's entries whose trade gave up before its fsync: in production the trade's thread syncs whatever
        // its client does (and a later trade's fsync covers them anyway)
        for (Node node : leaders()) {
            if (node.log.durableView().size() < node.log.view().size()) {
                atNode(node, "a later fsync", () -> node.core.ownDurable(node.core.syncLog()));
                // the fsync may commit (and publish) entries: checked at once, as after every message, before the
                // leader can step down and take its commit index with it
                checkSafety();
                return true;
            }
        }
        // a sender or a sync-up that can only fail again (a cut link, no peer up, no leader it may copy) keeps
        // trying in production; here it waits for the next step that can change that. A replica catching up copies
        // only a leader of the newest epoch it promised (and of its log epoch or newer): a deposed leader that still
        // believes it leads is no source,
        // and in production it is replaced when the front end's next trade finds its followers gone (here: heal)
        for (Node node : nodes.values()) {
            if (node.alive() && node.startup != null && node.startup.waitingToRetry && canReachAPeer(node)
                    && (!node.core.catchingUp() || hasSourceFor(node))) {
                retrySyncUp(node);
                return true;
            }
        }
        for (Node node : nodes.values()) {
            for (int follower : node.peers) {
                if (nodes.get(follower).alive() && !cutLinks.contains(List.of(node.id, follower))
                        && sendAppend(node.id, follower)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A leader the node's sync-up may copy, by {@code ReplicaCore}'s own rule. */
    private boolean hasSourceFor(Node node) {
        return leaders().stream().anyMatch(leader -> node.core.canSyncFrom(leader.core.status()));
    }

    private boolean canReachAPeer(Node node) {
        return node.peers.stream().anyMatch(peer -> nodes.get(peer).alive()
                && !cutLinks.contains(List.of(node.id, peer)) && !cutLinks.contains(List.of(peer, node.id)));
    }

    private void retrySyncUp(Node node) {
        atNode(node, "retrying the sync-up", node.startup::begin);
    }

    // ------------------------------------------------------------------ clients

    /** A new trade at the replica (the front end believes it leads); null if it refuses (503). */
    Trade submit(int id) {
        return submit(id, "request-" + (++requests));
    }

    /** A trade (or a retry of one) with this request id, as {@code OrderService.trade} handles it. */
    Trade submit(int id, String requestId) {
        Node node = nodes.get(id);
        if (!node.alive() || !node.core.isLeader()) {
            toRetry.add(requestId);
            return null;
        }
        toRetry.remove(requestId);
        long epoch = node.core.epoch();
        OptionalLong logged = node.core.indexOf(requestId);
        Trade trade;
        if (logged.isPresent()) {
            // a retry whose order is in the log: it only waits for that entry's commit
            trade = new Trade(requestId, node, epoch, logged.getAsLong(), true);
        } else {
            String stock = STOCKS[Math.floorMod(requestId.hashCode(), STOCKS.length)];
            LogEntry entry = node.core.appendAsLeader(List.of(
                    new org.stockbazaar.support.trade.Trade(requestId, stock, TradeType.BUY, 1 + requests % 5)))
                    .get(0);
            trade = new Trade(requestId, node, epoch, entry.number(), false);
        }
        note("trade " + requestId + " at " + id + " -> #" + trade.number + (logged.isPresent() ? " (in log)" : ""));
        pendingTrades.add(trade);
        resolveTrades();
        return trade;
    }

    /** The leader fsyncs its log and counts what is durable (appendAndCommit's second step). */
    boolean syncTrade(Trade trade) {
        Node node = trade.node;
        if (trade.synced || !node.alive() || node.incarnation != trade.incarnation) {
            return false;
        }
        trade.synced = true;
        atNode(node, "fsync for " + trade.requestId, () -> node.core.ownDurable(node.core.syncLog()));
        resolveTrades();
        checkSafety();
        return true;
    }

    private void resolveTrades() {
        for (Trade trade : List.copyOf(pendingTrades)) {
            Node node = trade.node;
            if (!node.alive() || node.incarnation != trade.incarnation) {
                failTrade(trade, "its leader crashed");
            } else if (!trade.synced) {
                continue;
            } else if (node.core.isLeader() && node.core.epoch() == trade.epoch
                    && node.core.commitIndex() >= trade.number) {
                acknowledge(trade);
            } else if (!node.core.isLeader() || node.core.epoch() != trade.epoch) {
                failTrade(trade, "its leader stepped down");
            }
        }
    }

    private void acknowledge(Trade trade) {
        pendingTrades.remove(trade);
        trade.acknowledged = true;
        LogEntry entry = trade.node.core.entry(trade.number).orElse(null);
        note("ACK " + trade.requestId + " #" + trade.number + " by " + trade.node.id + " in epoch " + trade.epoch);
        if (entry == null || !entry.requestId().equals(trade.requestId)) {
            problems.add("leader " + trade.node.id + " acknowledged #" + trade.number + " for " + trade.requestId
                    + " but holds " + entry + " there");
        }
        String before = acknowledged.putIfAbsent(trade.number, trade.requestId);
        if (before != null && !before.equals(trade.requestId)) {
            problems.add("#" + trade.number + " acknowledged for " + before + " and for " + trade.requestId);
        }
        Long numberBefore = acknowledgedNumbers.putIfAbsent(trade.requestId, trade.number);
        if (numberBefore != null && numberBefore != trade.number) {
            problems.add(trade.requestId + " acknowledged as #" + numberBefore + " and as #" + trade.number);
        }
        toRetry.remove(trade.requestId);
    }

    private void failTrade(Trade trade, String why) {
        pendingTrades.remove(trade);
        trade.failed = true;
        note("trade " + trade.requestId + " #" + trade.number + " failed: " + why);
        if (!acknowledgedNumbers.containsKey(trade.requestId)) {
            toRetry.add(trade.requestId);
        }
    }

    // ------------------------------------------------------------------ a random schedule

    /** One step chosen by the seeded random: mostly deliveries, with trades, losses, crashes and elections. */
    void randomStep() {
        if (actions == null) {
            actions = actions();
            totalWeight = actions.stream().mapToInt(Action::weight).sum();
        }
        int roll = random.nextInt(totalWeight);
        for (Action action : actions) {
            roll -= action.weight();
            if (roll < 0) {
                action.step().run();
                break;
            }
        }
        resolveTrades();
        checkSafety();
    }

    /** A kind of step and how often the random schedule takes it, relative to the others. */
    private record Action(int weight, Runnable step) {
    }

    private List<Action> actions() {
        return List.of(
                // any message in flight arrives: messages overtake each other
                new Action(38, () -> pick(inFlight).ifPresent(this::deliver)),
                // the newest arrives first: an old message arrives late, after the world moved on
                new Action(8, () -> pick(inFlight.isEmpty() ? List.<Envelope>of()
                        : List.of(inFlight.get(inFlight.size() - 1))).ifPresent(this::deliver)),
                new Action(4, () -> pick(inFlight).ifPresent(this::drop)),
                new Action(5, () -> pick(inFlight.stream().filter(e -> !e.call().settled).toList())
                        .ifPresent(this::timeOut)),
                // clients: a new trade, a retry of a refused or timed-out one, at a replica that believes it leads
                new Action(10, () -> pick(leaders()).ifPresent(node -> submit(node.id))),
                new Action(3, () -> pick(List.copyOf(toRetry))
                        .ifPresent(request -> pick(leaders()).ifPresent(node -> submit(node.id, request)))),
                new Action(1, () -> pick(pendingTrades).ifPresent(t -> failTrade(t, "the client timed out"))),
                // a leader's trade thread reaches its fsync; a sender thread sends its next batch
                new Action(7, () -> pick(pendingTrades.stream().filter(t -> !t.synced).toList())
                        .ifPresent(this::syncTrade)),
                new Action(12, () -> pick(leaders())
                        .ifPresent(node -> sendAppend(node.id, node.peers.get(random.nextInt(2))))),
                new Action(3, () -> pick(nodes.values().stream()
                        .filter(n -> n.alive() && n.startup != null && n.startup.waitingToRetry).toList())
                        .ifPresent(this::retrySyncUp)),
                // a front end that thinks the leader is gone asks some replica to lead (one that looks ready to it;
                // a replica reports ready after any append, even in the middle of its sync-up)
                new Action(8, () -> pick(nodes.values().stream().filter(Node::alive).toList())
                        .ifPresent(node -> startElection(node.id))),
                // kill -9 of one replica (never a second while one is down), between steps or between write and
                // fsync; the restart of the one that is down
                new Action(4, () -> pick(allUp() ? IDS : List.<Integer>of()).ifPresent(this::crash)),
                new Action(1, () -> pick(allUp() ? IDS : List.<Integer>of()).ifPresent(this::killAtNextSync)),
                // kill -9, and a durable row found damaged at the restart
                new Action(1, () -> pick(allUp() ? IDS : List.<Integer>of()).ifPresent(id -> crashWithDamage(id,
                        random.nextInt(Math.max(1, nodes.get(id).log.durableEntries().size()))))),
                // a replica's disk replaced: only while no replica is missing what it held, but perhaps while
                // another is down (its disk intact)
                new Action(1, () -> pick(nothingLost() ? IDS : List.<Integer>of()).ifPresent(this::crashWithDiskLoss)),
                new Action(8, () -> nodes.values().stream().filter(n -> !n.alive()).findFirst()
                        .ifPresent(node -> restart(node.id))),
                // power loss of the whole cluster; two replicas killed at once
                new Action(1, () -> {
                    if (allUp()) {
                        powerLoss();
                    }
                }),
                new Action(1, () -> {
                    if (allUp()) {
                        int spared = IDS.get(random.nextInt(IDS.size()));
                        IDS.stream().filter(id -> id != spared).forEach(this::crash);
                    }
                }),
                // a leader's feed thread brings the catalog up to its commit index
                new Action(4, () -> pick(nodes.values().stream().filter(n -> n.alive() && n.core.isLeader())
                        .toList()).ifPresent(node -> feedCatalog(node.id))),
                // a request delivered twice
                new Action(3, () -> pick(inFlight.stream().filter(e -> !e.reply()).toList())
                        .ifPresent(this::duplicate)),
                // a partition between two replicas (both ways, or one way only), or its end
                new Action(2, () -> {
                    if (cutLinks.isEmpty()) {
                        int a = IDS.get(random.nextInt(IDS.size()));
                        if (random.nextBoolean()) {
                            cut(a, a % 3 + 1);
                            note("CUT " + a + " <-> " + (a % 3 + 1));
                        } else {
                            cutOneWay(a, a % 3 + 1);
                            note("CUT " + a + " -> " + (a % 3 + 1));
                        }
                    } else {
                        note("RECONNECT");
                        reconnectAll();
                    }
                }));
    }

    /** At most one replica is down (or about to die at its next fsync) at a time. */
    private boolean allUp() {
        return nodes.values().stream().allMatch(n -> n.alive() && !n.log.killArmed() && !n.log.lostRows())
                && nothingLost();
    }

    /** No replica is missing entries it held (lost to damage or with its disk) and not yet back. */
    private boolean nothingLost() {
        return nodes.values().stream().noneMatch(n -> n.log.lostRows() || n.diskLost);
    }

    private List<Node> leaders() {
        return nodes.values().stream().filter(n -> n.alive() && n.core.isLeader()).toList();
    }

    private <T> Optional<T> pick(List<T> from) {
        return from.isEmpty() ? Optional.empty() : Optional.of(from.get(random.nextInt(from.size())));
    }

    // ------------------------------------------------------------------ healing

    /**
     * Ends the faults: reconnects everything, restarts the crashed replica, delivers every message, and asks a
     * replica to lead (the highest ready id, as the front end does) until one leader has brought both followers up to
     * its log and every replica has synced up.
     */
    void heal() {
        reconnectAll();
        for (int round = 0; round < 20; round++) {
            nodes.values().forEach(node -> node.log.disarmKill());
            IDS.forEach(this::restart);
            settle();
            if (quietWithOneLeader()) {
                return;
            }
            // a replica that does not lead: a leader asked again keeps its epoch, and one that a newer promise
            // elsewhere has deposed without its knowing (nothing to send, so nobody has told it) would stay
            Node candidate = nodes.values().stream().filter(n -> n.core.ready())
                    .sorted(Comparator.comparing((Node n) -> n.core.isLeader()).reversed())
                    .reduce((a, b) -> b).orElse(nodes.get(3));
            note("HEAL: asking " + candidate.id + " to lead");
            startElection(candidate.id);
        }
        problems.add("the replicas did not heal: " + statuses());
    }

    private boolean quietWithOneLeader() {
        List<Node> leaders = leaders();
        if (leaders.size() != 1 || !inFlight.isEmpty()) {
            return false;
        }
        Node leader = leaders.get(0);
        long highestPromise = nodes.values().stream().mapToLong(n -> n.core.epoch()).max().orElseThrow();
        return leader.core.epoch() == highestPromise
                && nodes.values().stream().allMatch(n -> n.core.ready() && n.startup == null && n.election == null)
                && leader.peers.stream().noneMatch(leader.core::hasEntriesFor)
                && pendingTrades.isEmpty();
    }

    // ------------------------------------------------------------------ checks

    /** Checked after every step: what must hold at any moment, whatever the faults. */
    void checkSafety() {
        Map<Integer, List<LogEntry>> durable = new TreeMap<>();
        Map<Integer, List<LogEntry>> current = new TreeMap<>();
        nodes.values().forEach(n -> {
            if (n.diskLost && n.alive() && !n.core.catchingUp()) {
                // recovered: it holds again what it lost, and counts as itself from now on
                n.diskLost = false;
                n.beforeDamage = null;
            }
            durable.put(n.id, n.beforeDamage != null && (n.log.lostRows() || n.diskLost) ? heldDespiteDamage(n)
                    : n.log.durableView());
            current.put(n.id, n.alive() ? n.log.view() : n.log.durableView());
        });
        for (int a : IDS) {
            for (int b : IDS) {
                if (a < b) {
                    checkLogMatching(a, current.get(a), b, current.get(b));
                }
            }
        }
        acknowledged.forEach((number, requestId) -> {
            long holders = durable.values().stream().filter(log -> holds(log, number, requestId)).count();
            if (holders < 2) {
                problems.add("acknowledged #" + number + " (" + requestId + ") is durable on " + holders
                        + " replica(s) only");
            }
        });
        for (Node leader : leaders()) {
            Integer before = leaderOfEpoch.putIfAbsent(leader.core.epoch(), leader.id);
            if (before != null && before != leader.id) {
                problems.add("replica " + leader.id + " acts as leader of epoch " + leader.core.epoch()
                        + ", which replica " + before + " won");
            }
            List<LogEntry> log = current.get(leader.id);
            extendCommittedHistory(leader.id,
                    log.subList(0, (int) Math.min(log.size(), leader.core.commitIndex() + 1)));
            for (int i = 0; i <= leader.core.commitIndex(); i++) {
                if (i >= log.size()) {
                    problems.add("leader " + leader.id + " counts #" + leader.core.commitIndex()
                            + " as committed, but its own log ends at #" + (log.size() - 1));
                    break;
                }
                LogEntry entry = log.get(i);
                long holders = durable.values().stream()
                        .filter(d -> holds(d, entry.number(), entry.requestId())).count();
                if (holders < 2) {
                    problems.add("leader " + leader.id + " counts #" + i + " as committed, but it is durable on "
                            + holders + " replica(s)");
                    break;
                }
            }
        }
        checkPublished();
        checkCatalog();
    }

    /** A damaged replica's durable log, with what it held before the damage beyond it: it gets those back. */
    private static List<LogEntry> heldDespiteDamage(Node node) {
        List<LogEntry> held = new ArrayList<>(node.log.durableView());
        if (node.beforeDamage.size() > held.size()) {
            held.addAll(node.beforeDamage.subList(held.size(), node.beforeDamage.size()));
        }
        return held;
    }

    /**
     * What a leader counts as committed agrees with what earlier leaders did; every replica's published rows (its
     * {@code order_log_<id>.csv}) are a prefix of that history and never shrink, whatever crashes in between.
     */
    private void extendCommittedHistory(int leaderId, List<LogEntry> committedByLeader) {
        int common = Math.min(committedHistory.size(), committedByLeader.size());
        if (!committedHistory.subList(0, common).equals(committedByLeader.subList(0, common))) {
            problems.add("leader " + leaderId + " counts as committed " + brief(committedByLeader)
                    + ", which differs from the committed history " + brief(committedHistory));
        } else if (committedByLeader.size() > committedHistory.size()) {
            committedHistory.addAll(committedByLeader.subList(common, committedByLeader.size()));
        }
    }

    /** The catalog holds committed orders only, in their order: a prefix of the committed history. */
    private void checkCatalog() {
        if (catalog.size() > committedHistory.size()
                || !catalog.equals(committedHistory.subList(0, catalog.size()))) {
            problems.add("the catalog applied " + brief(catalog) + ", which is not a prefix of the committed history "
                    + brief(committedHistory));
        }
    }

    private void checkPublished() {
        for (Node node : nodes.values()) {
            List<LogEntry> published = node.log.publishedView();
            if (published.size() < node.publishedSeen) {
                problems.add("replica " + node.id + "'s published log shrank from " + node.publishedSeen + " to "
                        + published.size() + " rows");
            }
            node.publishedSeen = published.size();
            if (published.size() > committedHistory.size()
                    || !published.equals(committedHistory.subList(0, published.size()))) {
                problems.add("replica " + node.id + " published " + brief(published)
                        + ", which is not a prefix of the committed history " + brief(committedHistory));
            }
        }
    }

    /** Two entries with the same number and epoch are the same entry, and so is everything before them. */
    private void checkLogMatching(int a, List<LogEntry> x, int b, List<LogEntry> y) {
        for (int i = Math.min(x.size(), y.size()) - 1; i >= 0; i--) {
            if (x.get(i).epoch() == y.get(i).epoch()) {
                if (!x.subList(0, i + 1).equals(y.subList(0, i + 1))) {
                    problems.add("replicas " + a + " and " + b + " agree on the epoch of #" + i
                            + " but not on the log up to it");
                }
                return;
            }
        }
    }

    private static boolean holds(List<LogEntry> log, long number, String requestId) {
        return number < log.size() && log.get((int) number).requestId().equals(requestId);
    }

    /** Checked once {@link #heal} is done: the end state the replicas must reach. */
    List<String> problemsAfterHealing() {
        leaders().forEach(leader -> feedCatalog(leader.id));
        List<String> found = new ArrayList<>(problems);
        List<LogEntry> reference = nodes.get(1).log.entries();
        if (!catalog.equals(reference)) {
            found.add("after healing the catalog holds " + brief(catalog) + ", not every order of the log "
                    + brief(reference));
        }
        for (Node node : nodes.values()) {
            if (!node.alive() || !node.core.ready()) {
                found.add("replica " + node.id + " is not up and synced");
            } else if (!node.log.entries().equals(reference)) {
                found.add("replica " + node.id + "'s log differs from replica 1's:\n  1: " + brief(reference)
                        + "\n  " + node.id + ": " + brief(node.log.entries()));
            } else if (!node.log.publishedView().equals(reference)) {
                found.add("replica " + node.id + " published " + brief(node.log.publishedView()) + " of its log "
                        + brief(reference));
            }
        }
        acknowledged.forEach((number, requestId) -> nodes.values().stream()
                .filter(n -> !holds(n.log.entries(), number, requestId))
                .forEach(n -> found.add("replica " + n.id + " lost acknowledged #" + number + " (" + requestId + ")")));
        for (Node node : nodes.values()) {
            List<LogEntry> entries = node.log.entries();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).number() != i) {
                    found.add("replica " + node.id + " has a gap or a misnumbered entry at " + i);
                }
            }
            Map<String, Long> counts = entries.stream()
                    .collect(Collectors.groupingBy(LogEntry::requestId, Collectors.counting()));
            counts.forEach((requestId, count) -> {
                if (count > 1) {
                    found.add("replica " + node.id + " logs " + requestId + " " + count + " times");
                }
            });
        }
        return found;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    // ------------------------------------------------------------------ what tests look at

    ReplicaCore core(int id) {
        return nodes.get(id).core;
    }

    List<LogEntry> log(int id) {
        return nodes.get(id).log.entries();
    }

    /** What the replica's {@code order_log_<id>.csv} holds. */
    List<LogEntry> published(int id) {
        return List.copyOf(nodes.get(id).log.publishedView());
    }

    List<LogEntry> durableLog(int id) {
        return nodes.get(id).log.durableEntries();
    }

    ReplicaState state(int id) {
        return nodes.get(id).store.load();
    }

    Map<Long, String> acknowledged() {
        return Collections.unmodifiableMap(acknowledged);
    }

    Map<Long, Integer> leaderOfEpoch() {
        return Collections.unmodifiableMap(leaderOfEpoch);
    }

    int mismatchReplies() {
        return mismatches;
    }

    int staleEpochReplies() {
        return staleEpochReplies;
    }

    boolean syncingUp(int id) {
        return nodes.get(id).startup != null;
    }

    String statuses() {
        return nodes.values().stream()
                .map(n -> n.alive() ? n.core.status().toString() + " log " + brief(n.log.entries())
                        : "replica " + n.id + " down")
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    String trace() {
        return String.join("\n", trace);
    }

    private void note(String event) {
        if (trace.size() == TRACE_LENGTH) {
            trace.removeFirst();
        }
        trace.addLast(event);
    }

    static String brief(List<LogEntry> entries) {
        return entries.stream().map(e -> e.number() + ":" + e.epoch() + ":" + e.requestId())
                .collect(Collectors.joining(" ", "[", "]"));
    }

    private static String describe(Object message) {
        if (message instanceof Append a) {
            return "Append(e" + a.epoch() + " from " + a.leaderId() + ", prev " + a.prevIndex() + "/e" + a.prevEpoch()
                    + ", " + brief(a.entries()) + ")";
        }
        if (message instanceof FetchReply r) {
            return "FetchReply(" + (r.match() ? "match " + brief(r.entries()) : "mismatch") + ", last "
                    + r.lastIndex() + ", logEpoch " + r.logEpoch() + (r.leaderEpoch() >= 0 ? ", leads " + r.leaderEpoch() : "")
                    + ")";
        }
        if (message instanceof Status s) {
            return "Status(" + s.id() + " " + s.role() + ", promised " + s.promisedEpoch() + ", logEpoch "
                    + s.logEpoch() + ", last " + s.lastIndex() + ")";
        }
        return message.toString();
    }

    // ------------------------------------------------------------------ the pieces

    /** The front end's Status request. */
    record StatusRequest() {
    }

    record Envelope(Call call, boolean reply, Object payload) {

        int from() {
            return reply ? call.target : call.caller.id;
        }

        int to() {
            return reply ? call.caller.id : call.target;
        }

        @Override
        public String toString() {
            return from() + "->" + to() + " " + describe(payload);
        }
    }

    /** One request/response exchange: settled once it was answered or its caller gave up. */
    static final class Call {
        final Node caller;
        final int incarnation;
        final int target;
        final Object request;
        final Consumer<Object> onReply;
        final Runnable onFailure;
        boolean settled;

        Call(Node caller, int incarnation, int target, Object request, Consumer<Object> onReply,
                Runnable onFailure) {
            this.caller = caller;
            this.incarnation = incarnation;
            this.target = target;
            this.request = request;
            this.onReply = onReply;
            this.onFailure = onFailure;
        }
    }

    final class Node {
        final int id;
        final List<Integer> peers;
        /** Replaced by an empty one when its disk is lost. */
        MemoryOrderLog log = new MemoryOrderLog();
        MemoryReplicaStateStore store = new MemoryReplicaStateStore();
        /** From the loss of its disk until it has recovered from its peers. */
        boolean diskLost;
        final Map<Integer, Call> appendsInFlight = new HashMap<>();
        /** Null while the replica is down. */
        ReplicaCore core;
        int incarnation;
        StartupSync startup;
        Election election;
        /** How many rows its published log had at the last check. */
        int publishedSeen;
        /** While it gets back the rows damage cost it: its durable log before the damage. */
        List<LogEntry> beforeDamage;

        Node(int id) {
            this.id = id;
            this.peers = IDS.stream().filter(other -> other != id).toList();
        }

        boolean alive() {
            return core != null;
        }
    }

    /** A trade at a leader, from the front end's call to the leader's answer. */
    final class Trade {
        final String requestId;
        final Node node;
        final int incarnation;
        final long epoch;
        final long number;
        boolean synced;
        boolean acknowledged;
        boolean failed;

        Trade(String requestId, Node node, long epoch, long number, boolean synced) {
            this.requestId = requestId;
            this.node = node;
            this.incarnation = node.incarnation;
            this.epoch = epoch;
            this.number = number;
            this.synced = synced;
        }

        boolean acknowledged() {
            return acknowledged;
        }

        boolean failed() {
            return failed;
        }

        long number() {
            return number;
        }

        String requestId() {
            return requestId;
        }

        void sync() {
            syncTrade(this);
        }
    }

    /** {@code Replica.lead()}: up to three prepare rounds, the fetch loop if needed, becomeLeader. */
    final class Election {
        private final Node node;
        private int attempt;
        private long atLeast;

        Election(Node node) {
            this.node = node;
        }

        void begin() {
            Prepare prepare = node.core.startElection(atLeast);
            note("ELECTION at " + node.id + " for epoch " + prepare.epoch());
            List<PrepareReply> replies = new ArrayList<>();
            int[] unanswered = {node.peers.size()};
            boolean[] decided = {false};
            // as production: on as soon as a majority has promised, or once every peer answered or failed
            Runnable settledOne = () -> {
                unanswered[0]--;
                if (!decided[0] && (unanswered[0] == 0 || node.core.promisedByMajority(replies))) {
                    decided[0] = true;
                    decide(List.copyOf(replies));
                }
            };
            for (int peer : node.peers) {
                call(node, peer, prepare, reply -> {
                    replies.add((PrepareReply) reply);
                    settledOne.run();
                }, settledOne);
            }
        }

        private void decide(List<PrepareReply> replies) {
            ReplicaCore.Election result = node.core.onPrepareReplies(replies);
            if (!result.won()) {
                note("election at " + node.id + " failed, retry at " + result.retryEpoch());
                if (++attempt < 3) {
                    atLeast = result.retryEpoch();
                    begin();
                } else {
                    node.election = null;
                }
            } else if (result.syncFrom() == null) {
                lead();
            } else {
                note("candidate " + node.id + " fetches the history from " + result.sourceId());
                fetch(result.syncFrom(), result.sourceId());
            }
        }

        private void fetch(SyncUp syncUp, int source) {
            call(node, source, syncUp.nextFetch(), reply -> {
                if (syncUp.onReply((FetchReply) reply)) {
                    lead();
                } else {
                    fetch(syncUp, source);
                }
            }, () -> {
                // lead() throws: the replica stays a candidate until it is asked again or hears of another leader
                note("election at " + node.id + " abandoned: fetch failed");
                node.election = null;
            });
        }

        private void lead() {
            node.election = null;
            node.core.becomeLeader();
            long epoch = node.core.epoch();
            note("LEADER " + node.id + " of epoch " + epoch + " with log " + brief(node.log.entries()));
            Integer before = leaderOfEpoch.putIfAbsent(epoch, node.id);
            if (before != null && before != node.id) {
                problems.add("two leaders in epoch " + epoch + ": " + before + " and " + node.id);
            }
        }
    }

    /** {@code Replica.syncUpAtStart()}: statuses of the peers, a plan, the fetch loop, syncedUp. */
    final class StartupSync {
        private final Node node;
        boolean waitingToRetry;

        StartupSync(Node node) {
            this.node = node;
        }

        void begin() {
            waitingToRetry = false;
            List<Status> statuses = new ArrayList<>();
            int[] unanswered = {node.peers.size()};
            Runnable settledOne = () -> {
                if (--unanswered[0] == 0) {
                    plan(statuses);
                }
            };
            for (int peer : node.peers) {
                call(node, peer, new StatusRequest(), reply -> {
                    statuses.add((Status) reply);
                    settledOne.run();
                }, settledOne);
            }
        }

        private void plan(List<Status> statuses) {
            ReplicaCore.SyncPlan plan = node.core.planSyncUp(statuses);
            if (!plan.possible()) {
                waitingToRetry = true;
            } else if (plan.syncUp() == null) {
                done(null);
            } else {
                note("replica " + node.id + " syncs up from leader " + plan.sourceId());
                fetch(plan.syncUp(), plan.sourceId());
            }
        }

        private void fetch(SyncUp syncUp, int source) {
            call(node, source, syncUp.nextFetch(), reply -> {
                if (syncUp.onReply((FetchReply) reply)) {
                    done(syncUp);
                } else {
                    fetch(syncUp, source);
                }
            }, () -> waitingToRetry = true);
        }

        private void done(SyncUp finished) {
            if (!node.core.syncedUp(finished)) {
                note("replica " + node.id + " lost rows and found no leader's whole log yet: syncs again");
                waitingToRetry = true;
                return;
            }
            node.startup = null;
            node.beforeDamage = null;
            node.diskLost = false;
            note("SYNCED UP " + node.id + " " + brief(node.log.entries()));
        }
    }
}
