package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.livemig.migration.MoveRules;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.TransportPlanner;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Storage;
import dev.livemig.spec.Storage.Kind;

/**
 * The pre-flight of a scenario (issue 13), without running it: for every VM, which kinds of move
 * the cluster's rules allow to which hosts, and every refusal with its rule and fix; then the
 * scenario's steps as they would meet the rules: a migrate step refused, or a drain that would leave
 * a VM on its host. Besides the rules, every kind but quick needs a live-migration route between the
 * hosts (the cluster's settings at that step; NIC events are not foreseen).
 */
public final class Preflight {
  private Preflight() {}

  @JsonPropertyOrder({"to", "rule", "why", "fix"})
  public record Refused(String to, String rule, String why, String fix) {}

  /** One kind of move for one VM: the hosts it may go to, and every refusal by destination. */
  @JsonPropertyOrder({"kind", "allowedTo", "refused", "flags"})
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record KindRow(String kind, List<String> allowedTo, List<Refused> refused, List<String> flags) {}

  @JsonPropertyOrder({"vm", "host", "kinds"})
  public record VmRow(String vm, String host, List<KindRow> kinds) {}

  /** A step of the scenario as it would meet the rules; {@code refused}: it would be (or leave a VM). */
  @JsonPropertyOrder({"line", "step", "refused", "detail"})
  public record StepRow(int line, String step, boolean refused, List<String> detail) {}

