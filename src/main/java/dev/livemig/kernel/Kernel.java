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
 * be done with it before it delivers the next. Events for actors that are not model actors (test
 * probes, the run's guardian) are delivered without waiting. Events for stopped actors are dropped
 * and counted, so a timer that outlives its migration cannot hang the run.
 *
 * <p>The kernel actor starts the run and ends it on a failure; the delivery {@link Loop} is handed
 * on from one model actor to the next: when a model actor is done with its event, its interceptor
 * delivers the next event itself (one message per event, not a message to the kernel and one from
 * it). Only the actor holding the turn touches the loop, so it is touched by one actor at a time,
 * each tell of the next event ordering what one did before what the next does.
 */
public final class Kernel extends AbstractBehavior<Kernel.Command> {

  public sealed interface Command {}

  /** Starts the run; the kernel answers {@link Finished} when the queue is empty or the horizon passed. */
  public record Start(ActorRef<Finished> replyTo, long horizon) implements Command {}

  /** From the loop: the run ended while a model actor held the turn; the kernel stops. */
  private enum Ended implements Command { INSTANCE }

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

  private final Loop loop;

  private Kernel(ActorContext<Command> ctx, Sim sim, TraceSink trace) {
    super(ctx);
    this.loop = new Loop(sim, trace, ctx.getSelf());
    sim.attach(ctx.getSelf(), loop);
  }

  @Override
  public Receive<Command> createReceive() {
    return Handlers.of(Command.class)
        .onMessage(Start.class, this::onStart)
        .onMessageEquals(Ended.INSTANCE, Behaviors::stopped)
        .onMessage(Failed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onStart(Start start) {
    return loop.start(start.replyTo(), start.horizon()) ? Behaviors.stopped() : this;
  }

  private Behavior<Command> onFailed(Failed f) {
    loop.fail(f);
    return Behaviors.stopped();
  }

  /**
   * Delivers the events in order, one model delivery at a time: started by the kernel actor, then
   * moved on by each model actor's interceptor when it is done with its event ({@link #done}).
   */
  static final class Loop {
    private final Sim sim;
    private final TraceSink trace;
    private final ActorRef<Command> kernel;
    private ActorRef<Finished> replyTo;
    private long horizon = Long.MAX_VALUE;
    private long delivered;
    private long dropped;
    private Sim.Event current;
    /** Started and not yet ended: a model actor done with a message outside the run moves nothing. */
    private boolean running;

    Loop(Sim sim, TraceSink trace, ActorRef<Command> kernel) {
      this.sim = sim;
      this.trace = trace;
      this.kernel = kernel;
    }

    /** Starts delivering; true when the run ended at once (nothing to deliver to a model actor). */
    boolean start(ActorRef<Finished> replyTo, long horizon) {
      this.replyTo = replyTo;
      this.horizon = horizon;
      running = true;
      sim.endBootstrap();
      return deliverNext();
    }

    /** From the interceptor of the model actor holding the turn: it is done with its event. */
    void done(boolean stopped) {
      if (!running) return;
      if (stopped && current != null) sim.markStopped(current.target());
      current = null;
      if (deliverNext()) kernel.tell(Ended.INSTANCE);
    }

    void fail(Failed f) {
      if (!running) return;
      running = false;
      if (current != null) sim.markStopped(current.target());
      replyTo.tell(new Finished(sim.now(), delivered, dropped,
          f.actor() + " failed handling " + f.message() + ": " + f.error()));
    }

    /**
     * Delivers events until one goes to a model actor (whose interceptor then moves the loop on) or
     * none is left; true when the run ended (its {@link Finished} sent).
     */
    private boolean deliverNext() {
      while (true) {
        Sim.Event e = sim.poll();
        if (e == null || e.time() > horizon) {
          running = false;
          replyTo.tell(new Finished(sim.now(), delivered, dropped, null, e != null));
          return true;
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
        if (wait) return false;
      }
    }
  }
}
