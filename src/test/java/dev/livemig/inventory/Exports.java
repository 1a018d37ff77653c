package dev.livemig.inventory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Export-Csv files written by tests the way PowerShell writes them: quoted, CRLF, a chosen encoding and delimiter. */
final class Exports {
  private Exports() {}

  /** How a PowerShell session wrote a file: its delimiter, encoding, byte-order mark, and #TYPE line. */
  record Style(char delimiter, Charset charset, byte[] bom, String typeLine) {
    static final Style EN_US = new Style(',', StandardCharsets.UTF_8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, null);
    static final Style DE_DE_UTF16 = new Style(';', StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}, null);
    static final Style DE_DE_UTF16BE = new Style(';', StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF}, null);
    static final Style PS7 = new Style(',', StandardCharsets.UTF_8, new byte[0], null);
    static final Style PS5_TYPE = new Style(',', Charset.forName("windows-1252"), new byte[0],
        "#TYPE Microsoft.HyperV.PowerShell.VirtualMachine");
  }

  /** Writes {@code rows} (the first is the header) to {@code dir/name} in {@code style}; returns the path. */
  static Path write(Path dir, String name, Style style, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    if (style.typeLine() != null) sb.append(style.typeLine()).append("\r\n");
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) sb.append(style.delimiter());
        sb.append('"').append(row.get(i).replace("\"", "\"\"")).append('"');
      }
      sb.append("\r\n");
    }
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(style.bom());
      b.write(sb.toString().getBytes(style.charset()));
      Files.createDirectories(dir);
      Path p = dir.resolve(name);
      Files.write(p, b.toByteArray());
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> row(String... fields) {
    return List.of(fields);
  }
}
