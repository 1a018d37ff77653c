package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import dev.livemig.migration.MigrationResult;
import dev.livemig.spec.Specs;

/**
 * Where every VM is and was, and every move, drain, maintenance window and crash of the run, as
 * typed records: the single source of the report and of the conservation invariant. Indexes answer
 * "which VMs are on this host", "which move of this VM is running or queued" and "which drains did
 * this host have" without a scan.
 */
public final class Ledger {

  /** From {@code since} on, the VM was on {@code host} ("" while it was down). */
  public record Stay(long since, String host) {}

  /** A VM down since {@code since} with the crash {@code crash}; {@code booting} while a restart is under way. */
  public record Down(long since, int crash, boolean booting) {}

  /** A VM a crash took down: where it restarted and after how long (nanoseconds), or why it did not. */
  public record Restart(String vm, String host, Long downNanos, String reason) {}

  /** A host crashed at {@code at}; {@code vms} fills as its VMs restart or fail to. */
  /** {@code cause}: null for a crash of the host; else why VMs went down though it did not crash. */
  public record Crash(String host, long at, String cause, List<Restart> vms) {}

  /** What became of one attempt of a move: it ran and ended, or it was rejected without running. */
  public sealed interface Attempt {
    Move move();
  }

  public record Ended(Move move, MigrationResult result) implements Attempt {}

  /** Rejected at {@code at}; {@code transport}: the performance option in force then. */
  public record Rejected(Move move, String transport, long at, String reason, boolean refused) implements Attempt {
    public Rejected(Move move, String transport, long at, String reason) {
      this(move, transport, at, reason, false);
    }
  }

  /**
   * A named measurement: how long (nanoseconds) and, for a migration, its copy rate, blackout and
   * attempt id; for a drain or rolling maintenance, the VMs it left behind ({@code vmsLeft}, null
   * for a migration); for a site failure, the most data one of its VMs may have lost
   * ({@code dataAtRiskSeconds}, null otherwise).
   */
  public record Measured(long nanos, Double copyGbps, Double downtimeMs, String migration, Integer vmsLeft,
      Double dataAtRiskSeconds) {
    /** A migration's measure. */
    public Measured(long nanos, Double copyGbps, Double downtimeMs, String migration) {
      this(nanos, copyGbps, downtimeMs, migration, null, null);
    }

    public Measured(long nanos, Double copyGbps, Double downtimeMs, String migration, Integer vmsLeft) {
      this(nanos, copyGbps, downtimeMs, migration, vmsLeft, null);
    }
  }

  /** One host's part of a rolling maintenance (instants in nanoseconds). */
  public record Window(String host, long startedAt, long drainedAt, long patchedAt, long finishedAt, int vmsLeft) {}

  /** A rolling maintenance: its window, each host's part, and the measure its step named (or null). */
  public record Maintenance(long startedAt, long finishedAt, List<Window> hosts, String measure) {}

  private final List<Specs.VmSpec> vmsInOrder;
  private final Map<String, Specs.VmSpec> specs = new HashMap<>();
  private final Map<String, Integer> listedAt = new HashMap<>();
  private final Map<String, String> location = new HashMap<>();
  private final Map<String, Residents> onHost = new HashMap<>();
  /** Bumped whenever a VM goes down or comes back (see {@link #residentsVersion}). */
  private int downChanges;

  /** A host's VMs by name, with their specs, and how many times the set changed. */
  private static final class Residents {
    final TreeMap<String, Specs.VmSpec> vms = new TreeMap<>();
    int changes;
  }
  private final Map<String, List<Stay>> history = new TreeMap<>();
  private final Map<String, Down> down = new TreeMap<>();
  private final Map<String, Move> running = new HashMap<>();
  private final Map<String, List<Move>> queued = new HashMap<>();
  private final Map<String, List<Move>> retrying = new HashMap<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Batch> drains = new ArrayList<>();
  private final Map<String, List<Batch>> drainsOf = new HashMap<>();
  private final List<Maintenance> maintenance = new ArrayList<>();
  private final List<NodeAddRecord> nodeAdds = new ArrayList<>();
  private final List<Crash> crashes = new ArrayList<>();
  private final Map<String, Measured> measures = new LinkedHashMap<>();
  private final List<MigrationResult.CpuUse> cpuUse = new ArrayList<>();

