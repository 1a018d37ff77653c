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

  /** OUTSIDE: a host not (or no longer) in the cluster: no VM is placed or moved there (node add). */
  enum State { UP, MAINTENANCE, DOWN, OUTSIDE }

  /** How a reason says the state: "maintenance", "down", "outside the cluster". */
  static String label(State s) {
    return s == State.OUTSIDE ? "outside the cluster" : s.name().toLowerCase(java.util.Locale.ROOT);
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
    return state.get(host) == State.UP;
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
