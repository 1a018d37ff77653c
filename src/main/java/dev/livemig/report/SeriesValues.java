package dev.livemig.report;

import java.io.IOException;
import java.util.List;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Writes one series (a value per bucket) as Jackson writes a list of doubles, byte for byte, but
 * turns a value into text only when it differs from the one before: a series holds the same rate or
 * the same cores for long runs of buckets, and the text of a double is most of the report's cost.
 */
final class SeriesValues extends StdSerializer<List<Double>> {
  @SuppressWarnings({"unchecked", "rawtypes"})
  SeriesValues() {
    super((Class<List<Double>>) (Class) List.class);
  }

  @Override
  public void serialize(List<Double> values, JsonGenerator gen, SerializerProvider provider) throws IOException {
    write(values, gen);
  }

  /** Writes {@code values} as an array (also {@link ReportWriter}'s way). */
  static void write(List<Double> values, JsonGenerator gen) throws IOException {
    boolean fast = gen.isEnabled(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);
    gen.writeStartArray(values, values.size());
    long lastBits = 0;
    String lastText = null;
    for (Double d : values) {
      if (d == null) {
        gen.writeNull();
        continue;
      }
      double v = d;
      if (!Double.isFinite(v) || gen.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)) {
        gen.writeNumber(v); // Jackson's own handling of what is not a plain number
        continue;
      }
      long bits = Double.doubleToRawLongBits(v);
      if (lastText == null || bits != lastBits) {
        lastText = NumberOutput.toString(v, fast); // what writeNumber(double) writes
        lastBits = bits;
      }
      gen.writeNumber(lastText);
    }
    gen.writeEndArray();
  }
}