  Ledger(List<Specs.HostSpec> hosts, List<Specs.VmSpec> vms) {
    this.vmsInOrder = List.copyOf(vms);
    for (Specs.HostSpec h : hosts) onHost.put(h.name(), new Residents());
    for (Specs.VmSpec v : vms) {
      specs.put(v.name(), v);
      listedAt.put(v.name(), listedAt.size());
      place(v.name(), v.host());
      List<Stay> h = new ArrayList<>();
      h.add(new Stay(0, v.host()));
      history.put(v.name(), h);
    }
  }

  // ---------------------------------------------------------------- where VMs are

  public Specs.VmSpec spec(String vm) {
    return specs.get(vm);
  }

  /** VMs a move left unreachable (a dynamic MAC changed under a guest that binds its IP to it). */
  private final Set<String> unreachable = new TreeSet<>();

  /** The VM's storage after a move that copied its disks (issue 13). */
  void respec(String vm, Specs.VmSpec s) {
    specs.put(vm, s);
  }

  void unreachable(String vm) {
    unreachable.add(vm);
  }

  public boolean isUnreachable(String vm) {
    return unreachable.contains(vm);
  }

  /** The VMs of the scenario, in its order. */
  public List<Specs.VmSpec> vms() {
    return vmsInOrder;
  }

  int listedAt(String vm) {
    return listedAt.get(vm);
  }

  /** The host a VM is on (while down: the host it restarts on, or the one it went down with). */
  public String location(String vm) {
    return location.get(vm);
  }

  /** The VMs on a host (as {@link #location}), by name. */
  public Set<String> vmsOn(String host) {
    return Collections.unmodifiableSet(onHost.get(host).vms.keySet());
  }

  /** The specs of the VMs on a host, in the order of {@link #vmsOn} (by name). */
  java.util.Collection<Specs.VmSpec> specsOn(String host) {
    return Collections.unmodifiableCollection(onHost.get(host).vms.values());
  }

  /**
   * Changes so far to the host's VMs (one arrived or left) and to which VMs are down: while it stays
   * the same, {@link #vmsOn} and {@link #isDown} of those VMs answer the same.
   */
  long residentsVersion(String host) {
    return ((long) downChanges << 32) + onHost.get(host).changes;
  }

  /** A VM's host changes (a move ended, a restart began); not yet its history (see {@link #stay}). */
  void place(String vm, String host) {
    String before = location.put(vm, host);
    if (before != null) {
      Residents from = onHost.get(before);
      from.vms.remove(vm);
      from.changes++;
    }
    Residents to = onHost.get(host);
    to.vms.put(vm, specs.get(vm));
    to.changes++;
  }

  /** From {@code at} on, the VM runs on {@code host} ("" while down). */
  void stay(String vm, long at, String host) {
    history.get(vm).add(new Stay(at, host));
  }

  /** Each VM's stays, by VM name. */
  public Map<String, List<Stay>> history() {
    return Collections.unmodifiableMap(history);
  }

  public boolean isDown(String vm) {
    return down.containsKey(vm);
  }

  Down down(String vm) {
    return down.get(vm);
  }

  void markDown(String vm, Down d) {
    down.put(vm, d);
    downChanges++;
  }

  Down markUp(String vm) {
    downChanges++;
    return down.remove(vm);
  }

  // ---------------------------------------------------------------- moves

  /** The move of this VM that is running, or null. */
  public Move runningMove(String vm) {
    return running.get(vm);
  }

