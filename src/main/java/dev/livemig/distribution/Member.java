package dev.livemig.distribution;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.scenario.Simulator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * A member of a sweep cluster: its actor system (Pekko Cluster over Artery, Kryo on the wire, the
 * split-brain resolver on; settings in {@code livemig.sweep.member}) and its guardian, where all the
 * cluster wiring lives: a member with role {@code worker} runs a {@link Worker} (registered with the
 * receptionist, told to leave first when the member shuts down); the member that starts a sweep has
 * role {@code sweep} and runs its {@link Coordinator} as the cluster's singleton. The model's actors
 * run on the JVM's {@link Simulator} and know nothing of any of this.
 */
public final class Member {
  public static final String SYSTEM = "livemig";
  public static final String WORKER = "worker";
  public static final String COORDINATOR = "coordinator";
  /** The role of the member that started a sweep: the singleton's place. */
  public static final String SWEEP = "sweep";

  private Member() {}

  public sealed interface Command {}

  /** Runs a sweep's coordinator as the cluster's singleton. */
  public record StartSweep(Behavior<Coordinator.Command> coordinator) implements Command {}

  /**
   * Where a member binds ({@code host}, {@code port}; 0 = any free port), the members it joins
   * ({@code HOST:PORT}; none: it starts a cluster of its own) and its roles.
   */
  public record Settings(String host, int port, List<String> seeds, List<String> roles) {}

  /**
   * Starts a member and returns once it is up in the cluster. A port in use, a seed that is not
   * {@code HOST:PORT}, or no answer from the seeds within {@code livemig.sweep.join-timeout}: a
   * {@link SweepException} (and no actor system left running).
   */
  public static ActorSystem<Command> start(Settings s, Config config) throws SweepException {
    List<Address> seeds = new ArrayList<>();
    for (String seed : s.seeds()) seeds.add(address(seed));
    checkBind(s.host(), s.port());
    org.slf4j.LoggerFactory.getILoggerFactory(); // initialise logging before Pekko logs (no SLF4J replay notice)
    Map<String, Object> own = new HashMap<>();
    own.put("pekko.remote.artery.canonical.hostname", s.host());
    own.put("pekko.remote.artery.canonical.port", s.port());
    own.put("pekko.cluster.roles", s.roles());
    Config all = ConfigFactory.parseMap(own).withFallback(config.getConfig("livemig.sweep.member"))
        .withFallback(dev.livemig.scenario.ConfigLoader.forCluster(config));
    int chunk = (int) config.getBytes("livemig.sweep.chunk").longValue();
    ActorSystem<Command> system;
    try {
      system = ActorSystem.create(guardian(s.roles(), chunk), SYSTEM, all);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause())
        if (t instanceof BindException)
          throw new SweepException(s.host() + ":" + s.port() + " is in use (another livemig node?); choose another with --port");
      throw e;
    }
    Duration wait = config.getDuration("livemig.sweep.join-timeout");
    Cluster cluster = Cluster.get(Adapter.toClassic(system));
    CompletableFuture<Void> up = new CompletableFuture<>();
    cluster.registerOnMemberUp(() -> up.complete(null));
    if (seeds.isEmpty()) cluster.join(cluster.selfAddress());
    else cluster.joinSeedNodes(seeds);
    try {
      up.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stop(system);
      throw new SweepException("no cluster member answered at " + String.join(", ", s.seeds()) + " within "
          + wait.toSeconds() + " s; start one there first: livemig node --port PORT");
    } catch (Exception e) {
      stop(system);
      throw new IllegalStateException(e);
    }
    return system;
  }

  /** Says a port in use or an address not of this machine before Pekko tries (and logs a stack trace). */
  private static void checkBind(String host, int port) throws SweepException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw new SweepException(port == 0 ? host + ": not an address of this machine (" + e.getMessage() + "); name one with --host"
          : host + ":" + port + " is in use (another livemig node?); choose another with --port");
    } catch (IOException e) {
      throw new SweepException(host + ":" + port + ": cannot bind (" + e.getMessage() + "); name another --host or --port");
    }
  }

  /** Shuts a member down (leaving the cluster first) and waits for it, at most 30 s. */
  public static void stop(ActorSystem<?> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // going anyway
    }
  }

  /** {@code HOST:PORT} as the address of a livemig member. */
  static Address address(String hostPort) throws SweepException {
    int colon = hostPort.lastIndexOf(':');
    String host = colon <= 0 ? "" : hostPort.substring(0, colon);
    int port = -1;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      // said below
    }
    if (host.isEmpty() || port < 1 || port > 65535)
      throw new SweepException(hostPort + ": not HOST:PORT of a member, e.g. 127.0.0.1:2551");
    return new Address("pekko", SYSTEM, host, port);
  }

  private static Behavior<Command> guardian(List<String> roles, int chunk) {
    return Behaviors.setup(ctx -> {
      if (roles.contains(WORKER)) {
        int slots = 2 * Runtime.getRuntime().availableProcessors(); // as local compare: two runs per core queued
        ActorRef<Worker.Command> worker = ctx.spawn(Worker.create(Simulator.shared(), slots, chunk), "worker");
        CoordinatedShutdown.get(ctx.getSystem()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "livemig-worker-leaves",
            () -> {
              worker.tell(Worker.Leave.INSTANCE);
              return CompletableFuture.completedFuture(Done.getInstance());
            });
      }
      return Behaviors.receive(Command.class)
          .onMessage(StartSweep.class, m -> {
            ClusterSingleton.get(ctx.getSystem()).init(SingletonActor.of(m.coordinator(), "sweep-coordinator")
                .withSettings(ClusterSingletonSettings.create(ctx.getSystem()).withRole(SWEEP)));
            return Behaviors.same();
          })
          .build();
    });
  }
}
