package dev.livemig.distribution;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import com.sun.management.OperatingSystemMXBean;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The coordinator's own cost per variant, without the runs: {@code WORKERS} workers that answer at
 * once with a real report's bytes, and a listener that reads each report back as {@link Sweep}
 * does. Prints variants per second and CPU per variant of the whole process (the workers' share is
 * a copy of bytes). Not a test: run it by hand (see the README, "Scale on paper").
 *
 * <p>{@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.livemig.distribution.CoordinatorLoad SCENARIO N WORKERS}
 */
public final class CoordinatorLoad {
  public static void main(String[] args) throws Exception {
    File file = new File(args.length > 0 ? args[0] : "scenarios/seed-demo.conf");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Specs.Scenario s = Runs.load(file, List.of());
    Report report = Runs.run(s, ScenarioRun.Options.none()).report();
    KryoSerializer kryo = new KryoSerializer();
    byte[] bytes = Parcels.pack(kryo.toBinary(report));
    System.out.printf("%s: scenario %,d bytes, report %,d bytes (Kryo), %,d packed%n", file, kryo.toBinary(s).length,
        kryo.toBinary(report).length, bytes.length);
    for (int round = 0; round < 3; round++) {
      ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
        for (int i = 0; i < workers; i++) {
          var w = ctx.spawn(instant(bytes), "worker-" + i);
          ctx.getSystem().receptionist().tell(Receptionist.register(Worker.KEY, w));
        }
        return Behaviors.empty();
      }), "load", Runs.config());
      CompletableFuture<String> finished = new CompletableFuture<>();
      AtomicLong read = new AtomicLong();
      Coordinator.Listener listener = new Coordinator.Listener() {
        @Override
        public void result(int variant, byte[] r, String error) {
          read.addAndGet(((Report) kryo.fromBinary(Parcels.unpack(r))).migrations().size());
        }

        @Override
        public void workers(int k) {}

        @Override
        public void notice(String line) {}

        @Override
        public void finished(String failure) {
          finished.complete(String.valueOf(failure));
        }
      };
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      system.systemActorOf(Coordinator.create(new Coordinator.Plan(round, Collections.nCopies(n, s), new BitSet(), "livemig {}",
          128 * 1024, 3, Duration.ofMinutes(1)), listener), "coordinator", org.apache.pekko.actor.typed.Props.empty());
      finished.get(10, TimeUnit.MINUTES);
      long wall = System.nanoTime() - t0;
      long cpu = os.getProcessCpuTime() - cpu0;
      System.out.printf("round %d: %,d variants, %d workers: %.0f variants/s, %.3f ms CPU per variant%n", round, n, workers,
          n / (wall / 1e9), cpu / 1e6 / n);
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** A worker that answers each variant at once with the same report bytes. */
  static Behavior<Worker.Command> instant(byte[] report) {
    return Behaviors.setup(ctx -> Behaviors.receive(Worker.Command.class)
        .onMessage(Worker.Hello.class, h -> {
          Coordinator.Command c = new Coordinator.Capacity(ctx.getSelf(), h.sweep(), 4);
          h.coordinator().tell(c);
          return Behaviors.receive(Worker.Command.class)
              .onMessage(Worker.Work.class, w -> {
                h.coordinator().tell(new Coordinator.Result(ctx.getSelf(), w.sweep(), w.variant(), 0, 1, report, null));
                return Behaviors.same();
              })
              .build();
        })
        .build());
  }
}
