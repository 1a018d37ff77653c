package dev.livemig.calibration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * One constant {@code livemig calibrate} may fit: its key, its kind (read from its value in the
 * configuration), its search bounds, its value before the fit, and the {@code limitedBy} of a move
 * whose time it can set ({@code shows}, or null). Values are held in the kind's base unit: bit/s,
 * seconds, bytes, or a plain number.
 */
public record Parameter(String key, Kind kind, double min, double max, double initial, String shows) {

  /** What kind of value a constant is, as reference.conf writes it. */
  public enum Kind {
    BANDWIDTH, DURATION, SIZE, NUMBER;

    /** The kind of a configuration value, or null when it is none of these (text, a block, a list). */
    static Kind of(ConfigValue v) {
      if (v.valueType() == ConfigValueType.NUMBER) return NUMBER;
      if (v.valueType() != ConfigValueType.STRING) return null;
      String s = String.valueOf(v.unwrapped()).trim();
      if (s.toLowerCase(Locale.ROOT).endsWith("bps")) return BANDWIDTH;
      Config one = ConfigFactory.empty().withValue("x", v);
      try {
        one.getDuration("x");
        return DURATION;
      } catch (ConfigException e) {
        // not a duration
      }
      try {
        one.getBytes("x");
        return SIZE;
      } catch (ConfigException e) {
        return null;
      }
    }

    /** The value in base units, or NaN when it is not of this kind. */
    double parse(ConfigValue v) {
      try {
        Config one = ConfigFactory.empty().withValue("x", v);
        return switch (this) {
          case NUMBER -> v.valueType() == ConfigValueType.NUMBER ? one.getDouble("x") : Double.NaN;
          case DURATION -> v.valueType() == ConfigValueType.STRING ? one.getDuration("x").toNanos() / 1e9 : Double.NaN;
          case SIZE -> v.valueType() == ConfigValueType.STRING ? (double) one.getBytes("x") : Double.NaN;
          case BANDWIDTH -> bps(String.valueOf(v.unwrapped()));
        };
      } catch (ConfigException | IllegalArgumentException e) {
        return Double.NaN;
      }
    }

    private static double bps(String s) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgGtT]?)bps\\s*$").matcher(s);
      if (!m.matches()) return Double.NaN;
      double mult = switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "k" -> 1e3;
        case "m" -> 1e6;
        case "g" -> 1e9;
        case "t" -> 1e12;
        default -> 1;
      };
      return Double.parseDouble(m.group(1)) * mult;
    }

    /** The value as the model reads it, exactly enough for a run (nanoseconds, bytes, bit/s). */
    String exact(double v) {
      return switch (this) {
        case BANDWIDTH -> String.format(Locale.ROOT, "%.3f bps", v);
        case DURATION -> Math.max(1, Math.round(v * 1e9)) + " ns";
        case SIZE -> Math.max(1, Math.round(v)) + " B";
        case NUMBER -> String.format(Locale.ROOT, "%.9g", v);
      };
    }

    /** The value for people and for the overlay file: 4 significant digits in a fitting unit. */
    String human(double v) {
      return switch (this) {
        case BANDWIDTH -> v >= 1e9 ? sig(v / 1e9) + " Gbps" : sig(v / 1e6) + " Mbps";
        case DURATION -> v >= 10 ? sig(v) + " s" : v >= 1e-3 ? sig(v * 1e3) + " ms" : sig(v * 1e6) + " us";
        case SIZE -> v >= 1e9 ? sig(v / 1e9) + " GB" : v >= 1e6 ? sig(v / 1e6) + " MB" : sig(v / 1e3) + " kB";
        case NUMBER -> sig(v);
      };
    }

    /** An uncertainty in the same unit as {@link #human(double)} of {@code of} (no unit change across ±). */
    String humanDelta(double delta, double of) {
      String h = human(of);
      String unit = h.substring(h.indexOf(' ') + 1);
      double scale = switch (unit) {
        case "Gbps", "GB" -> 1e9;
        case "Mbps", "MB" -> 1e6;
        case "kB" -> 1e3;
        case "ms" -> 1e-3;
        case "us" -> 1e-6;
        default -> 1;
      };
      return this == NUMBER ? sig(delta, 2) : sig(delta / scale, 2) + " " + unit;
    }

    static String sig(double v) {
      return sig(v, 4);
    }

    /** {@code v} to {@code digits} significant digits, as plain text. */
    static String sig(double v, int digits) {
      if (!Double.isFinite(v)) return "inf";
      return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }
  }

  /** {@code initial} as people read it. */
  public String initialText() {
    return kind.human(initial);
  }

  /** The key without its {@code livemig.} prefix, as HOCON inside a {@code livemig} block would name it. */
  public String shortKey() {
    return key.startsWith("livemig.") ? key.substring("livemig.".length()) : key;
  }
}