  public boolean isMigrating(String vm) {
    return running.containsKey(vm);
  }

  /** The moves of this VM waiting in the queue, in queue order (empty when none). */
  public List<Move> queuedMoves(String vm) {
    List<Move> q = queued.get(vm);
    return q == null ? List.of() : Collections.unmodifiableList(q);
  }

  public boolean isQueued(String vm) {
    return queued.containsKey(vm);
  }

  void queued(Move m) {
    add(queued, m);
  }

  void unqueued(Move m) {
    remove(queued, m);
  }

  private static void add(Map<String, List<Move>> byVm, Move m) {
    byVm.computeIfAbsent(m.vmName(), k -> new ArrayList<>()).add(m);
  }

  /** Removes this very move (by identity: records compare every field, the VM's spec too). */
  private static void remove(Map<String, List<Move>> byVm, Move m) {
    List<Move> q = byVm.get(m.vmName());
    for (int i = 0; i < q.size(); i++) {
      if (q.get(i) == m) {
        q.remove(i);
        break;
      }
    }
    if (q.isEmpty()) byVm.remove(m.vmName());
  }

  void started(Move m) {
    running.put(m.vmName(), m);
  }

  void stopped(Move m) {
    running.remove(m.vmName());
  }

  /**
   * The move of this VM that is running, queued or waiting to retry (the first found), or null: a
   * VM with one is not given another by a drain or a return.
   */
  public Move pendingMove(String vm) {
    Move m = running.get(vm);
    if (m != null) return m;
    List<Move> q = queued.get(vm);
    if (q != null) return q.get(0);
    q = retrying.get(vm);
    return q == null ? null : q.get(0);
  }

  /** A failed move waits to be tried again (its destination's memory stays reserved). */
  void retrying(Move m) {
    add(retrying, m);
  }

  void retried(Move m) {
    remove(retrying, m);
  }

  void record(Attempt a) {
    attempts.add(a);
  }

  /** Every attempt, in the order they ended or were rejected. */
  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  void cpu(List<MigrationResult.CpuUse> use) {
    cpuUse.addAll(use);
  }

  /** Cores compression used on each host, per migration. */
  public List<MigrationResult.CpuUse> cpuUse() {
    return Collections.unmodifiableList(cpuUse);
  }

  // ---------------------------------------------------------------- drains, maintenance, crashes, measures

  void drain(Batch b) {
    drains.add(b);
    drainsOf.computeIfAbsent(b.host(), k -> new ArrayList<>()).add(b);
  }

  /** Every drain, in the order they started. */
  public List<Batch> drains() {
    return Collections.unmodifiableList(drains);
  }

  /** The drains of one host, in order. */
  public List<Batch> drainsOf(String host) {
    return drainsOf.getOrDefault(host, List.of());
  }

  void maintenance(Maintenance m) {
    maintenance.add(m);
  }

  /** A node add ended (added, failed and rolled back, or refused). */
  void nodeAdd(NodeAddRecord r) {
    nodeAdds.add(r);
  }

  /** The node adds, in the order they ran. */
  public List<NodeAddRecord> nodeAdds() {
    return Collections.unmodifiableList(nodeAdds);
  }

  public List<Maintenance> maintenance() {
    return Collections.unmodifiableList(maintenance);
  }

  /** A host crashed: a new crash record; returns its index. */
  int crash(String host, long at) {
    return crash(host, at, null);
  }

  /** VMs went down at {@code host} though it did not crash ({@code cause}, e.g. a VM lost in post-copy). */
  int crash(String host, long at, String cause) {
    crashes.add(new Crash(host, at, cause, new ArrayList<>()));
    return crashes.size() - 1;
  }

  Crash crash(int index) {
    return crashes.get(index);
  }

  /** The latest crash of {@code host}. */
  int lastCrashOf(String host) {
    for (int i = crashes.size() - 1; i >= 0; i--) if (crashes.get(i).host().equals(host)) return i;
    throw new IllegalStateException("no crash of " + host);
  }

