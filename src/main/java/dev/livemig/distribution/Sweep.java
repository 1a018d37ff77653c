package dev.livemig.distribution;

import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A what-if sweep on a cluster, as the process that started it sees it: it starts the
 * {@link Coordinator} (the cluster's singleton) on its member and hands out what the coordinator
 * says, in order, on the caller's thread: each variant's report (or error) once, the workers
 * taking part, notices, and the end. The reports' bytes are read here, not in the coordinator.
 */
public final class Sweep {

  public sealed interface Event {}

  /** Variant {@code variant} (0-based) ended: its report, or its error (report null); the report's bytes on the wire. */
  public record Done(int variant, Report report, String error, int bytes) implements Event {}

  /** How many workers take part now. */
  public record Workers(int n) implements Event {}

  /** A line for the user (a worker joined, left, refused). */
  public record Notice(String line) implements Event {}

  /** The sweep is over: {@code failure} null when every variant has its result. */
  public record Finished(String failure) implements Event {}

  private record Arrived(int variant, byte[] report, String error) {}

  private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final KryoSerializer kryo = new KryoSerializer();

  private Sweep() {}

  /**
   * Starts a sweep of {@code scenarios} (variants in {@code skip} are done already) on
   * {@code member}, which must have role {@link Member#SWEEP}; refused when another sweep runs on
   * the cluster (one coordinator at a time: it is a singleton).
   */
  public static Sweep start(ActorSystem<Member.Command> member, List<Specs.Scenario> scenarios, BitSet skip, Config config)
      throws SweepException {
    waitForTheLastSweepToLeave(Cluster.get(member), config.getDuration("livemig.sweep.worker-wait").toMillis());
    Coordinator.Plan plan = new Coordinator.Plan(UUID.randomUUID().getMostSignificantBits(), List.copyOf(scenarios),
        (BitSet) skip.clone(), hocon(config), (int) config.getBytes("livemig.sweep.chunk").longValue(),
        config.getInt("livemig.sweep.max-attempts"), config.getDuration("livemig.sweep.worker-wait"));
    Sweep sweep = new Sweep();
    member.tell(new Member.StartSweep(Coordinator.create(plan, sweep.new Relay())));
    return sweep;
  }

  /**
   * Refuses to start while another sweep's member is up and reachable (one coordinator at a time: it
   * is a singleton). A sweep that just ended may still be leaving (leaving, exiting, or unreachable
   * after it shut down): wait for the cluster to remove it, at most {@code waitMillis}, as the
   * singleton would before it moves to this member.
   */
  private static void waitForTheLastSweepToLeave(Cluster cluster, long waitMillis) throws SweepException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (true) {
      org.apache.pekko.cluster.Member other = null;
      for (org.apache.pekko.cluster.Member m : cluster.state().getMembers()) {
        if (m.hasRole(Member.SWEEP) && !m.equals(cluster.selfMember())) other = m;
      }
      if (other == null) return;
      boolean leaving = other.status() != MemberStatus.up() || cluster.state().getUnreachable().contains(other);
      if (!leaving || System.nanoTime() > deadline)
        throw new SweepException("a sweep is already running on this cluster (its coordinator is at "
            + Coordinator.hostPort(other.address()) + "); one sweep at a time");
      try {
        Thread.sleep(100); // wall-clock wait for the cluster's membership, outside any simulation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SweepException("interrupted while the last sweep left the cluster");
      }
    }
  }

  /**
   * The {@code livemig} configuration every run of a sweep uses, as HOCON (the cluster's settings, and
   * the folders a scenario file may read, left out: runs read no file).
   */
  public static String hocon(Config config) {
    return config.withOnlyPath("livemig").withoutPath("livemig.sweep").withoutPath("livemig.files").root()
        .render(ConfigRenderOptions.concise());
  }

  /** The next event, waiting at most {@code millis}; null when none came. */
  public Event next(long millis) throws InterruptedException {
    Object o = events.poll(millis, TimeUnit.MILLISECONDS);
    if (o instanceof Arrived a) {
      Report r = a.report() == null ? null : (Report) kryo.fromBinary(Parcels.unpack(a.report()));
      return new Done(a.variant(), r, a.error(), a.report() == null ? 0 : a.report().length);
    }
    return (Event) o;
  }

  /** The coordinator's listener: queues what it is told for the caller's thread. */
  private final class Relay implements Coordinator.Listener {
    @Override
    public void result(int variant, byte[] report, String error) {
      events.add(new Arrived(variant, report, error));
    }

    @Override
    public void workers(int n) {
      events.add(new Workers(n));
    }

    @Override
    public void notice(String line) {
      events.add(new Notice(line));
    }

    @Override
    public void finished(String failure) {
      events.add(new Finished(failure));
    }
  }
}
