package dev.livemig.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.spec.Specs;
import dev.livemig.scenario.Variants;

/**
 * The results of a sweep as they arrive ({@code compare --out FILE}): one JSON object per line, in
 * the order they came, each flushed when written: {@code sweep} (the id of the sweep's inputs),
 * {@code variant} (1-based), its {@code values}, then its {@code report} (and {@code hidden}: what the
 * report's JSON leaves out and a comparison reads, {@link HiddenFields}) or its {@code error}.
 * A sweep resumed on the file ({@code --resume}) reads the lines back and runs only the variants
 * they lack; a last line cut short (the sweep stopped while writing it) is cut off and its variant
 * runs again. Lines of another sweep, of no variant, or of a variant met twice are refused.
 */
public final class ResultsFile implements AutoCloseable {

  /** What the file holds for a variant: its report, or its error. */
  public record Held(Report report, String error) {}

  private static final ObjectWriter LINE = ReportJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

  private final String sweep;
  private final Map<Integer, Held> held;
  private final List<String> notices;
  private final Writer out;

  private ResultsFile(String sweep, Map<Integer, Held> held, List<String> notices, Writer out) {
    this.sweep = sweep;
    this.held = held;
    this.notices = notices;
    this.out = out;
  }

  /**
   * Opens {@code path} for sweep {@code sweep} of {@code variants}: a new file, or with
   * {@code resume} the file as it is (created if missing). An existing file without
   * {@code resume}: refused, it is another run's.
   */
  public static ResultsFile open(Path path, boolean resume, String sweep, List<Variants.Variant> variants)
      throws SweepException, ScenarioException {
    boolean exists = Files.exists(path);
    if (exists && !resume)
      throw new SweepException("--out " + path + " exists; add --resume to go on with the sweep it holds, or name another file");
    Map<Integer, Held> held = new HashMap<>();
    List<String> notices = new ArrayList<>();
    try {
      if (exists) read(path, sweep, variants, held, notices);
      return new ResultsFile(sweep, held, notices, Files.newBufferedWriter(path, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new SweepException("--out " + path + ": " + e.getMessage());
    }
  }

  private static void read(Path path, String sweep, List<Variants.Variant> variants, Map<Integer, Held> held,
      List<String> notices) throws IOException, ScenarioException {
    byte[] bytes = Files.readAllBytes(path);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') end--;
    String file = path.toString();
    List<Problem> problems = new ArrayList<>();
    Map<Integer, Integer> lineOf = new HashMap<>();
    String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      int n = i + 1;
      JsonNode node;
      try {
        node = ReportJson.mapper().readTree(lines[i]);
      } catch (IOException e) {
        node = null;
      }
      if (node == null || !node.isObject()) {
        problems.add(new Problem(file, n, null, "not a line of results; each line is one JSON object, as compare --out writes"));
        continue;
      }
      if (!sweep.equals(node.path("sweep").asText())) {
        problems.add(new Problem(file, n, "sweep", "written by another sweep (its scenario, --set, --vary or livemig's "
            + "configuration differ); resume the same sweep, or name another --out"));
        continue;
      }
      int v = node.path("variant").asInt(0);
      if (v < 1 || v > variants.size()) {
        problems.add(new Problem(file, n, "variant", node.path("variant") + " is no variant of this sweep; allowed: 1 to "
            + variants.size()));
        continue;
      }
      Integer before = lineOf.putIfAbsent(v, n);
      if (before != null) {
        problems.add(new Problem(file, n, "variant", v + " is there twice (lines " + before + " and " + n + "); each variant once"));
        continue;
      }
      try {
        Report r = node.has("report") ? HiddenFields.restore(ReportJson.mapper().treeToValue(node.get("report"), Report.class),
            node.get("hidden")) : null;
        String error = node.has("error") ? node.get("error").asText() : null;
        if (r == null && error == null) throw new IOException("neither report nor error");
        held.put(v - 1, new Held(r, error));
      } catch (IOException | IllegalArgumentException e) {
        problems.add(new Problem(file, n, "report", "not a report livemig can read (" + e.getMessage().lines().findFirst().orElse("")
            + "); keep the lines as compare --out wrote them"));
      }
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    if (end < bytes.length) { // only once the file is known to be this sweep's
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
        ch.truncate(end);
      }
      notices.add(path + ": its last line was cut short (the sweep stopped while writing it); that variant runs again");
    }
  }

  /** The variants (0-based) the file held when opened, with their results. */
  public Map<Integer, Held> held() {
    return held;
  }

  /** What the user should know of the file as it was found. */
  public List<String> notices() {
    return notices;
  }

  /** Appends variant {@code variant}'s (0-based) result and flushes it. */
  public void append(int variant, Variants.Variant v, Report report, String error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("sweep", sweep);
    line.put("variant", variant + 1);
    line.put("values", v.values());
    if (report != null) {
      line.put("report", report);
      line.put("hidden", HiddenFields.of(report));
    } else {
      line.put("error", error);
    }
    try {
      out.write(LINE.writeValueAsString(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /**
   * The id of a sweep's inputs: a digest of every variant's scenario (as it crosses the wire) and of
   * the configuration its runs use; equal only for the same sweep.
   */
  public static String sweepId(List<Specs.Scenario> scenarios, String configHocon) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      KryoSerializer kryo = new KryoSerializer();
      for (Specs.Scenario s : scenarios) d.update(kryo.toBinary(s));
      d.update(configHocon.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
