package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 9, the typed getters under any text: a value within the stated bounds, or exactly one
 * problem naming the key; never an exception, never a value outside the bounds (HOCON's own getters
 * round 1.5 to 1, clamp 1e23 to 2^63 - 1, and let 1e30 s overflow simulated time).
 */
class ConfigReaderPropertyTest {
  private static ConfigReader reader() {
    return new ConfigReader("gen.conf", "--set", ConfigLoader.defaults());
  }

  /** The value as HOCON reads it when the text is a value (a number stays a number), else as a string. */
  private static ConfigValue value(String text) {
    try {
      return ConfigFactory.parseString("x = " + text).getValue("x");
    } catch (ConfigException e) {
      return ConfigValueFactory.fromAnyRef(text);
    }
  }

  @Provide
  Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.integers().between(-5, 5000).map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.of("NaN", "Infinity", "-Infinity", "1e23", "1e30", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "1.5", "0.0", "-0", "1e-30", "0x10", "1_000", "", " ", "1 1", "½"));
  }

  @Provide
  Arbitrary<String> withUnits() {
    Arbitrary<String> units = Arbitraries.of("", " s", " ms", " minutes", " h", " days", " ns", " us", " bps", " Kbps",
        " Mbps", " Gbps", " Tbps", " GiB", " MiB", " TiB", " PiB", " B", " EiB", "s", " parsecs");
    return Combinators.combine(numbers(), units).as((n, u) -> n + u);
  }

  @Property(tries = 1000)
  void durationsAreBoundedOrAProblem(@ForAll("withUnits") String text) {
    ConfigReader r = reader();
    long ns = r.durationOf(value(text), "d");
    if (ns < 0) {
      assertEquals(1, r.problems.size(), text);
      assertEquals("d", r.problems.get(0).key());
    } else {
      assertTrue(r.problems.isEmpty(), text + " " + r.problems);
      assertTrue(ns <= ConfigReader.MAX_DURATION.toNanos(), text + " -> " + ns);
    }
  }

  @Property(tries = 1000)
  void bandwidthsAreBoundedOrAProblem(@ForAll("withUnits") String text) {
    ConfigReader r = reader();
    double bps = r.bandwidthOf(value(text), "b", true);
    if (!r.problems.isEmpty()) {
      assertEquals(1, r.problems.size(), text);
      assertEquals(0, bps);
    } else {
      assertTrue(bps == 0 || (bps >= ConfigReader.MIN_BPS && bps <= ConfigReader.MAX_BPS), text + " -> " + bps);
    }
  }

  @Property(tries = 1000)
  void sizesAreBoundedOrAProblem(@ForAll("withUnits") String text) {
    ConfigReader r = reader();
    long b = r.bytesOf(value(text), "m");
    if (!r.problems.isEmpty()) {
      assertEquals(1, r.problems.size(), text);
      assertEquals(0, b);
    } else {
      assertTrue(b > 0 && b <= ConfigReader.MAX_BYTES, text + " -> " + b);
    }
  }

  @Property(tries = 1000)
  void wholeNumbersAreExactOrAProblem(@ForAll("numbers") String text) {
    ConfigReader r = reader();
    long n = r.longValue(value(text), "n", -1000, 1_000_000);
    BigDecimal exact;
    try {
      exact = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      exact = null;
    }
    boolean whole = exact != null && exact.stripTrailingZeros().scale() <= 0
        && exact.compareTo(BigDecimal.valueOf(-1000)) >= 0 && exact.compareTo(BigDecimal.valueOf(1_000_000)) <= 0;
    if (whole) {
      assertTrue(r.problems.isEmpty(), text + " " + r.problems);
      assertEquals(exact.longValueExact(), n, text);
    } else {
      assertEquals(1, r.problems.size(), text + " -> " + n);
      assertTrue(n >= -1000 && n <= 1_000_000, text + " -> " + n);
    }
  }
}
