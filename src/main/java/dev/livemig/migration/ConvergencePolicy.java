package dev.livemig.migration;

import java.util.List;
import java.util.Locale;

/**
 * When pre-copy stops, and what it does to the guest meanwhile: the convergence policies of
 * {@code cluster.live-migration.policy}. Each is a pure function of what the source knows when a
 * pass has ended ({@link PassEnd}); it answers {@link Continue} (another pass, with the guest's
 * throttle for it), {@link Stop} (stop-and-copy now, and why), or {@link GiveUp} (the migration
 * fails; the VM keeps running on the source). Constants come from {@code livemig.migration.policies}
 * in reference.conf, where each figure's source is given.
 */
public sealed interface ConvergencePolicy {

  List<String> NAMES = List.of("hyper-v", "qemu", "xen", "vmware-sdps", "post-copy");

  String name();

  Decision afterPass(PassEnd e);

  /** Whether the switch-over leaves the remainder to be pushed after the VM resumes (post-copy). */
  default boolean postCopy() {
    return false;
  }

  /**
   * What the source knows when pass {@code passes − 1} has ended: the pages it sent and how long it
   * took, the pages dirtied meanwhile (what the next pass would send), the bytes sent so far, the
   * VM's RAM, and the throttle the guest ran under.
   */
  record PassEnd(int passes, long passPages, double passSeconds, long dirtyPages, long bytesSent, long ramBytes,
      long pageSize, Throttle throttle, double passWireBytes) {
    /** A pass whose pages all went whole (no zero-page flags, no compression). */
    PassEnd(int passes, long passPages, double passSeconds, long dirtyPages, long bytesSent, long ramBytes, long pageSize,
        Throttle throttle) {
      this(passes, passPages, passSeconds, dirtyPages, bytesSent, ramBytes, pageSize, throttle, (double) passPages * pageSize);
    }

    /** Pages per second the last pass sent. */
    double sendRate() {
      return passSeconds > 0 ? passPages / passSeconds : Double.POSITIVE_INFINITY;
    }

    /**
     * The bandwidth QEMU measures, in pages per second: the bytes the last pass put on the wire over its
     * time (migration_update_counters: transferred bytes / time spent), so a pass of zero-page flags or
     * compressed pages measures less than the memory it covered.
     */
    double wireRate() {
      return passSeconds > 0 ? passWireBytes / pageSize / passSeconds : Double.POSITIVE_INFINITY;
    }

    /** The pages' worth of bytes the last pass put on the wire (QEMU's bytes transferred in the period). */
    double wirePages() {
      return passWireBytes / pageSize;
    }

    /** Pages per second the guest dirtied during the last pass (distinct pages). */
    double dirtyRate() {
      return passSeconds > 0 ? dirtyPages / passSeconds : 0;
    }
  }

  /**
   * How much the guest is slowed: {@code percent} of its writes do not happen (0: full speed); and
   * QEMU's count of consecutive passes that dirtied too fast.
   */
  record Throttle(double percent, int highPasses) {
    public static final Throttle NONE = new Throttle(0, 0);

    public double speed() {
      return 1 - percent;
    }
  }

  sealed interface Decision {}

  record Continue(Throttle throttle) implements Decision {}

  record Stop(String reason) implements Decision {}

  record GiveUp(String reason) implements Decision {}

  /**
   * Hyper-V (the seed notes): stop when (a) nothing is dirty, (b) only the "tiny" state is left
   * (at most {@code stateThresholdBytes}), or (c) {@code maxPasses} passes are done. Never throttles.
   */
  record HyperV(int maxPasses, long stateThresholdBytes) implements ConvergencePolicy {
    @Override
    public String name() {
      return "hyper-v";
    }

    @Override
    public Decision afterPass(PassEnd e) {
      // (a) nothing is dirty
      if (e.dirtyPages() == 0) return new Stop("clean");
      // (b) only the "tiny" state is left
      if (e.dirtyPages() * e.pageSize() <= stateThresholdBytes) return new Stop("state-threshold");
      // (c) the pass limit: the guest thrashes its memory and would not converge
      if (e.passes() >= maxPasses) return new Stop("pass-limit");
      return new Continue(e.throttle());
    }
  }

