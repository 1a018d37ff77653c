package dev.livemig.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.livemig.kernel.Buckets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link SeriesValues.Raw} (a series' bytes built by hand, runs of a value copied) writes what
 * {@link SeriesValues#write} writes through Jackson's generator and pretty printer: on random series
 * of report values (rounded to 3 and 6 places, long runs), of any double (tiny, huge, the notation's
 * bounds 10^-3 and 10^7, -0.0), with nulls, NaN and infinities (written by the generator), empty, and
 * on the fabric's own means ({@link Buckets.Means}); several series in an object and in an array, so
 * that the separators and the order of the bytes around them are checked too.
 */
class SeriesValuesTest {
  private static final JsonFactory FACTORY = new JsonFactory();

  private static Arbitrary<Double> value() {
    Arbitrary<Double> rounded3 = Arbitraries.longs().between(-50_000, 5_000_000).map(k -> Math.round(k / 1e3 * 1e3) / 1e3);
    Arbitrary<Double> rounded6 = Arbitraries.longs().between(-10_000_000, 100_000_000_000L).map(k -> k / 1e6);
    Arbitrary<Double> any = Arbitraries.longs().map(Double::longBitsToDouble);
    Arbitrary<Double> edges = Arbitraries.of(0.0, -0.0, 1.0, 0.001, 0.000999, 9.99e-4, 1e-3, 9_999_999.999, 1e7, 10_000_000.0,
        1e23, 2e-3, 1e-7, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1 + 0.2, 4.35, 2.82879384806159E17,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, rounded3), net.jqwik.api.Tuple.of(4, rounded6),
        net.jqwik.api.Tuple.of(3, any), net.jqwik.api.Tuple.of(2, edges), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  /** A series: runs of a value (lengths 1 to 600). */
  @Provide
  Arbitrary<List<Double>> series() {
    Arbitrary<List<Double>> run = value().injectNull(0.0)
        .flatMap(v -> Arbitraries.integers().between(1, 600).map(n -> java.util.Collections.nCopies(n, v)));
    return run.list().ofMaxSize(40).map(runs -> {
      List<Double> out = new ArrayList<>();
      for (List<Double> r : runs) out.addAll(r);
      return out;
    });
  }

  @Property(tries = 3000)
  void sameBytesAsTheGenerator(@ForAll("series") List<Double> a, @ForAll("series") List<Double> b,
      @ForAll("series") List<Double> c) throws IOException {
    assertSame(List.of(a, b, c));
  }

  @Property(tries = 500)
  void sameBytesOnTheFabricsMeans(@ForAll("series") List<Double> values) throws IOException {
    // the values as intervals of one nanosecond each: means of 3 and of 6 places, as Network and ReportAssembly ask
    Buckets buckets = new Buckets(1, values.size());
    for (int i = 0; i < values.size(); i++) {
      Double v = values.get(i);
      if (v != null && Double.isFinite(v) && Math.abs(v) < 1e12) buckets.add(i, i + 1, v);
    }
    assertSame(List.of(buckets.means(1, 3), buckets.means(1e-9, 6), buckets.means(1, 3)));
  }

  @Test
  void edgeCases() throws IOException {
    assertSame(List.of(List.of(), List.of(0.0), List.of(-0.0, 0.0, -0.0), Arrays.asList(1.5, null, null, 1.5),
        List.of(Double.NaN), List.of(1e-3, 9.999e-4, 1e7, 9999999.0, 1.0E-5), List.of(), List.of(20.0, 20.0, 20.018)));
    List<Double> long0 = java.util.Collections.nCopies(100_000, 0.0);
    assertSame(List.of(long0, long0));
  }

  /** Both ways, each series as a field of an object, then all in an array, a field after them. */
  private static void assertSame(List<List<Double>> series) throws IOException {
    String expected = write(series, false);
    String actual = write(series, true);
    assertEquals(expected, actual);
  }

  private static String write(List<List<Double>> series, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      SeriesValues.Raw r = new SeriesValues.Raw(g, out);
      g.writeStartObject();
      g.writeNumberField("resolution", 1.0);
      g.writeFieldName("series");
      g.writeStartObject();
      for (int i = 0; i < series.size(); i++) {
        g.writeFieldName("s" + i);
        if (raw) r.write(series.get(i));
        else SeriesValues.write(series.get(i), g);
      }
      g.writeEndObject();
      g.writeFieldName("all");
      g.writeStartArray();
      for (List<Double> s : series) {
        if (raw) r.write(s);
        else SeriesValues.write(s, g);
      }
      g.writeEndArray();
      g.writeStringField("after", "end");
      g.writeEndObject();
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
