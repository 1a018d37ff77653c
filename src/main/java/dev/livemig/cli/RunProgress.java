package dev.livemig.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import dev.livemig.kernel.Progress;
import dev.livemig.kernel.SimTime;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress bar of {@code run}: on standard error, only on a terminal, only once the run has
 * taken a second (wall clock: the CLI's, never the model's), showing the simulated time reached
 * and the migrations ended; erased when the run ends. Where it does not show, it is nothing.
 */
final class RunProgress implements AutoCloseable {
  private static final long AFTER_MILLIS = 1000;

  private final Thread thread;
  private volatile boolean done;

  private RunProgress(Progress progress) {
    thread = new Thread(() -> show(progress), "livemig-progress");
    thread.setDaemon(true);
    thread.start();
  }

  /** A bar for the run that reports to {@code progress}, when standard error is a terminal; else none. */
  static RunProgress start(Progress progress, boolean terminal) {
    return terminal ? new RunProgress(progress) : null;
  }

  private void show(Progress progress) {
    long start = System.nanoTime();
    ProgressBar bar = null;
    try {
      while (!done) {
        if (bar == null && System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(AFTER_MILLIS)) {
          bar = new ProgressBarBuilder().setTaskName("run").setInitialMax(-1).setUnit(" migrations", 1)
              .setConsumer(new CompareCommand.ProgressLine()).setUpdateIntervalMillis(200).clearDisplayOnFinish()
              .setStyle(Colour.barStyle()).hideEta().build();
        }
        if (bar != null) {
          bar.stepTo(progress.migrationsEnded());
          bar.setExtraMessage(String.format(Locale.ROOT, "simulated %s", clock(SimTime.toSeconds(progress.simNanos()))));
        }
        synchronized (this) {
          if (!done) wait(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (bar != null) bar.close();
    }
  }

  /** Simulated seconds as h:mm:ss. */
  static String clock(double seconds) {
    long s = (long) seconds;
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
      notifyAll();
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