  /**
   * QEMU: switch over when what remains can be sent within the downtime limit at the bandwidth
   * measured over the last pass. Auto-converge: when the guest dirtied more than {@code triggerRatio}
   * of what was sent in {@code triggerPasses} passes, throttle it ({@code initial}, then
   * +{@code increment} each time, at most {@code max}). QEMU has no pass limit; after
   * {@code giveUpAfter} passes the migration fails, as a management layer would cancel it.
   */
  record Qemu(long downtimeLimitNanos, boolean autoConverge, double initial, double increment, double max,
      double triggerRatio, int triggerPasses, int giveUpAfter) implements ConvergencePolicy {
    @Override
    public String name() {
      return "qemu";
    }

    @Override
    public Decision afterPass(PassEnd e) {
      // nothing is dirty
      if (e.dirtyPages() == 0) return new Stop("clean");
      // the remainder fits in the downtime limit at the bandwidth measured over the last pass (wire bytes)
      if (e.dirtyPages() <= e.wireRate() * downtimeLimitNanos / 1e9) return new Stop("downtime-limit");
      // QEMU would iterate for ever: give up (the VM stays on the source)
      if (e.passes() >= giveUpAfter)
        return new GiveUp(String.format(Locale.ROOT, "did not converge in %d passes (qemu policy): the guest dirties "
            + "%.0f pages/s, the link sends %.0f pages/s", e.passes(), e.dirtyRate(), e.wireRate()));
      // auto-converge: the guest dirtied more than half of what was sent (bytes on the wire), twice: throttle it (more)
      Throttle t = e.throttle();
      if (autoConverge && e.dirtyPages() > triggerRatio * e.wirePages()) {
        int high = t.highPasses() + 1;
        if (high >= triggerPasses) {
          double pct = t.percent() == 0 ? initial : Math.min(max, t.percent() + increment);
          return new Continue(new Throttle(pct, 0));
        }
        return new Continue(new Throttle(t.percent(), high));
      }
      return new Continue(t);
    }
  }

  /**
   * Xen (legacy xc_domain_save): at most {@code maxPasses} iterations, never more than
   * {@code maxSentFactor} × RAM sent, and stop when fewer than {@code minDirtyPages} pages are dirty.
   */
  record Xen(int maxPasses, double maxSentFactor, long minDirtyPages) implements ConvergencePolicy {
    @Override
    public String name() {
      return "xen";
    }

    @Override
    public Decision afterPass(PassEnd e) {
      // nothing is dirty
      if (e.dirtyPages() == 0) return new Stop("clean");
      // fewer than 50 pages dirty
      if (e.dirtyPages() < minDirtyPages) return new Stop("few-dirty");
      // the iteration limit (29)
      if (e.passes() >= maxPasses) return new Stop("pass-limit");
      // never send more than 3 × RAM
      if (e.bytesSent() + e.dirtyPages() * e.pageSize() > maxSentFactor * e.ramBytes()) return new Stop("sent-limit");
      return new Continue(e.throttle());
    }
  }

  /**
   * VMware Stun During Page Send: when the guest dirties nearly as fast as the link sends (at least
   * {@code triggerRatio} of the pages the pass sent: pre-copy is not converging), slow its writes so
   * that it dirties at {@code targetRatio} of the send rate (never below {@code minSpeed}); switch
   * over when the remainder can be sent within {@code switchoverGoalNanos}. The trigger compares
   * distinct pages: a guest rewriting a small working set faster than the link saturates it, and
   * its distinct dirty rate stays just under the link's while the remainder no longer shrinks.
   */
  record VmwareSdps(long switchoverGoalNanos, double triggerRatio, double targetRatio, double minSpeed, int giveUpAfter)
      implements ConvergencePolicy {
    @Override
    public String name() {
      return "vmware-sdps";
    }

    @Override
    public Decision afterPass(PassEnd e) {
      // nothing is dirty
      if (e.dirtyPages() == 0) return new Stop("clean");
      // the remainder fits in the switch-over goal at the bandwidth of the last pass
      if (e.dirtyPages() <= e.sendRate() * switchoverGoalNanos / 1e9) return new Stop("switchover-goal");
      // safety: a run must end
      if (e.passes() >= giveUpAfter)
        return new GiveUp("did not converge in " + e.passes() + " passes (vmware-sdps policy)");
      // SDPS: dirtying (nearly) as fast as the link: slow the guest's writes to the target ratio
      Throttle t = e.throttle();
      if (e.dirtyPages() >= triggerRatio * e.passPages()) {
        double speed = Math.max(minSpeed, t.speed() * targetRatio * e.passPages() / e.dirtyPages());
        return new Continue(new Throttle(1 - speed, 0));
      }
      return new Continue(t);
    }
  }

  /**
   * Post-copy: after one full pass, switch over at once (only device state in the blackout); the
   * VM runs on the destination, which pulls the pages it touches on demand while the source pushes
   * the rest. The guest is degraded until the push ends, and its memory is split between the two
   * hosts: if either fails meanwhile, the VM is lost.
   */
  record PostCopy() implements ConvergencePolicy {
    @Override
    public String name() {
      return "post-copy";
    }

    @Override
    public boolean postCopy() {
      return true;
    }

    @Override
    public Decision afterPass(PassEnd e) {
      // nothing is dirty: an ordinary stop-and-copy
      if (e.dirtyPages() == 0) return new Stop("clean");
      // after the first pass: switch over, push the rest afterwards
      return new Stop("post-copy");
    }
  }
}
