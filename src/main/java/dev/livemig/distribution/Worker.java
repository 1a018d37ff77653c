package dev.livemig.distribution;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.Simulator;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A worker of a what-if sweep: it registers with the receptionist, answers a coordinator's
 * {@link Hello} with its capacity (or refuses a coordinator of another build), and runs each
 * variant it is sent with the same engine as {@code livemig run} (the JVM's {@link Simulator},
 * whose actors know nothing of the cluster), sending back the report or the error. A run that does
 * not end within {@code livemig.run.timeout} (wall clock) is reported as hung. On {@link Leave}
 * (the member is shutting down) it deregisters and stops: its coordinator sees it gone and hands
 * its variants to others.
 */
public final class Worker {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "livemig-worker");

  public sealed interface Command {}

  /**
   * A coordinator starting sweep {@code sweep}: its build's {@link Registrations#FINGERPRINT} and
   * the {@code livemig} configuration every run of the sweep uses (HOCON), so that every member
   * computes with the coordinator's constants.
   */
  public record Hello(ActorRef<Coordinator.Command> coordinator, long sweep, String fingerprint, String config)
      implements Command, CrossNode {}

  /** Part {@code part} of {@code parts} of the packed Kryo bytes of variant {@code variant}'s scenario. */
  public record Work(long sweep, int variant, int part, int parts, byte[] scenario) implements Command, CrossNode {
    @Override
    public boolean equals(Object o) {
      return o instanceof Work w && w.sweep == sweep && w.variant == variant && w.part == part && w.parts == parts
          && Arrays.equals(w.scenario, scenario);
    }

    @Override
    public int hashCode() {
      return Objects.hash(sweep, variant, part, parts, Arrays.hashCode(scenario));
    }

    @Override
    public String toString() {
      return "Work[sweep=" + sweep + ", variant=" + variant + ", part=" + part + "/" + parts + ", " + scenario.length + " bytes]";
    }
  }

  /** The member is leaving: stop taking work. */
  public enum Leave implements Command { INSTANCE }

  private record Ran(long sweep, int variant, ScenarioRun.Outcome outcome, Throwable error) implements Command {}

  private record TimedOut(long sweep, int variant) implements Command {}

  /** The key of a run's timeout timer. */
  private record RunKey(long sweep, int variant) {}

  /** Runs on {@code sim}, at most {@code slots} variants at a time, sending results in parts of {@code chunk} bytes. */
  public static Behavior<Command> create(Simulator sim, int slots, int chunk) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new Worker(ctx, timers, sim, slots, chunk).idle();
    }));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Simulator sim;
  private final int slots;
  private final int chunk;
  private final KryoSerializer kryo = new KryoSerializer();

  private Worker(ActorContext<Command> ctx, TimerScheduler<Command> timers, Simulator sim, int slots, int chunk) {
    this.ctx = ctx;
    this.timers = timers;
    this.sim = sim;
    this.slots = slots;
    this.chunk = chunk;
  }

  /** No sweep yet. */
  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Hello.class, this::onHello)
        .onMessage(Leave.class, m -> leave())
        .build();
  }

  private Behavior<Command> onHello(Hello h) {
    if (!h.fingerprint().equals(Registrations.FINGERPRINT)) {
      h.coordinator().tell(new Coordinator.Refused(ctx.getSelf(), h.sweep(), "this worker's build (" + Registrations.FINGERPRINT
          + ") differs from the coordinator's (" + h.fingerprint() + "): run one livemig build on every member"));
      return Behaviors.same();
    }
    Config config = ConfigFactory.parseString(h.config()).resolve();
    h.coordinator().tell(new Coordinator.Capacity(ctx.getSelf(), h.sweep(), slots));
    return serving(new SweepState(h.sweep(), h.coordinator(), config,
        config.getDuration("livemig.run.timeout"), new HashMap<>()));
  }

  private record SweepState(long sweep, ActorRef<Coordinator.Command> coordinator, Config config, Duration timeout,
      Map<Integer, Parcels.Assembly> arriving) {}

  /** Serving one sweep (a later {@link Hello} switches to the new sweep; results of the old one are dropped). */
  private Behavior<Command> serving(SweepState s) {
    return Behaviors.receive(Command.class)
        .onMessage(Hello.class, this::onHello)
        .onMessage(Work.class, w -> {
          if (w.sweep() != s.sweep()) return Behaviors.same();
          byte[] all = s.arriving().computeIfAbsent(w.variant(), v -> new Parcels.Assembly()).add(w.part(), w.parts(), w.scenario());
          if (all == null) return Behaviors.same();
          s.arriving().remove(w.variant());
          start(s, w.variant(), (Specs.Scenario) kryo.fromBinary(Parcels.unpack(all)));
          return Behaviors.same();
        })
        .onMessage(Ran.class, r -> {
          RunKey key = new RunKey(r.sweep(), r.variant());
          if (r.sweep() != s.sweep() || !timers.isTimerActive(key)) return Behaviors.same(); // timed out: said already
          timers.cancel(key);
          reply(s, r.variant(), r.outcome(), r.error());
          return Behaviors.same();
        })
        .onMessage(TimedOut.class, t -> {
          if (t.sweep() == s.sweep())
            s.coordinator().tell(new Coordinator.Result(ctx.getSelf(), s.sweep(), t.variant(), 0, 1, new byte[0],
                "did not finish within livemig.run.timeout (wall clock): a hung actor?"));
          return Behaviors.same();
        })
        .onMessage(Leave.class, m -> leave())
        .build();
  }

  private void start(SweepState s, int variant, Specs.Scenario scenario) {
    CompletableFuture<ScenarioRun.Outcome> done = new CompletableFuture<>();
    timers.startSingleTimer(new RunKey(s.sweep(), variant), new TimedOut(s.sweep(), variant), s.timeout());
    sim.submit(scenario, s.config(), ScenarioRun.Options.none(), done);
    ctx.pipeToSelf(done, (o, e) -> new Ran(s.sweep(), variant, o, e));
  }

  private void reply(SweepState s, int variant, ScenarioRun.Outcome o, Throwable e) {
    String error = null;
    if (e != null) error = "failed: " + e;
    else if (o.kernel().failure() != null) error = "the simulation failed: " + o.kernel().failure();
    else if (o.report() == null) error = "the simulation ended without a report";
    if (error != null) {
      s.coordinator().tell(new Coordinator.Result(ctx.getSelf(), s.sweep(), variant, 0, 1, new byte[0], error));
      return;
    }
    List<byte[]> parts = Parcels.split(Parcels.pack(kryo.toBinary(o.report())), chunk);
    for (int i = 0; i < parts.size(); i++)
      s.coordinator().tell(new Coordinator.Result(ctx.getSelf(), s.sweep(), variant, i, parts.size(), parts.get(i), null));
  }

  private Behavior<Command> leave() {
    ctx.getSystem().receptionist().tell(Receptionist.deregister(KEY, ctx.getSelf()));
    return Behaviors.stopped();
  }
}