  @JsonPropertyOrder({"scenario", "host", "vms", "steps", "refusedSteps"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String scenario, String host, List<VmRow> vms, List<StepRow> steps, int refusedSteps) {}

  /** @param host only the VMs on this host at the start (null: all) */
  public static Result of(Specs.Scenario s, NetworkSettings net, String host) {
    Map<String, String> where = new LinkedHashMap<>();
    Map<String, Specs.VmSpec> vms = new HashMap<>();
    for (Specs.VmSpec v : s.vms()) {
      where.put(v.name(), v.host());
      vms.put(v.name(), v);
    }
    List<VmRow> rows = new ArrayList<>();
    for (Specs.VmSpec v : s.vms()) {
      if (host != null && !host.equals(v.host())) continue;
      List<KindRow> kinds = new ArrayList<>();
      for (Kind k : Kind.values()) kinds.add(kindRow(s, net, s.liveMigration(), v, k, v.host(), false));
      rows.add(new VmRow(v.name(), v.host(), List.copyOf(kinds)));
    }
    List<StepRow> steps = new ArrayList<>();
    Specs.LiveMigrationSettings settings = s.liveMigration();
    Set<String> unknown = new TreeSet<>(); // VMs a drain moved: where they are is known only when it runs
    Set<String> maintenance = new TreeSet<>();
    int refused = 0;
    for (Specs.Step step : s.steps()) {
      if (step instanceof Specs.Configure c) settings = c.settings();
      if (step instanceof Specs.Resume r) maintenance.remove(r.host());
      if (step instanceof Specs.Migrate m) {
        String from = where.get(m.vm());
        if (unknown.contains(m.vm()) || from == null || from.equals(m.to())) continue;
        List<String> why = refusals(s, net, settings, vms.get(m.vm()), m.kind(), from, m.to(), m.force());
        String what = m.kind().word + " " + m.vm() + " " + from + " -> " + m.to();
        if (why.isEmpty()) where.put(m.vm(), m.to());
        else refused++;
        steps.add(new StepRow(m.line(), "migrate " + what, !why.isEmpty(), why.isEmpty() ? List.of("allowed") : why));
      } else if (step instanceof Specs.Drain d) {
        maintenance.add(d.host());
        List<String> detail = new ArrayList<>();
        boolean left = false;
        for (var e : where.entrySet()) {
          if (!e.getValue().equals(d.host()) || unknown.contains(e.getKey())) continue;
          String vm = e.getKey();
          String how = drainMove(s, net, settings, vms.get(vm), d, maintenance, detail);
          if (how == null) left = true;
          else unknown.add(vm);
        }
        if (left) refused++;
        steps.add(new StepRow(d.line(), "drain " + d.host(), left, List.copyOf(detail)));
      } else if (step instanceof Specs.RollingMaintenance r) {
        for (var e : where.entrySet()) if (r.hosts().contains(e.getValue())) unknown.add(e.getKey());
      }
    }
    return new Result(s.name(), host, List.copyOf(rows), List.copyOf(steps), refused);
  }

  /** How a drain moves {@code vm}: the kind and where (a line in {@code detail}), or null when it stays. */
  private static String drainMove(Specs.Scenario s, NetworkSettings net, Specs.LiveMigrationSettings settings,
      Specs.VmSpec vm, Specs.Drain d, Set<String> maintenance, List<String> detail) {
    List<Kind> kinds = new ArrayList<>(List.of(d.rules().kind()));
    if (d.rules().fallback() != null) kinds.add(d.rules().fallback());
    Map<Kind, List<String>> firstRefusal = new LinkedHashMap<>();
    for (Kind k : kinds) {
      List<String> to = new ArrayList<>();
      for (Specs.HostSpec h : s.hosts()) {
        if (h.name().equals(d.host()) || maintenance.contains(h.name())) continue;
        List<String> why = refusals(s, net, settings, vm, k, d.host(), h.name(), d.rules().force());
        if (why.isEmpty()) to.add(h.name());
        else firstRefusal.putIfAbsent(k, why);
      }
      if (!to.isEmpty()) {
        detail.add(vm.name() + ": " + k.word + " to any of " + to);
        return k.word;
      }
    }
    StringBuilder b = new StringBuilder(vm.name() + " stays on " + d.host() + ":");
    for (var e : firstRefusal.entrySet()) b.append(' ').append(e.getKey().word).append(" refused (").append(String.join("; ", e.getValue())).append(')');
    if (firstRefusal.isEmpty()) b.append(" no other host is up");
    if (d.rules().fallback() == null) b.append("; the drain has no fallback (fallback = none)");
    detail.add(b.toString());
    return null;
  }

  private static KindRow kindRow(Specs.Scenario s, NetworkSettings net, Specs.LiveMigrationSettings settings,
      Specs.VmSpec v, Kind k, String from, boolean force) {
    List<String> allowed = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    Set<String> flags = new TreeSet<>();
    for (Specs.HostSpec h : s.hosts()) {
      if (h.name().equals(from)) continue;
      MoveRules.Verdict verdict = verdict(s, net, settings, v, k, from, h.name(), force);
      if (verdict.allowed()) {
        allowed.add(h.name());
        if (verdict.unreachableAfter()) flags.add(MoveRules.STATIC_MAC + ": unreachable after the move (dynamic MAC, IP bound to it); "
            + "fix: a static MAC from the pool, set while the VM is off");
        flags.addAll(verdict.notes());
      }
      for (MoveRules.Refusal r : verdict.refusals()) refused.add(new Refused(h.name(), r.rule(), r.why(), r.fix()));
    }
    return new KindRow(k.word, List.copyOf(allowed), List.copyOf(refused), List.copyOf(flags));
  }

  private static List<String> refusals(Specs.Scenario s, NetworkSettings net, Specs.LiveMigrationSettings settings,
      Specs.VmSpec v, Kind k, String from, String to, boolean force) {
    List<String> out = new ArrayList<>();
    for (MoveRules.Refusal r : verdict(s, net, settings, v, k, from, to, force).refusals()) out.add(r.message());
    return out;
  }

  /** The rules' verdict, refused too when the kind needs a live-migration route and none joins the hosts. */
  static MoveRules.Verdict verdict(Specs.Scenario s, NetworkSettings net, Specs.LiveMigrationSettings settings,
      Specs.VmSpec v, Kind k, String from, String to, boolean force) {
    MoveRules.Verdict verdict = MoveRules.check(k, v.name(), v.profile(), from, to, s.storage(), force);
    if (k == Kind.QUICK) return verdict;
    try {
      TransportPlanner.plan(settings.performanceOption(), settings.networks(), s.host(from), s.host(to), Map.of(), Set.of(), net);
      return verdict;
    } catch (TransportPlanner.NoRoute e) {
      return verdict.and(MoveRules.noRoute(k, from, to, e.getMessage()));
    }
  }
}
