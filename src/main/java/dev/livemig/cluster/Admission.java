package dev.livemig.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import dev.livemig.network.TransportPlanner;
import dev.livemig.spec.Specs.LiveMigrationSettings;

/**
 * Admission of moves: the queue, in order, and the slots: a host takes part in at most
 * {@code simultaneous} live migrations at once (counted at source and destination, Hyper-V's
 * Set-VMHost -MaximumVirtualMachineMigrations), and the cluster in at most {@code max-concurrent}
 * (0: no limit). A move without a slot waits; the manager's job shows "waiting for a slot (50 %)".
 * It also counts the streams on each link, which the transport planner spreads routes over.
 */
final class Admission {

  /** A move that has started: its route and the settings it started under. */
  record Running(Move move, TransportPlanner.Route route, LiveMigrationSettings settings, long startedAt) {}

  private final Ledger ledger;
  private final int maxConcurrent;
  private final Deque<Move> queue = new ArrayDeque<>();
  private final Map<String, Running> running = new TreeMap<>();
  private final Map<String, Integer> slots = new HashMap<>();
  private final Map<String, Integer> streams = new HashMap<>(); // looked up by link, never walked
  private final Set<String> waitLogged = new HashSet<>();

  Admission(Ledger ledger, int maxConcurrent) {
    this.ledger = ledger;
    this.maxConcurrent = maxConcurrent;
  }

  void enqueue(Move m) {
    queue.addLast(m);
    ledger.queued(m);
  }

  /** The queue, oldest first; remove through {@link #remove}. */
  Iterator<Move> queue() {
    return queue.iterator();
  }

  /** Removes the move the iterator is at (the iterator of {@link #queue}). */
  void remove(Iterator<Move> at, Move m) {
    at.remove();
    ledger.unqueued(m);
  }

  boolean queueEmpty() {
    return queue.isEmpty();
  }

  /** Whether both hosts (and the cluster) have a free slot for one more live migration. */
  boolean hasSlot(Move m, int simultaneous) {
    return slots.getOrDefault(m.from(), 0) < simultaneous && slots.getOrDefault(m.to(), 0) < simultaneous
        && (maxConcurrent <= 0 || running.size() < maxConcurrent);
  }

  /** True the first time a move is found waiting for a slot (it is logged once). */
  boolean firstWait(Move m) {
    return waitLogged.add(m.attemptId());
  }

  /** Streams per link of the migrations running now. */
  Map<String, Integer> streams() {
    return streams;
  }

  /** A move leaves the queue and starts: it takes a slot at both hosts and its streams. */
  void start(Move m, TransportPlanner.Route route, LiveMigrationSettings settings, long now) {
    slots.merge(m.from(), 1, Integer::sum);
    slots.merge(m.to(), 1, Integer::sum);
    for (var c : route.channels()) for (String l : c.links()) streams.merge(l, 1, Integer::sum);
    running.put(m.id(), new Running(m, route, settings, now));
    ledger.started(m);
  }

  /** A move ended: its slots and streams are free again. */
  Running end(String id) {
    Running run = running.remove(id);
    Move m = run.move();
    slots.merge(m.from(), -1, Integer::sum);
    slots.merge(m.to(), -1, Integer::sum);
    for (var c : run.route().channels()) for (String l : c.links()) streams.merge(l, -1, Integer::sum);
    ledger.stopped(m);
    return run;
  }

  /** The moves running now, by id. */
  Iterable<Running> running() {
    return running.values();
  }

  boolean idle() {
    return queue.isEmpty() && running.isEmpty();
  }
}
