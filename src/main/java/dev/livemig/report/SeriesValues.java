package dev.livemig.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.livemig.kernel.Buckets;

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

  /**
   * Writes a report's series as {@link #write} writes them through a generator with Jackson's
   * {@code DefaultPrettyPrinter} ({@code [ a, b, c ]} on one line, {@code [ ]} when empty), but as
   * bytes built here and handed to the output in one piece: a run of equal values is its text
   * copied, not a generator call and a pretty-printer call per value (a report of 10,000 migrations
   * has 2.2 million series values in 44,500 runs of 68 distinct values). The text of a value is
   * {@link NumberOutput}'s, made once per distinct value per report. A series with a value that is
   * not a finite number (or null) is written by {@link #write}. {@code SeriesValuesTest} compares the
   * two on random series; {@code ReportWriterTest} on every scenario's report.
   */
  static final class Raw {
    private final JsonGenerator gen;
    private final OutputStream out;
    private final boolean fast;
    private final Map<Long, byte[]> texts = new HashMap<>(); // ", " + a value's text, by its bits
    private byte[] buf = new byte[1 << 14];
    private double[] vals = new double[1 << 10];
    private int len;

    /** For series written by {@code gen} (a DefaultPrettyPrinter's), whose bytes go to {@code out}. */
    Raw(JsonGenerator gen, OutputStream out) {
      this.gen = gen;
      this.out = out;
      this.fast = gen.isEnabled(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);
    }

    /** Writes {@code values} as a value (after a field name, or in an array). */
    void write(List<Double> values) throws IOException {
      int n = values.size();
      if (vals.length < n) vals = new double[Math.max(n, vals.length * 2)];
      Buckets.Means means = values instanceof Buckets.Means m ? m : null;
      for (int i = 0; i < n; i++) {
        double v;
        if (means != null) {
          v = means.at(i);
        } else {
          Double d = values.get(i);
          if (d == null) v = Double.NaN;
          else v = d;
        }
        if (!Double.isFinite(v)) { // null, NaN or an infinity: the generator's own handling
          SeriesValues.write(values, gen);
          return;
        }
        vals[i] = v;
      }
      if (gen.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)) {
        SeriesValues.write(values, gen);
        return;
      }
      len = 0;
      put((byte) '[');
      int i = 0;
      while (i < n) {
        double v = vals[i];
        long bits = Double.doubleToRawLongBits(v);
        int j = i + 1;
        while (j < n && Double.doubleToRawLongBits(vals[j]) == bits) j++;
        byte[] text = texts.get(bits);
        if (text == null) {
          String t = NumberOutput.toString(v, fast); // what writeNumber(double) writes
          text = new byte[t.length() + 2];
          text[0] = ',';
          text[1] = ' ';
          for (int k = 0; k < t.length(); k++) text[k + 2] = (byte) t.charAt(k); // ASCII
          if (texts.size() < 4096) texts.put(bits, text); // a few dozen in a drain's report
        }
        int copies = j - i;
        if (i == 0) { // the first value: after "[ ", not ", "
          put((byte) ' ');
          put(text, 2, text.length - 2);
          copies--;
        }
        repeat(text, copies);
        i = j;
      }
      put((byte) ' ');
      put((byte) ']');
      gen.writeRawValue(""); // the generator's separators before a value, and its context
      boolean passFlush = gen.isEnabled(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      gen.flush(); // its buffered bytes before these
      if (passFlush) gen.enable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
      out.write(buf, 0, len);
    }

    private void put(byte b) {
      room(1);
      buf[len++] = b;
    }

    private void put(byte[] b, int from, int count) {
      room(count);
      System.arraycopy(b, from, buf, len, count);
      len += count;
    }

    /** {@code text} {@code copies} times: once, then the copies made so far doubled. */
    private void repeat(byte[] text, int copies) {
      if (copies <= 0) return;
      int size = text.length * copies;
      room(size);
      int start = len;
      System.arraycopy(text, 0, buf, len, text.length);
      int done = text.length;
      while (done < size) {
        int step = Math.min(done, size - done);
        System.arraycopy(buf, start, buf, start + done, step);
        done += step;
      }
      len += size;
    }

    private void room(int more) {
      if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
