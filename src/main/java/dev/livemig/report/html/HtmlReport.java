package dev.livemig.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livemig.report.Comparison;
import dev.livemig.report.Report;

/**
 * The HTML report ({@code run --html}, {@code compare --html}): one self-contained file that opens
 * offline. The page carries its styles, its script, Apache ECharts (inlined from the npm package at
 * build time) and the run's data as JSON; the script draws the timeline, the utilisation charts, the
 * passes of each migration and the tables from that data. Same report, same bytes: nothing in the
 * page depends on the wall clock.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** What the page says about the run besides the report: the scenario file, livemig's version, the expect results. */
  public record Meta(String file, String version, List<Expect> expects) {}

  /**
   * One expectation of the scenario and what the run measured (null: the measure was not produced);
   * {@code word}: the measured value in words when it is one (an outcome), else null.
   */
  public record Expect(String measure, String metric, String expected, Double measured, String word, boolean ok) {
    public Expect(String measure, String metric, String expected, Double measured, boolean ok) {
      this(measure, metric, expected, measured, null, ok);
    }
  }

  /** The page of one run. */
  public static void writeRun(Report report, Meta meta, Writer out) throws IOException {
    page(out, "livemig · " + report.scenario(), "run", g -> {
      meta(g, meta);
      g.writeFieldName("report");
      PageData.report(g, report, true);
    });
  }

  /**
   * The table of a comparison as the command line shows it (cells as text: labels, changes, ratios,
   * what held each variant, outcomes, note marks), the lines every variant shares and the notes, and
   * the spread of each measure over the seeds per combination of the other keys (empty without seeds).
   */
  public record CompareView(List<String> header, List<Boolean> right, List<List<String>> rows, List<String> lines,
      List<String> notes, List<Spread> spread) {}

  /** One combination's spread of a measure's metric over {@code seeds} seeds (nearest-rank percentiles). */
  public record Spread(String group, String measure, String metric, int seeds, double mean, double p5, double p50, double p95,
      double min, double max) {}

  /** The page of a comparison: its table, a chart per measure and metric, each variant's timeline. */
  public static void writeCompare(Comparison c, Meta meta, Writer out) throws IOException {
    writeCompare(c, null, meta, out);
  }

  /**
   * The page of a comparison with its table as the command line shows it ({@code view}; null: the
   * plain table of values and changes), a bar chart per measure and metric, the spread over seeds
   * where there are several (a bar of the mean with the min–max and p5–p95 span per combination), and
   * each variant's timeline.
   */
  public static void writeCompare(Comparison c, CompareView view, Meta meta, Writer out) throws IOException {
    page(out, "livemig · compare " + c.scenario(), "compare", g -> {
      meta(g, meta);
      if (view != null) {
        g.writeFieldName("view");
        g.writeObject(view);
      }
      g.writeObjectFieldStart("comparison");
      g.writeStringField("scenario", c.scenario());
      g.writeFieldName("keys");
      g.writeObject(c.keys());
      g.writeFieldName("metrics");
      g.writeObject(c.metrics());
      g.writeFieldName("measures");
      g.writeObject(c.measures());
      g.writeArrayFieldStart("variants");
      for (Comparison.Variant v : c.variants()) {
        g.writeStartObject();
        g.writeFieldName("values");
        g.writeObject(v.values());
        g.writeObjectFieldStart("measures");
        for (Map.Entry<String, Comparison.Measure> e : v.measures().entrySet()) {
          g.writeObjectFieldStart(e.getKey());
          for (String metric : c.metrics()) {
            Comparison.Value x = e.getValue().metric(metric);
            if (x == null) continue;
            g.writeObjectFieldStart(metric);
            if (x.value() != null) g.writeNumberField("value", x.value());
            if (x.changePercent() != null) g.writeNumberField("changePercent", x.changePercent());
            g.writeEndObject();
          }
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeFieldName("report");
        PageData.report(g, v.report(), false);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * The page of an advice ({@code advise --html}): the cheapest layout, the Pareto chart (the first
   * cost against the first goal's worst value: every layout run, the front joined, the goal's limit a
   * line), the feasible, dominated and infeasible layouts. {@code advice}: written as its JSON.
   */
  public static void writeAdvise(Object advice, String scenario, Meta meta, Writer out) throws IOException {
    page(out, "livemig · advise " + scenario, "advise", g -> {
      meta(g, meta);
      g.writeFieldName("advice");
      g.writeObject(advice);
    });
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static void meta(JsonGenerator g, Meta meta) throws IOException {
    g.writeStringField("file", meta.file());
    g.writeStringField("version", meta.version());
    g.writeFieldName("expects");
    g.writeObject(meta.expects());
  }

  private static void page(Writer out, String title, String kind, Body body) throws IOException {
    out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"livemig\">\n<title>");
    out.write(escape(title));
    out.write("</title>\n<style>\n");
    out.write(resource("report.css"));
    out.write("</style>\n</head>\n<body data-kind=\"");
    out.write(kind);
    out.write("\">\n<main id=\"app\"><noscript>This report draws its charts with JavaScript.</noscript></main>\n");
    out.write("<script type=\"application/json\" id=\"livemig-data\">");
    ObjectMapper mapper = new ObjectMapper();
    JsonGenerator g = mapper.getFactory().createGenerator(new NonClosing(out));
    g.setCharacterEscapes(new ScriptSafe());
    g.writeStartObject();
    g.writeStringField("kind", kind);
    body.write(g);
    g.writeEndObject();
    g.close();
    out.write("</script>\n<script>\n/* Apache ECharts " + ECHARTS_NOTE + " */\n");
    out.write(resource("echarts.min.js"));
    out.write("\n</script>\n<script>\n");
    out.write(resource("report.js"));
    out.write(resource("pages.js"));
    out.write("</script>\n</body>\n</html>\n");
    out.flush();
  }

  private static final String ECHARTS_NOTE = "(Apache License 2.0, https://echarts.apache.org), inlined from its npm package";

  /** A resource of this package, as text. */
  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name + " (build with mvn package)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** JSON safe inside a script element: '<', '>' and '&' as \\u escapes, so no text can end it. */
  private static final class ScriptSafe extends CharacterEscapes {
    private final int[] escapes = standardAsciiEscapesForJSON();

    ScriptSafe() {
      escapes['<'] = ESCAPE_STANDARD;
      escapes['>'] = ESCAPE_STANDARD;
      escapes['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  /** The page's writer stays open when the JSON generator closes. */
  private static final class NonClosing extends java.io.FilterWriter {
    NonClosing(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
