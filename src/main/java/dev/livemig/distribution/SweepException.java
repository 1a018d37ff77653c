package dev.livemig.distribution;

/**
 * A sweep or member that cannot start or go on for a reason the user can act on (a seed that does
 * not answer, a port in use, an --out that exists): one line, said as is, exit code 2.
 */
public final class SweepException extends Exception {
  public SweepException(String message) {
    super(message, null, false, false);
  }
}
