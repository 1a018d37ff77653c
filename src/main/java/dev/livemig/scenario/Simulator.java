package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs scenarios on one actor system per JVM (creating one costs ~0.5 s: kernel-notes.md). Each
 * run gets a lane: a dispatcher with one thread, so a run's actors never hop threads, while
 * several runs (a what-if comparison) use the machine's cores in parallel.
 */
public final class Simulator implements AutoCloseable {

  public record Launch(Behavior<ScenarioRun.Command> run, String name, int lane) {}

  private final ActorSystem<Launch> system;
  private final int lanes;
  private final long timeoutNanos;
  /** More wall clock a run may take per VM of its scenario (livemig.run.timeout-per-vm). */
  private final long timeoutPerVmNanos;
  private final AtomicLong runs = new AtomicLong();

  private static Simulator shared;

  /** The JVM's simulator, created on first use and closed at exit. */
  public static synchronized Simulator shared() {
    if (shared == null) {
      shared = new Simulator(ConfigLoader.defaults());
      // at exit only told to stop, not waited for: every report was written before the JVM exits,
      // and the JVM stops the actor system's threads anyway (~40-70 ms of each start's total, issue 30)
      Simulator s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> s.system.terminate()));
    }
    return shared;
  }

  public Simulator(Config config) {
    org.slf4j.LoggerFactory.getILoggerFactory(); // initialise logging before Pekko logs (no SLF4J replay notice)
    this.lanes = Math.max(1, Runtime.getRuntime().availableProcessors());
    StringBuilder sb = new StringBuilder();
    sb.append("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\n");
    sb.append("pekko.log-dead-letters = off\npekko.log-dead-letters-during-shutdown = off\n");
    sb.append("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n");
    sb.append("pekko.jvm-exit-on-fatal-error = off\n");
    // Pekko's library extensions but its serialization: nothing of a run crosses a process (the
    // simulator's system is local; a cluster sweep has its own), and making every serializer of the
    // classpath (remote, cluster, distributed data, ...) cost ~0.13 s of cpu at each start.
    sb.append("pekko.library-extensions = [\"org.apache.pekko.actor.typed.internal.adapter.ActorSystemAdapter$LoadTypedExtensions\"]\n");
    // nor the receptionist (Pekko Actor Typed's one library extension): a run's actors find each
    // other by reference; a sweep member's system has its own
    sb.append("pekko.actor.typed.library-extensions = []\n");
    for (int i = 0; i < lanes; i++) {
      sb.append("livemig-lane-").append(i).append(" { type = Dispatcher, executor = thread-pool-executor, ")
          .append("thread-pool-executor { fixed-pool-size = 1 }, throughput = 100 }\n");
    }
    Config all = ConfigFactory.parseString(sb.toString()).withFallback(config);
    this.timeoutNanos = config.getDuration("livemig.run.timeout").toNanos();
    this.timeoutPerVmNanos = config.getDuration("livemig.run.timeout-per-vm").toNanos();
    Behavior<Launch> guardian = Behaviors.receive((ctx, m) -> {
      ctx.spawn(m.run(), m.name(), DispatcherSelector.fromConfig("livemig-lane-" + m.lane()));
      return Behaviors.same();
    });
    // the local class loader: Pekko's fallback reference.conf is the local one (ConfigLoader), not
    // every module's of the class path
    this.system = ActorSystem.create(guardian, "livemig",
        org.apache.pekko.actor.BootstrapSetup.create(all).withClassloader(ConfigLoader.localLoader()));
  }

  /** Runs one validated scenario to its end and returns what it produced. */
  public ScenarioRun.Outcome run(Specs.Scenario scenario, Config config, ScenarioRun.Options options) {
    CompletableFuture<ScenarioRun.Outcome> result = new CompletableFuture<>();
    submit(scenario, config, options, result);
    return await(result, timeoutNanos + timeoutPerVmNanos * scenario.vms().size());
  }

  /** Starts a run; the future completes when it ends. */
  public void submit(Specs.Scenario scenario, Config config, ScenarioRun.Options options,
      CompletableFuture<ScenarioRun.Outcome> result) {
    long n = runs.getAndIncrement();
    system.tell(new Launch(ScenarioRun.create(scenario, config, options, result), "run-" + n, (int) (n % lanes)));
  }

  public ScenarioRun.Outcome await(CompletableFuture<ScenarioRun.Outcome> result) {
    return await(result, timeoutNanos);
  }

  /** Waits at most {@code nanos} of wall clock for the run (livemig.run.timeout, plus timeout-per-vm for a known scenario). */
  private ScenarioRun.Outcome await(CompletableFuture<ScenarioRun.Outcome> result, long nanos) {
    try {
      return result.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the run did not finish within livemig.run.timeout (plus timeout-per-vm; wall clock): "
          + "a hung actor?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // shutting down anyway
    }
  }
}
