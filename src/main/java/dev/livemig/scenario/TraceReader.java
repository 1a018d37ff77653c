package dev.livemig.scenario;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import com.typesafe.config.ConfigObject;
import dev.livemig.memory.Workload;

/**
 * A trace workload's CSV of simulated time and dirtying rate, as a measurement tool would export
 * it: a header naming the units ({@code seconds,pages-per-second}; time in seconds or ms; rate in
 * pages-per-second, writes-per-second, MiB-per-second or MB-per-second), then one row per change of
 * rate, in time order; '#' starts a comment. The path is relative to the scenario file and must stay
 * in its folder ({@link ConfigLoader#reference}); the file must be a regular UTF-8 file (a UTF-8
 * byte-order mark is allowed) of at most 16 MiB. Problems name the trace file and line but never
 * quote it: what a file holds is not echoed.
 */
final class TraceReader extends ConfigReader {
  static final List<String> TIME_UNITS = List.of("seconds", "ms");
  static final List<String> RATE_UNITS = List.of("pages-per-second", "writes-per-second", "MiB-per-second", "MB-per-second");
  static final long MAX_BYTES = 16L << 20;
  /** A plain decimal number: no NaN, Infinity, hexadecimal or type suffix as Java's parser allows. */
  private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

  TraceReader(ConfigReader shared) {
    super(shared);
  }

  Workload trace(ConfigObject spec, String key, long workingSetPages, long pageSize) {
    String given = requiredString(spec, key, "file");
    if (given == null) return new Workload.Idle();
    File scenario = new File(file);
    File dir = scenario.getParentFile();
    String where = (new File(given).isAbsolute() || dir == null ? new File(given) : new File(dir, given)).getPath();
    ConfigLoader.Reference ref = ConfigLoader.reference(scenario, given, ConfigLoader.roots(scenario, defaults));
    if (ref.problem() != null) {
      problem(spec.get("file"), key + ".file", ref.problem());
      return new Workload.Idle();
    }
    String text;
    try {
      long size = Files.size(ref.path());
      if (size > MAX_BYTES) {
        problem(spec.get("file"), key + ".file", String.format(Locale.ROOT, "the trace is %.1f MiB; allowed: at most 16 MiB",
            size / 1048576.0));
        return new Workload.Idle();
      }
      byte[] bytes = Files.readAllBytes(ref.path());
      text = utf8(bytes, where, key);
      if (text == null) return new Workload.Idle();
    } catch (IOException e) {
      problem(spec.get("file"), key + ".file", "cannot read " + where + " (" + e.getClass().getSimpleName() + ")");
      return new Workload.Idle();
    }
    return parse(text.split("\r?\n", -1), where, key, given, workingSetPages, pageSize);
  }

  /** The text, a UTF-8 byte-order mark dropped; null (and a problem at the first bad line) if not UTF-8. */
  private String utf8(byte[] b, String where, String key) {
    int start = b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf ? 3 : 0;
    if (b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)) {
      problems.add(new Problem(where, 1, key + ".file", "UTF-16 text (byte-order mark); allowed: a UTF-8 or ASCII CSV"));
      return null;
    }
    var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return dec.decode(ByteBuffer.wrap(b, start, b.length - start)).toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int from = start;
      for (int i = start; i <= b.length; i++) {
        if (i == b.length || b[i] == '\n') {
          try {
            dec.reset().decode(ByteBuffer.wrap(b, from, i - from));
          } catch (CharacterCodingException bad) {
            break;
          }
          line++;
          from = i + 1;
        }
      }
      problems.add(new Problem(where, line, key + ".file", "not UTF-8 text; allowed: a UTF-8 or ASCII CSV"));
      return null;
    }
  }

  private Workload parse(String[] lines, String where, String key, String given, long workingSetPages, long pageSize) {
    List<Double> times = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    double timeScale = 0;
    double rateScale = 0;
    int before = problems.size();
    int last = 0;
    double maxSeconds = MAX_DURATION.getSeconds();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.trim();
      if (line.isEmpty()) continue;
      last = i + 1;
      String[] cells = line.split("\\s*[,;\\t]\\s*");
      if (timeScale == 0) {
        if (cells.length != 2 || !TIME_UNITS.contains(cells[0]) || !RATE_UNITS.contains(cells[1])) {
          problems.add(new Problem(where, i + 1, key + ".file", "the first line is not a header naming the units; allowed: "
              + "a header " + TIME_UNITS + "," + RATE_UNITS + ", e.g. seconds,pages-per-second"));
          return new Workload.Idle();
        }
        timeScale = cells[0].equals("ms") ? 1e-3 : 1;
        rateScale = switch (cells[1]) {
          case "MiB-per-second" -> (double) (1L << 20) / pageSize;
          case "MB-per-second" -> 1e6 / pageSize;
          default -> 1;
        };
        continue;
      }
      if (cells.length != 2) {
        problems.add(new Problem(where, i + 1, key + ".file", "expected two values, time and rate; found " + cells.length));
        continue;
      }
      if (!NUMBER.matcher(cells[0]).matches() || !NUMBER.matcher(cells[1]).matches()) {
        problems.add(new Problem(where, i + 1, key + ".file", "not two numbers; give plain decimal numbers in the "
            + "header's units, without their names (e.g. 12.5,3000)"));
        continue;
      }
      double t = Double.parseDouble(cells[0]) * timeScale;
      double r = Double.parseDouble(cells[1]) * rateScale;
      if (t < 0 || r < 0) {
        problems.add(new Problem(where, i + 1, key + ".file", "time and rate must not be negative"));
        continue;
      }
      if (!Double.isFinite(r) || t > maxSeconds) {
        problems.add(new Problem(where, i + 1, key + ".file", "out of range; allowed: times up to "
            + MAX_DURATION.toDays() + " days, finite rates"));
        continue;
      }
      if (!times.isEmpty() && t <= times.get(times.size() - 1)) {
        problems.add(new Problem(where, i + 1, key + ".file", "time " + fmt(t) + " s is not after the row before ("
            + fmt(times.get(times.size() - 1)) + " s); rows must be in increasing time order"));
        continue;
      }
      times.add(t);
      rates.add(r);
    }
    if (timeScale == 0) problems.add(new Problem(where, 0, key + ".file", "the trace is empty; allowed: a header seconds,pages-per-second and rows"));
    else if (times.isEmpty() && problems.size() == before) problems.add(new Problem(where, last, key + ".file", "the trace has a header but no rows"));
    if (problems.size() > before || times.isEmpty()) return new Workload.Idle();
    double[] ts = new double[times.size()];
    double[] rs = new double[rates.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = times.get(i);
      rs[i] = rates.get(i);
    }
    return new Workload.Trace(given, ts, rs, 0, workingSetPages);
  }

  private static String fmt(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
