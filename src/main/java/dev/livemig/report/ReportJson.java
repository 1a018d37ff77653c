package dev.livemig.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes reports as JSON: one configured mapper, stable key order, a trailing newline. A run's
 * {@link Report} streamed to a file is written by {@link ReportWriter} (the same bytes, without the
 * mapper's start-up); the mapper is made on first use.
 */
public final class ReportJson {
  private ReportJson() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  public static String write(Object report) {
    try {
      return Holder.MAPPER.writeValueAsString(report) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Streams the same bytes as {@link #write(Object)} (UTF-8) to {@code out}, which stays open. */
  public static void write(Object report, java.io.OutputStream out) throws IOException {
    if (report instanceof Report r) {
      ReportWriter.write(r, out);
      out.write('\n');
      out.flush();
      return;
    }
    var gen = Holder.MAPPER.getFactory().createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8);
    gen.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    Holder.MAPPER.writeValue(gen, report);
    out.write('\n');
    out.flush();
  }

  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }
}