  public List<Crash> crashes() {
    return Collections.unmodifiableList(crashes);
  }

  void measure(String name, Measured m) {
    measures.put(name, m);
  }

  public Map<String, Measured> measures() {
    return Collections.unmodifiableMap(measures);
  }

  // ---------------------------------------------------------------- the conservation invariant

  /**
   * Everything the ledger promises, each broken promise naming its VM: conservation (below); a VM
   * has at most one move the cluster made itself (a drain's, a return's) pending (a migrate step may
   * queue more: each starts from where the VM is then); a VM down and not booting has its reason in
   * its crash.
   */
  List<String> invariants(HostBook hosts) {
    List<String> wrong = conservation(hosts);
    Map<String, List<Move>> pending = new TreeMap<>();
    for (Move m : running.values()) pending.computeIfAbsent(m.vmName(), k -> new ArrayList<>()).add(m);
    queued.forEach((vm, l) -> pending.computeIfAbsent(vm, k -> new ArrayList<>()).addAll(l));
    retrying.forEach((vm, l) -> pending.computeIfAbsent(vm, k -> new ArrayList<>()).addAll(l));
    pending.forEach((vm, moves) -> {
      long batch = moves.stream().filter(m -> m.batch() != null).count();
      if (batch > 1) {
        List<String> what = new ArrayList<>();
        for (Move m : moves) what.add(m.attemptId() + " " + m.from() + " -> " + m.to() + (m.batch() != null ? " (" + m.batch().kind + ")" : ""));
        wrong.add("VM " + vm + " is moved twice at once: " + what);
      }
    });
    down.forEach((vm, d) -> {
      if (d.booting()) return;
      boolean said = false;
      for (Restart r : crashes.get(d.crash()).vms()) said |= r.vm().equals(vm) && r.reason() != null;
      if (!said) wrong.add("VM " + vm + " is down without a reason in the crash of " + crashes.get(d.crash()).host());
    });
    return wrong;
  }

  /**
   * What breaks conservation, if anything: every VM is on exactly one host, and each host's memory
   * in use is the memory of the VMs on it (a VM down and not restarting takes none) plus that of
   * the moves queued, running or waiting to retry into it.
   */
  List<String> conservation(HostBook hosts) {
    List<String> wrong = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    for (String h : hosts.names()) expected.put(h, 0L);
    Map<String, Integer> on = new HashMap<>();
    for (Residents r : onHost.values()) for (String vm : r.vms.keySet()) on.merge(vm, 1, Integer::sum);
    for (Specs.VmSpec v : vmsInOrder) {
      String at = location.get(v.name());
      int hostsOn = on.getOrDefault(v.name(), 0);
      if (at == null || hostsOn != 1 || !onHost.get(at).vms.containsKey(v.name()))
        wrong.add("VM " + v.name() + " is on " + hostsOn + " hosts (located at " + at + ")");
      Down d = down.get(v.name());
      if (at != null && (d == null || d.booting())) expected.merge(at, v.memoryBytes(), Long::sum);
    }
    List<Move> reserved = new ArrayList<>(running.values());
    queued.values().forEach(reserved::addAll);
    retrying.values().forEach(reserved::addAll);
    for (Move m : reserved) expected.merge(m.to(), m.vm().memoryBytes(), Long::sum);
    for (String h : hosts.names()) {
      if (hosts.used(h) != expected.get(h)) {
        List<String> into = new ArrayList<>();
        for (Move m : reserved) if (m.to().equals(h)) into.add(m.attemptId() + " " + m.vmName());
        wrong.add("host " + h + " counts " + gib(hosts.used(h)) + " in use, its VMs and moves take " + gib(expected.get(h))
            + " (VMs on it: " + onHost.get(h).vms.keySet() + "; moves into it: " + into + ")");
      }
    }
    return wrong;
  }

  private static String gib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
