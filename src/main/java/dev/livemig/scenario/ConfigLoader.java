package dev.livemig.scenario;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;

/**
 * Loads livemig's configuration once per JVM: {@code reference.conf} (from {@code conf/}), with
 * Pekko's, under any {@code application.conf} or system properties. Parsing it costs a tenth of a
 * second, so every run of a comparison or a test suite shares the one instance.
 *
 * <p>It also parses scenario files, guarded: a scenario may read files ({@code include}, a trace
 * workload's {@code file}) only in its own folder and below, or under a folder the user allows
 * ({@code livemig.files.allow}, {@code --allow-files}); {@code include url(...)} and
 * {@code include classpath(...)} are refused; an include that names nothing, or includes itself, is
 * an error at its line; nesting deeper than {@link #MAX_NESTING} levels is refused before the HOCON
 * parser (which recurses once per level) can overflow its stack.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Levels of { } and [ ] a scenario may nest (real scenarios use fewer than ten). */
  public static final int MAX_NESTING = 100;
  /** Files included within files, at most. */
  public static final int MAX_INCLUDE_DEPTH = 10;
  /** The largest scenario (or included) file read. */
  public static final long MAX_FILE_BYTES = 32L << 20;

  private static volatile Config loaded;
  private static volatile Config loadedFull;

  /** livemig's, Pekko Actor Typed's and Pekko Actor's reference.conf in one file (written by the build). */
  static final String LOCAL_REFERENCE = LocalReference.RESOURCE;

  /** The class loader of a run on this machine (LocalReference): Pekko parses no other reference.conf. */
  public static ClassLoader localLoader() {
    return LocalReference.LOADER;
  }

  /**
   * The configuration of livemig and of a run's actor system: {@code ConfigFactory.load()} over
   * {@link #localLoader()} (system properties, application.conf, then the local reference.conf).
   */
  public static Config defaults() {
    Config c = loaded;
    if (c == null) {
      synchronized (ConfigLoader.class) {
        if (loaded == null) {
          Config fresh;
          try {
            fresh = ConfigFactory.load(localLoader());
          } catch (ConfigException e) { // an application.conf that does not parse, a -D that is not HOCON
            com.typesafe.config.ConfigOrigin o = e.origin();
            String where = o == null ? Calibration.SYSTEM_PROPERTY : o.filename() != null ? o.filename()
                : o.url() != null ? o.url().toString() : o.description();
            throw new Calibration.Invalid(List.of(new Problem(where, o == null ? 0 : Math.max(0, o.lineNumber()), null, reason(e))));
          }
          // every livemig.* value of an application.conf or a -D checked: a bad one is exit 2 here
          // (with neither, the values are reference.conf's, checked by the tests: ~30 ms saved per run)
          if (overridden()) Calibration.checkLoaded(fresh, Calibration.reference());
          loaded = fresh;
        }
        c = loaded;
      }
    }
    return c;
  }

  /**
   * As {@link #defaults()} with every reference.conf of the class path (Pekko's cluster, remote,
   * streams, ...): a sweep member's actor system. Parsed on first use.
   */
  public static Config full() {
    Config c = loadedFull;
    if (c == null) {
      synchronized (ConfigLoader.class) {
        if (loadedFull == null) loadedFull = ConfigFactory.load(ConfigLoader.class.getClassLoader());
        c = loadedFull;
      }
    }
    return c;
  }

  /**
   * A sweep member's configuration: {@code config}'s livemig.* (and whatever else but pekko.*) over
   * {@link #full()}. Pekko's settings are {@link #full()}'s: those of {@link #defaults()} were
   * resolved without the cluster's and the streams' reference.conf (a list such as
   * pekko.library-extensions would lack their entries).
   */
  public static Config forCluster(Config config) {
    return config.withoutPath("pekko").withFallback(full());
  }

  /**
   * Whether {@link ConfigFactory#load()} may give livemig.* values other than reference.conf's: a
   * system property {@code livemig.*} or {@code config.*} (config.file, config.resource,
   * config.url, config.override_with_env_vars), or an application.conf/.json/.properties on the
   * class path.
   */
  static boolean overridden() {
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.equals("livemig") || k.startsWith("livemig.") || k.startsWith("config.")) return true;
    }
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) cl = ConfigLoader.class.getClassLoader();
    for (String r : List.of("application.conf", "application.json", "application.properties")) {
      if (cl.getResource(r) != null) return true;
    }
    return false;
  }

  /** The defaults with more folders a scenario may read files from ({@code --allow-files}). */
  public static Config allowing(Config config, List<String> folders) {
    if (folders == null || folders.isEmpty()) return config;
    List<String> all = new ArrayList<>(config.getStringList("livemig.files.allow"));
    for (String f : folders) all.add(new File(f).getAbsolutePath());
    return config.withValue("livemig.files.allow", com.typesafe.config.ConfigValueFactory.fromIterable(all));
  }

  /** The folders a scenario file may read from: its own folder, then those the configuration allows. */
  public static List<Path> roots(File scenario, Config config) {
    List<Path> roots = new ArrayList<>();
    roots.add(real(scenario.getAbsoluteFile().toPath().getParent()));
    if (config.hasPath("livemig.files.allow")) {
      for (String s : config.getStringList("livemig.files.allow")) {
        Path p = Path.of(s).toAbsolutePath();
        if (Files.isDirectory(p)) roots.add(real(p));
      }
    }
    return roots;
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /**
   * A file a scenario names ({@code given}, relative to the folder of {@code from}), or why it may
   * not be read: outside the allowed folders (symbolic links followed), missing, not a regular file.
   */
  public record Reference(Path path, String problem) {}

  public static Reference reference(File from, String given, List<Path> roots) {
    Path dir = from.getAbsoluteFile().toPath().getParent();
    Path p;
    try {
      p = dir.resolve(given).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return new Reference(null, "'" + given + "' is not a path");
    }
    Path realPath = real(p);
    boolean inside = false;
    for (Path r : roots) inside |= realPath.startsWith(r);
    if (!inside) {
      return new Reference(null, "'" + given + "' is outside the scenario's folder; allowed: files in the scenario's folder "
          + "and below" + (roots.size() > 1 ? ", or under a folder given with --allow-files" : " (widen with --allow-files DIR)"));
    }
    if (!Files.exists(p)) return new Reference(null, "no such file: " + given + " (a path relative to the scenario file)");
    if (!Files.isRegularFile(p)) return new Reference(null, given + " is not a regular file");
    return new Reference(p, null);
  }

  // ------------------------------------------------------------------ scenario files

  /**
   * Parses a scenario file under the rules above (not yet resolved). Problems are thrown together,
   * each at its file and line.
   */
  public static Config parseScenario(File path, Config config) throws ScenarioException {
    Guard guard = new Guard(roots(path, config));
    try {
      Config c = guard.parse(path, path.getPath(), new ArrayList<>());
      if (!guard.problems.isEmpty()) {
        List<Problem> all = new ArrayList<>(guard.problems);
        java.util.Collections.sort(all);
        throw new ScenarioException(all);
      }
      return c;
    } catch (Refused r) {
      throw new ScenarioException(List.of(r.problem));
    } catch (StackOverflowError e) {
      throw new ScenarioException(List.of(new Problem(path.getPath(), 0, null, nestingTooDeep())));
    }
  }

  /** Parses a command-line override ({@code key=value}) after the same nesting check. */
  public static Config parseOverride(String text, String origin) throws ScenarioException {
    HoconScan s = HoconScan.of(text);
    if (s.tooDeepLine > 0) throw new ScenarioException(List.of(new Problem(origin, 0, null, nestingTooDeep())));
    Guard guard = new Guard(List.of());
    Config c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin + " " + text)
        .setIncluder(guard.includerFor(null, origin, s, List.of())));
    if (!guard.problems.isEmpty()) throw new ScenarioException(guard.problems);
    return c;
  }

  /** Resolves substitutions; a structure too deep to resolve is reported, not a stack overflow. */
  public static Config resolve(Config raw, String file) throws ScenarioException {
    try {
      return raw.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (StackOverflowError e) {
      throw new ScenarioException(List.of(new Problem(file, 0, null, "substitutions " + nestingTooDeep())));
    }
  }

  static String nestingTooDeep() {
    return "nesting too deep; allowed: at most " + MAX_NESTING + " levels of { } and [ ]";
  }

  /** The reason of a Typesafe Config error, in livemig's words (without its "file: line: " prefix). */
  public static String reason(ConfigException e) {
    String reason = String.valueOf(e.getMessage()).replaceFirst("^.*?: \\d+: ", "");
    if (e instanceof ConfigException.UnresolvedSubstitution) {
      java.util.regex.Matcher cycle = java.util.regex.Pattern
          .compile("^Could not resolve substitution to a value: (\\$\\{[^}]*\\}) was part of a cycle of substitutions involving (.*)$")
          .matcher(reason);
      if (cycle.matches()) {
        return "substitution " + cycle.group(1) + " refers to itself (a cycle through " + cycle.group(2)
            + "); allowed: substitutions that end at a value";
      }
      reason = reason.replaceFirst("^Could not resolve substitution to a value: (.*)$",
          "$1 refers to nothing; a substitution must name a key of this file, e.g. \\${templates.NAME}");
    } else if (e instanceof ConfigException.Parse) {
      // Typesafe Config calls a missing '}' a "close parentheses ')'" and suggests renaming the
      // file to .properties; neither helps here.
      reason = "syntax error: " + reason.replace("a close parentheses ')'", "a close brace '}'")
          .replace(", or you may be able to rename the file .properties rather than .conf", "");
    }
    return reason;
  }

  /** A refused file or include, already located. */
  private static final class Refused extends RuntimeException {
    final Problem problem;

    Refused(Problem problem) {
      super(problem.toString(), null, false, false);
      this.problem = problem;
    }
  }

  /** Parses one file and what it includes, within the allowed folders. */
  private static final class Guard {
    private final List<Path> roots;
    /** Includes refused so far: each is reported, the parse goes on to find the others. */
    final List<Problem> problems = new ArrayList<>();

    Guard(List<Path> roots) {
      this.roots = roots;
    }

    Config parse(File f, String shown, List<Path> chain) {
      byte[] bytes;
      try {
        long size = Files.size(f.toPath());
        if (size > MAX_FILE_BYTES) {
          throw new Refused(new Problem(shown, 0, null, String.format(Locale.ROOT,
              "the file is %.1f MiB; allowed: at most %d MiB", size / 1048576.0, MAX_FILE_BYTES >> 20)));
        }
        bytes = Files.readAllBytes(f.toPath());
      } catch (IOException e) {
        throw new Refused(new Problem(shown, 0, null, "cannot read the file (" + e.getClass().getSimpleName() + ")"));
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new Refused(new Problem(shown, lineOfFirstBadByte(bytes), null, "not UTF-8 text; allowed: a UTF-8 file"));
      }
      HoconScan scan = HoconScan.of(text);
      if (scan.tooDeepLine > 0) throw new Refused(new Problem(shown, scan.tooDeepLine, null, nestingTooDeep()));
      List<Path> mine = new ArrayList<>(chain);
      mine.add(real(f.toPath()));
      ConfigParseOptions opts = ConfigParseOptions.defaults().setAllowMissing(false)
          .setSyntax(f.getName().endsWith(".json") ? ConfigSyntax.JSON : ConfigSyntax.CONF)
          .setIncluder(includerFor(f, shown, scan, mine));
      // Parsed from the file (not the text) so that every value's origin names the file.
      return ConfigFactory.parseFile(f, opts);
    }

    ConfigIncluder includerFor(File from, String shown, HoconScan scan, List<Path> chain) {
      return new Includer(this, from, shown, scan, chain);
    }

    ConfigObject include(File from, String shown, HoconScan scan, List<Path> chain, String kind, String what) {
      try {
        return includeOrRefuse(from, shown, scan, chain, kind, what);
      } catch (Refused r) {
        problems.add(r.problem);
        return ConfigFactory.empty().root();
      }
    }

    private ConfigObject includeOrRefuse(File from, String shown, HoconScan scan, List<Path> chain, String kind, String what) {
      int line = scan.lineOfInclude(what);
      if (from == null) throw new Refused(new Problem(shown, line, "include", "includes are not allowed here"));
      if (!kind.equals("file")) {
        throw new Refused(new Problem(shown, line, "include", "include " + kind + "(...) is refused; allowed: "
            + "include \"file\" or include file(\"file\"), a file in the scenario's folder or below"));
      }
      if (chain.size() > MAX_INCLUDE_DEPTH) {
        throw new Refused(new Problem(shown, line, "include", "includes nested more than " + MAX_INCLUDE_DEPTH + " deep"));
      }
      Reference ref = ConfigLoader.reference(from, what, roots);
      if (ref.problem() != null && ref.problem().startsWith("no such file") && !what.endsWith(".conf")) {
        Reference withExt = ConfigLoader.reference(from, what + ".conf", roots);
        if (withExt.problem() == null) ref = withExt;
      }
      if (ref.problem() != null) throw new Refused(new Problem(shown, line, "include", ref.problem()));
      Path real = real(ref.path());
      if (chain.contains(real)) {
        throw new Refused(new Problem(shown, line, "include", "'" + what + "' includes itself (through "
            + chain.size() + " file(s)); allowed: includes without a cycle"));
      }
      String nestedShown = new File(new File(shown).getParentFile(), from.getAbsoluteFile().toPath().getParent()
          .relativize(ref.path().toAbsolutePath()).toString()).getPath();
      return parse(ref.path().toFile(), nestedShown, chain).root();
    }
  }

  /** Hands every kind of include to the guard; HOCON's own includer is never used. */
  private record Includer(Guard guard, File from, String shown, HoconScan scan, List<Path> chain)
      implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      return guard.include(from, shown, scan, chain, "file", what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
      return guard.include(from, shown, scan, chain, "file", what.getPath());
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, java.net.URL what) {
      return guard.include(from, shown, scan, chain, "url", what.toString());
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
      return guard.include(from, shown, scan, chain, "classpath", what);
    }
  }

  private static int lineOfFirstBadByte(byte[] bytes) {
    var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        try {
          dec.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return 0;
  }
}
