package dev.livemig.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A group of moves the cluster waits for: a host's drain, or the return of its VMs after patching.
 * It ends when its last move has ended (or was given up); the drain run that asked for it is told.
 */
public final class Batch {
  public enum Kind { DRAIN, RETURN }

  /**
   * One VM of a drain: where it goes, how long it waited for a slot and took to copy (nanoseconds),
   * its blackout, its outcome (queued, completed, failed, not-placed, not-moved) and why; for a VM
   * not placed, what would have made room ({@code fix}).
   */
  public record VmMove(String vm, String to, Long queueWaitNanos, Long copyNanos, Double downtimeMs, String outcome,
      String reason, String fix, String kind) {
    public VmMove(String vm, String to, Long queueWaitNanos, Long copyNanos, Double downtimeMs, String outcome, String reason) {
      this(vm, to, queueWaitNanos, copyNanos, downtimeMs, outcome, reason, null, null);
    }

    /** A VM not placed, with what would have made room. */
    public VmMove(String vm, String to, Long queueWaitNanos, Long copyNanos, Double downtimeMs, String outcome, String reason,
        String fix) {
      this(vm, to, queueWaitNanos, copyNanos, downtimeMs, outcome, reason, fix, null);
    }
  }

  final Kind kind;
  final String host;
  final String measure;
  final boolean forRolling;
  final long startedAt;
  /** Where a move of this batch goes when its destination leaves service. */
  final Specs.Placement replacement;
  /** The drain run to tell when the batch ends. */
  final ActorRef<DrainRun.Command> owner;
  final Map<String, VmMove> vms = new LinkedHashMap<>();
  final Map<String, String> movedTo = new LinkedHashMap<>();
  long bytesMoved;
  int pending;
  long finishedAt = -1;
  /** How the drain met the cluster's rules (issue 13); its return meets them the same way. */
  Specs.DrainRules rules = Specs.DrainRules.DEFAULT;

  Batch(Kind kind, String host, String measure, boolean forRolling, long startedAt, Specs.Placement replacement,
      ActorRef<DrainRun.Command> owner) {
    this.kind = kind;
    this.host = host;
    this.measure = measure;
    this.forRolling = forRolling;
    this.startedAt = startedAt;
    this.replacement = replacement;
    this.owner = owner;
  }

  public String host() {
    return host;
  }

  public long startedAt() {
    return startedAt;
  }

  /** When the last move ended; -1 while moves are pending. */
  public long finishedAt() {
    return finishedAt;
  }

  public long bytesMoved() {
    return bytesMoved;
  }

  /** The measure the batch's drain step named (null: none, or a drain of a rolling maintenance). */
  public String measure() {
    return measure;
  }

  /** A drain that is one host's part of a rolling maintenance (its measure is the maintenance's). */
  public boolean forRolling() {
    return forRolling;
  }

  /** The VMs of the batch that did not move (not placed, not moved, failed): still on the drained host. */
  public int vmsLeft() {
    int n = 0;
    for (VmMove v : vms.values()) if (!"completed".equals(v.outcome())) n++;
    return n;
  }

  /** Each VM of the batch, in the order the drain took them. */
  public Collection<VmMove> vms() {
    return vms.values();
  }
}
