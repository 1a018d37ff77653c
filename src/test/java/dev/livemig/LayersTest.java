package dev.livemig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers (docs/architecture.md): a package may use its own layer and those
 * below, never one above. Every reference to another package counts, imported or written out in
 * full. The one exception is the marker interface {@code distribution.CrossNode} (no code, no
 * dependencies), which any layer's messages implement to be bound to the Kryo serializer.
 */
class LayersTest {

  /** Package -> layer: higher numbers may use lower ones. */
  static final Map<String, Integer> LAYERS = Map.ofEntries(
      Map.entry("kernel", 0), Map.entry("memory", 0),
      Map.entry("spec", 1),
      Map.entry("network", 2),
      Map.entry("migration", 3),
      Map.entry("cluster", 4),
      Map.entry("report", 5),
      Map.entry("scenario", 6), Map.entry("inventory", 6),
      Map.entry("distribution", 7), Map.entry("calibration", 7), Map.entry("advise", 7),
      Map.entry("cli", 8));

  static final Set<String> ANYWHERE = Set.of("distribution.CrossNode");

  /** A reference to a type of a package (its sub-packages, e.g. report.html, count as the package). */
  static final Pattern REF = Pattern.compile("\\bdev\\.livemig\\.([a-z]+)(?:\\.[a-z]+)*\\.([A-Z]\\w*)");
  static final Path MAIN = Path.of("src/main/java/dev/livemig");

  /** Every use of a package above the file's own, as {@code file:line: uses pkg.Type}. */
  static List<String> violations(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String pkg = root.relativize(f).getName(0).toString();
        Integer mine = LAYERS.get(pkg);
        if (mine == null) {
          out.add(f + ": package " + pkg + " has no layer; give it one in LayersTest and docs/architecture.md");
          continue;
        }
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line.startsWith("package ")) continue;
          Matcher m = REF.matcher(line);
          while (m.find()) {
            String used = m.group(1);
            Integer theirs = LAYERS.get(used);
            if (ANYWHERE.contains(used + "." + m.group(2))) continue;
            if (theirs == null || theirs > mine)
              out.add(f + ":" + (i + 1) + ": " + pkg + " (layer " + mine + ") uses " + used + "." + m.group(2)
                  + " (layer " + theirs + ")");
          }
        }
      }
    }
    return out;
  }

  @Test
  void noPackageUsesOneAboveIt() throws IOException {
    assertEquals(List.of(), violations(MAIN));
  }

  @Test
  void theCheckFindsAnUpwardImport(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path kernel = dir.resolve("kernel");
    Files.createDirectories(kernel);
    Files.writeString(kernel.resolve("Bad.java"), "package dev.livemig.kernel;\n\nimport dev.livemig.cluster.Ledger;\n"
        + "class Bad { dev.livemig.report.html.HtmlReport r; dev.livemig.distribution.CrossNode ok; }\n");
    List<String> v = violations(dir);
    assertEquals(2, v.size(), v.toString());
    assertTrue(v.get(0).endsWith("Bad.java:3: kernel (layer 0) uses cluster.Ledger (layer 4)"), v.get(0));
    assertTrue(v.get(1).contains("uses report.HtmlReport"), v.get(1));
  }
}
