package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.livemig.spec.Specs;

/**
 * The hosts as the cluster manager sees them: in service, in maintenance or down, and their memory:
 * capacity and what is taken (by the VMs there and by moves into them, reserved when a move is
 * queued and released when it ends or is given up).
 */
final class HostBook implements Placement.Hosts {

  enum State { UP, MAINTENANCE, DOWN }

  /**
   * Hosts outside the cluster (cluster-member = false, until a node add joins them): the cluster
   * places no VM there (a drain, a restart); a move a step asks for is left to the move rules.
   */
  private final java.util.Set<String> outside = new java.util.HashSet<>();

  void outside(String host, boolean isOutside) {
    if (isOutside) outside.add(host);
    else outside.remove(host);
  }

  private final List<String> names;
  private final Map<String, State> state = new HashMap<>();
  private final Map<String, Long> capacity = new HashMap<>();
  private final Map<String, Long> used = new HashMap<>();

  HostBook(List<Specs.HostSpec> hosts) {
    List<String> n = new ArrayList<>();
    for (Specs.HostSpec h : hosts) {
      n.add(h.name());
      state.put(h.name(), State.UP);
      capacity.put(h.name(), h.memoryBytes());
      used.put(h.name(), 0L);
    }
    this.names = List.copyOf(n);
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public boolean up(String host) {
    return state.get(host) == State.UP && !outside.contains(host);
  }

  State state(String host) {
    return state.get(host);
  }

  void set(String host, State s) {
    state.put(host, s);
  }

  @Override
  public long free(String host) {
    return capacity.get(host) - used.getOrDefault(host, 0L);
  }

  long used(String host) {
    return used.getOrDefault(host, 0L);
  }

  void reserve(String host, long bytes) {
    used.merge(host, bytes, Long::sum);
  }

  void release(String host, long bytes) {
    used.merge(host, -bytes, Long::sum);
  }
}
