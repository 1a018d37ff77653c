package dev.livemig.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livemig.kernel.TraceSink;

/**
 * The trace of a run as JSON lines: {@code {"t": seconds, "from", "to", "msg"}} for every message
 * the kernel delivered, in delivery order.
 */
public final class JsonLinesTrace implements TraceSink {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private final Writer out;

  public JsonLinesTrace(Writer out) {
    this.out = out;
  }

  @Override
  public void delivered(long time, String from, String to, String message) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("t", BigDecimal.valueOf(time).movePointLeft(9).setScale(9));
    line.put("from", from);
    line.put("to", to);
    line.put("msg", message);
    try {
      out.write(MAPPER.writeValueAsString(line));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
