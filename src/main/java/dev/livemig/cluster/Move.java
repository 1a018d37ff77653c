package dev.livemig.cluster;

import dev.livemig.spec.Specs;
import dev.livemig.spec.Storage;

/**
 * One requested move of a VM: its id ({@code m7}; a retry is attempt 1, 2, ... of the same id), from
 * where to where, the measure it is named by, when it was queued, and the drain or return it belongs
 * to (null for a migrate step's move).
 */
public record Move(String id, int attempt, Specs.VmSpec vm, String from, String to, String measure, long queuedAt,
    Batch batch, Storage.Kind kind, boolean force) {

  /** A live migration, the support policy enforced. */
  public Move(String id, int attempt, Specs.VmSpec vm, String from, String to, String measure, long queuedAt, Batch batch) {
    this(id, attempt, vm, from, to, measure, queuedAt, batch, Storage.Kind.LIVE, false);
  }

  /** {@code m7} for the first attempt, {@code m7.1} for the first retry. */
  public String attemptId() {
    return attempt == 0 ? id : id + "." + attempt;
  }

  /** The next attempt of the same move. */
  Move again(String newFrom, String newTo) {
    return new Move(id, attempt + 1, vm, newFrom, newTo, measure, queuedAt, batch, kind, force);
  }

  Move from(String newFrom) {
    return new Move(id, attempt, vm, newFrom, to, measure, queuedAt, batch, kind, force);
  }

  Move to(String newTo) {
    return new Move(id, attempt, vm, from, newTo, measure, queuedAt, batch, kind, force);
  }

  String vmName() {
    return vm.name();
  }
}
