package dev.livemig.kernel;

/** Receives every event the kernel delivers, in delivery order (for {@code run --trace}). */
public interface TraceSink {
  /** @param message rendered by {@link MessageText}: stable from run to run */
  void delivered(long time, String from, String to, String message);
}
