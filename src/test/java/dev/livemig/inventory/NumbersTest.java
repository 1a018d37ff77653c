package dev.livemig.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Numbers, sizes and speeds in the locales PowerShell exports in. */
class NumbersTest {
  static final long GiB = 1L << 30;
  static final long MiB = 1L << 20;

  @Test
  void germanDecimalsAndGrouping() {
    assertEquals(new BigDecimal("7.5"), Numbers.number("7,5", true));
    assertEquals(new BigDecimal("1024"), Numbers.number("1.024", true), "a dot before three digits groups thousands");
    assertEquals(new BigDecimal("1024000"), Numbers.number("1.024.000", true));
    assertEquals(new BigDecimal("1234.5"), Numbers.number("1.234,5", true));
    assertEquals(new BigDecimal("2.5"), Numbers.number("2.5", true), "a dot that cannot group is a decimal");
  }

  @Test
  void englishDecimalsAndGrouping() {
    assertEquals(new BigDecimal("7.5"), Numbers.number("7.5", false));
    assertEquals(new BigDecimal("1024"), Numbers.number("1,024", false));
    assertEquals(new BigDecimal("1234.5"), Numbers.number("1,234.5", false));
    assertEquals(new BigDecimal("8589934592"), Numbers.number("8589934592", false));
  }

  @Test
  void sizesAreBinaryAsInPowerShell() {
    assertEquals(8 * GiB, Numbers.bytes("8589934592", false));
    assertEquals(8 * GiB, Numbers.bytes("8 GB", false), "PowerShell's GB is 2^30");
    assertEquals(7 * GiB + 512 * MiB, Numbers.bytes("7,5 GB", true));
    assertEquals(7 * GiB + 512 * MiB, Numbers.bytes("7.5GB", false));
    assertEquals(512 * MiB, Numbers.bytes("512 MiB", false));
    assertEquals(1024 * MiB, Numbers.bytes("1.024 MB", true));
    assertNull(Numbers.bytes("acht", true));
    assertNull(Numbers.bytes("8 parsecs", false));
    assertNull(Numbers.bytes("-8 GB", false));
  }

  @Test
  void speedsAsLinkSpeedOrSpeedWritesThem() {
    assertEquals(10e9, Numbers.bitsPerSecond("10 Gbps", false));
    assertEquals(2.5e9, Numbers.bitsPerSecond("2,5 Gbps", true));
    assertEquals(2.5e9, Numbers.bitsPerSecond("2.5 Gbit/s", false));
    assertEquals(100e6, Numbers.bitsPerSecond("100 Mbps", false));
    assertEquals(25e9, Numbers.bitsPerSecond("25000000000", true));
    assertEquals(0.0, Numbers.bitsPerSecond("0 bps", false));
    assertNull(Numbers.bitsPerSecond("fast", false));
    assertNull(Numbers.bitsPerSecond("10 furlongs", false));
  }

  @Test
  void booleansInEveryLocale() {
    assertEquals(Boolean.TRUE, Numbers.bool("True"));
    assertEquals(Boolean.FALSE, Numbers.bool("FALSE"));
    assertNull(Numbers.bool("maybe"));
  }
}
