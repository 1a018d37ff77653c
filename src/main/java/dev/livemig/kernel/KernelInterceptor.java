package dev.livemig.kernel;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Wraps every model actor: marks it active while it handles a delivered event, then moves the
 * kernel's delivery loop on (telling it whether the actor stopped): the next event is told from here. A handler that throws fails the run at once, with
 * the actor and the error, instead of stopping silently and hanging the kernel.
 */
final class KernelInterceptor<T> extends BehaviorInterceptor<T, T> {
  private final Sim sim;
  /**
   * The actor's behavior when it is an {@link AbstractBehavior} that its handlers return as
   * {@code this} (Host, Network, the cluster manager...): Pekko's interceptor wraps every behavior a
   * handler returns that is not {@code Behaviors.same()} in a new interceptor (four objects and a walk
   * of the behavior stack per message, issue 30); the same object again is the same behavior.
   * One interceptor per actor (its factory runs once per spawn), so this is the actor's own.
   */
  private Behavior<T> current;

  @SuppressWarnings("unchecked")
  KernelInterceptor(Sim sim) {
    super((Class<T>) (Class<?>) Object.class);
    this.sim = sim;
  }

  @Override
  public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
    var self = ctx.asJava().getSelf();
    sim.enter(self);
    Behavior<T> next;
    try {
      next = target.apply(ctx, msg);
    } catch (RuntimeException | Error e) {
      sim.exit();
      sim.markStopped(self);
      sim.kernel().tell(new Kernel.Failed(sim.nameOf(self), msg.getClass().getSimpleName(), describe(e)));
      return Behaviors.stopped();
    }
    sim.exit();
    boolean alive = Behavior.isAlive(next);
    // The actor itself is gone, whether the event came to it or through its message adapter.
    if (!alive) sim.markStopped(self);
    sim.loop().done(!alive);
    if (next == current) return Behaviors.same();
    // what the actor's behavior is from now: the one returned, unless it said same or unhandled
    if (next instanceof AbstractBehavior<T>) current = next;
    else if (next != Behaviors.<T>same() && next != Behaviors.<T>unhandled()) current = null;
    return next;
  }

  private static String describe(Throwable e) {
    StackTraceElement[] st = e.getStackTrace();
    String where = st.length > 0 ? " at " + st[0] : "";
    return e + where;
  }

  @Override
  public boolean isSame(BehaviorInterceptor<Object, Object> other) {
    return other instanceof KernelInterceptor<?> k && k.sim == sim;
  }
}
