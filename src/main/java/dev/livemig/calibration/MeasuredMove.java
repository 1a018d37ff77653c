package dev.livemig.calibration;

/**
 * One live migration an architect timed, as read from the CSV: its line, the VM (named as in the
 * cluster's scenario) and the memory it moved, its hosts (as in the scenario), the performance option
 * (the model's word: tcpip, compression, smb), the seconds Measure-Command gave, and where measured
 * the peak NIC rate (Gbit/s, frames included, as perfmon counts) and the blackout (ms).
 * {@code simultaneous}: how many such moves were started together (this VM and copies of it between
 * the same hosts); {@code seconds} is then the time until the last of them ended.
 */
public record MeasuredMove(int line, String vm, long memoryBytes, String source, String destination, String option,
    double seconds, Double nicGbps, Double blackoutMs, int simultaneous) {

  /** A short label for tables: {@code line 3: sql01 hv1 -> hv2}. */
  public String label() {
    return "line " + line + ": " + vm + " " + source + " -> " + destination;
  }
}
