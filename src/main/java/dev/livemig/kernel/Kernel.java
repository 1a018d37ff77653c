package dev.livemig.kernel;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The central scheduler of one run (design A of kernel-notes.md): it holds the event queue ordered
 * by (simulated time, sequence), tells one event to its recipient, and waits for that model actor to
 * say it is done before it delivers the next. Events for actors that are not model actors (test
 * probes, the run's guardian) are delivered without waiting. Events for stopped actors are dropped
 * and counted, so a timer that outlives its migration cannot hang the run.
 */
public final class Kernel extends AbstractBehavior<Kernel.Command> {

  public sealed interface Command {}

  /** Starts the run; the kernel answers {@link Finished} when the queue is empty or the horizon passed. */
  public record Start(ActorRef<Finished> replyTo, long horizon) implements Command {}

  /** From the interceptor: the active model actor has finished with its event. */
  enum Done implements Command {
    ALIVE,
    STOPPED
  }

  /** From the interceptor: the active model actor threw; the run ends with this failure. */
  record Failed(String actor, String message, String error) implements Command {}

  /**
   * The run's end: simulated end time, events delivered and dropped, a failure if any, and whether
   * it stopped at the horizon with events still due after it.
   */
  public record Finished(long endTime, long delivered, long dropped, String failure, boolean beyondHorizon) {
    public Finished(long endTime, long delivered, long dropped, String failure) {
      this(endTime, delivered, dropped, failure, false);
    }
  }

  public static Behavior<Command> create(Sim sim, TraceSink trace) {
    return Behaviors.setup(ctx -> new Kernel(ctx, sim, trace));
  }

  private final Sim sim;
  private final TraceSink trace;
  private ActorRef<Finished> replyTo;
  private long horizon = Long.MAX_VALUE;
  private long delivered;
  private long dropped;
  private Sim.Event current;

  private Kernel(ActorContext<Command> ctx, Sim sim, TraceSink trace) {
    super(ctx);
    this.sim = sim;
    this.trace = trace;
    sim.attach(ctx.getSelf());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Start.class, this::onStart)
        .onMessageEquals(Done.ALIVE, () -> onDone(false))
        .onMessageEquals(Done.STOPPED, () -> onDone(true))
        .onMessage(Failed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onStart(Start start) {
    replyTo = start.replyTo();
    horizon = start.horizon();
    sim.endBootstrap();
    return deliverNext();
  }

  private Behavior<Command> onDone(boolean stopped) {
    if (stopped && current != null) sim.markStopped(current.target());
    current = null;
    return deliverNext();
  }

  private Behavior<Command> onFailed(Failed f) {
    if (current != null) sim.markStopped(current.target());
    replyTo.tell(new Finished(sim.now(), delivered, dropped,
        f.actor() + " failed handling " + f.message() + ": " + f.error()));
    return Behaviors.stopped();
  }

  /** Delivers events until one goes to a model actor (then waits for its Done) or none is left. */
  private Behavior<Command> deliverNext() {
    while (true) {
      Sim.Event e = sim.poll();
      if (e == null || e.time() > horizon) {
        replyTo.tell(new Finished(sim.now(), delivered, dropped, null, e != null));
        return Behaviors.stopped();
      }
      if (sim.isGone(e)) {
        dropped++;
        continue;
      }
      sim.advanceTo(e.time());
      delivered++;
      if (trace != null) trace.delivered(e.time(), sim.nameOf(e.sender()), sim.nameOf(e.target()),
          MessageText.render(e.message(), sim::nameOf));
      boolean wait = e.entity() != null;
      if (wait) current = e;
      e.target().tell(e.message());
      if (wait) return this;
    }
  }
}
