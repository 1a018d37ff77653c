package dev.livemig.inventory;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers, sizes and speeds as PowerShell writes them in different locales. Export-Csv writes an
 * integer (UInt64 bytes) without grouping in every locale, but a double or a formatted string
 * ({@code LinkSpeed}, a calculated "GB" column) in the exporting culture: {@code 2,5 Gbps} and
 * {@code 1.024} (one thousand and twenty-four) in German, {@code 2.5 Gbps} and {@code 1,024} in
 * English. A file whose delimiter is ';' (Export-Csv -UseCulture in a comma-decimal locale) is
 * read with a decimal comma; where a value carries both separators, the last one is the decimal.
 */
public final class Numbers {
  private Numbers() {}

  private static final Pattern QUANTITY = Pattern.compile("([0-9][0-9.,\\u00a0\\u202f' ]*)\\s*([A-Za-z/]*)");

  /** A plain number, or null when it does not parse. */
  public static BigDecimal number(String text, boolean decimalComma) {
    String t = text.trim().replace("\u00a0", "").replace("\u202f", "").replace("'", "").replace(" ", "");
    if (t.isEmpty() || !t.matches("[0-9][0-9.,]*")) return null;
    int dot = t.lastIndexOf('.');
    int comma = t.lastIndexOf(',');
    char decimal;
    if (dot >= 0 && comma >= 0) {
      decimal = dot > comma ? '.' : ',';
    } else if (dot < 0 && comma < 0) {
      return new BigDecimal(t);
    } else {
      char sep = dot >= 0 ? '.' : ',';
      boolean grouping = t.matches("[0-9]{1,3}(\\" + sep + "[0-9]{3})+");
      boolean fileDecimal = sep == (decimalComma ? ',' : '.');
      // One kind of separator: the file's decimal, unless only grouping fits (1.024.000, 1,024 twice)
      decimal = fileDecimal && !(grouping && count(t, sep) > 1) ? sep : grouping ? otherThan(sep) : sep;
    }
    char group = decimal == '.' ? ',' : '.';
    String plain = t.replace(String.valueOf(group), "");
    if (count(plain, decimal) > 1) return null;
    try {
      return new BigDecimal(plain.replace(decimal, '.'));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Bytes: a plain count, or a number with B, KB, MB, GB, TB (PowerShell's, binary) or KiB.. TiB. */
  public static Long bytes(String text, boolean decimalComma) {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) return null;
    BigDecimal n = number(m.group(1), decimalComma);
    if (n == null) return null;
    long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b", "bytes", "byte" -> 1L;
      case "kb", "kib" -> 1L << 10;
      case "mb", "mib" -> 1L << 20;
      case "gb", "gib" -> 1L << 30;
      case "tb", "tib" -> 1L << 40;
      default -> -1L;
    };
    if (unit < 0) return null;
    return n.multiply(BigDecimal.valueOf(unit)).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }

  /** Bits per second: {@code 10 Gbps}, {@code 2,5 Gbit/s}, {@code 100 Mb/s} or a plain count (Speed). */
  public static Double bitsPerSecond(String text, boolean decimalComma) {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) return null;
    BigDecimal n = number(m.group(1), decimalComma);
    if (n == null) return null;
    String u = m.group(2).toLowerCase(Locale.ROOT).replace("bit/s", "bps").replace("b/s", "bps");
    double mult = switch (u) {
      case "", "bps" -> 1;
      case "kbps" -> 1e3;
      case "mbps" -> 1e6;
      case "gbps" -> 1e9;
      case "tbps" -> 1e12;
      default -> -1;
    };
    if (mult < 0) return null;
    return n.doubleValue() * mult;
  }

  /** True/False as PowerShell writes a Boolean in every locale (also 1/0, Yes/No); null otherwise. */
  static Boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "wahr", "ja" -> Boolean.TRUE;
      case "false", "0", "no", "falsch", "nein" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
    return n;
  }

  private static char otherThan(char c) {
    return c == '.' ? ',' : '.';
  }
}
