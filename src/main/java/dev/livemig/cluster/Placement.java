package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import dev.livemig.spec.Specs;

/**
 * Where a VM goes and in which order a host's VMs leave: pure functions of the hosts' state and
 * free memory and of the placement policy (VMM's placement: most free memory, round robin, or a list
 * of targets in turn). Nothing here changes state; the round-robin cursor goes in and comes out.
 */
public final class Placement {
  private Placement() {}

  /** What placement needs to know of the hosts: their names in the scenario's order, which are up, their free memory. */
  public interface Hosts {
    List<String> names();

    boolean up(String host);

    long free(String host);
  }

  /** A host chosen ({@code null}: none has room) and the round-robin cursor after the choice. */
  public record Choice(String host, int cursor) {}

  /**
   * Where a VM of {@code memory} bytes leaving {@code from} goes under {@code policy}: an up host
   * other than {@code from} with room. most-free-memory takes the host with the most free memory (the
   * first on a tie); round-robin and targets take the next host with room after {@code cursor} in
   * their pool (every host, or the targets).
   */
  public static Choice place(long memory, String from, Specs.Placement policy, Hosts hosts, int cursor) {
    List<String> pool = "targets".equals(policy.policy()) ? policy.targets() : hosts.names();
    List<String> candidates = new ArrayList<>();
    for (String h : pool) {
      if (!h.equals(from) && hosts.up(h) && hosts.free(h) >= memory) candidates.add(h);
    }
    if (candidates.isEmpty()) return new Choice(null, cursor);
    if ("most-free-memory".equals(policy.policy())) {
      String best = null;
      for (String h : candidates) if (best == null || hosts.free(h) > hosts.free(best)) best = h;
      return new Choice(best, cursor);
    }
    for (int i = 0; i < pool.size(); i++) {
      String h = pool.get((cursor + i) % pool.size());
      if (candidates.contains(h)) return new Choice(h, (cursor + i + 1) % pool.size());
    }
    return new Choice(null, cursor);
  }

  /** Why a VM of {@code memory} bytes leaving {@code from} could be placed nowhere. */
  public static String whyNowhere(long memory, String from, Hosts hosts) {
    long best = 0;
    for (String h : hosts.names()) if (!h.equals(from) && hosts.up(h)) best = Math.max(best, hosts.free(h));
    return "no up host has " + gib(memory) + " free (the most any has is " + gib(best) + ")";
  }

  /**
   * What would let a VM of {@code memory} bytes leaving {@code from} be placed: the memory missing on
   * the up host with the most free, or a host to bring back, or a host to add.
   */
  public static String fixNowhere(long memory, String from, Hosts hosts) {
    long best = -1;
    String where = null;
    for (String h : hosts.names()) {
      if (!h.equals(from) && hosts.up(h) && hosts.free(h) > best) {
        best = hosts.free(h);
        where = h;
      }
    }
    if (where == null) return "no other host is up: bring one back or add one with " + gib(memory) + " free";
    return "free " + gib(memory - best) + " more on " + where + " (move or stop VMs there), add a host with "
        + gib(memory) + " free, or give the VM less memory";
  }

  /**
   * The order a drain moves VMs in: highest priority first, then the policy's order (largest-first,
   * smallest-first, as-listed), then their place in the scenario.
   */
  public static Comparator<Specs.VmSpec> drainOrder(Specs.Placement policy, ToIntFunction<String> listedAt) {
    Comparator<Specs.VmSpec> order = Comparator.comparing(Specs.VmSpec::priority);
    if ("largest-first".equals(policy.order())) order = order.thenComparing(Comparator.comparingLong(Specs.VmSpec::memoryBytes).reversed());
    else if ("smallest-first".equals(policy.order())) order = order.thenComparingLong(Specs.VmSpec::memoryBytes);
    return order.thenComparingInt(v -> listedAt.applyAsInt(v.name()));
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
