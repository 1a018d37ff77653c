package dev.livemig.inventory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * One Export-Csv file as PowerShell writes it: UTF-8 or UTF-16 (little or big endian) with a
 * byte-order mark, or UTF-8 / Windows-1252 without one; an optional {@code #TYPE} line (written
 * without -NoTypeInformation); a header; fields separated by ',' or by the culture's list separator
 * (';' with -UseCulture in German, French, ...), quoted, quotes doubled. Every row keeps the line it
 * starts on, counted in the file as an editor shows it.
 */
public final class CsvTable {

  /** A row: its first line in the file and its fields, read through the header's column names. */
  public record Row(CsvTable table, int line, List<String> fields) {
    /** The field under {@code column} (any case), trimmed; null when the column is absent or the field empty. */
    public String text(String column) {
      Integer i = table.index.get(column.toLowerCase(Locale.ROOT));
      if (i == null || i >= fields.size()) return null;
      String s = fields.get(i).trim();
      if (s.isEmpty()) return null;
      String unit = table.units.get(i);
      return unit != null && s.matches("[0-9.,\\s]+") ? s + " " + unit : s;
    }

    public boolean has(String column) {
      return table.has(column);
    }

    /** {@code file:line}, as a source named in the generated scenario's comments. */
    public String where() {
      return table.label + ":" + line;
    }
  }

  /** A file that cannot be read as CSV at all: the reason, located at {@code line}. */
  public static final class Unreadable extends Exception {
    public final int line;

    Unreadable(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  public final String label;
  public final String encoding;
  public final char delimiter;
  public final String typeName;
  public final int headerLine;
  public final List<String> header;
  public final List<Row> rows = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<Integer, String> units = new HashMap<>();

  private CsvTable(String label, String encoding, char delimiter, String typeName, int headerLine, List<String> header) {
    this.label = label;
    this.encoding = encoding;
    this.delimiter = delimiter;
    this.typeName = typeName;
    this.headerLine = headerLine;
    this.header = Collections.unmodifiableList(header);
    for (int i = 0; i < header.size(); i++) {
      index.putIfAbsent(header.get(i).toLowerCase(Locale.ROOT), i);
      Matcher m = UNIT_COLUMN.matcher(header.get(i));
      if (m.matches()) {
        index.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), i);
        units.put(i, m.group(2).toUpperCase(Locale.ROOT));
      }
    }
  }

  /** The column a header names: itself, or the size column it gives in a unit ("MemoryAssigned(GB)": MemoryAssigned). */
  static String baseName(String header) {
    Matcher m = UNIT_COLUMN.matcher(header);
    return m.matches() ? m.group(1) : header;
  }

  /**
   * A size column exported in a unit by a calculated property, e.g.
   * {@code @{n='MemoryAssigned(GB)';e={[math]::Round($_.MemoryAssigned/1GB,1)}}}: read as the column
   * it names, its plain numbers in that unit.
   */
  private static final Pattern UNIT_COLUMN = Pattern.compile("(Memory[A-Za-z]+|MemoryCapacity|FileSize|Size)\\s*[(\\[_ ]?\\s*([KMGT]i?B)\\s*[)\\]]?",
      Pattern.CASE_INSENSITIVE);

  public boolean has(String column) {
    return index.containsKey(column.toLowerCase(Locale.ROOT));
  }

  /** The header as written in the file for {@code column} ("MemoryAssigned(GB)" for MemoryAssigned). */
  public String headerOf(String column) {
    Integer i = index.get(column.toLowerCase(Locale.ROOT));
    return i == null ? column : header.get(i);
  }

  /** Numbers in this file use a decimal comma: its fields are separated by ';' (a comma-decimal culture). */
  public boolean decimalComma() {
    return delimiter == ';';
  }

  /** Reads {@code file}; {@code label} names it in notes and comments. Malformed rows are noted, the rest kept. */
  public static CsvTable read(Path file, String label, Notes notes) throws Unreadable {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new Unreadable(0, "cannot read the file: " + e.getMessage());
    }
    String[] encoding = new String[1];
    String text = decode(bytes, encoding);
    if (text.indexOf('\0') >= 0) throw new Unreadable(0, "not a text file (binary content); expected a CSV written by Export-Csv");
    int lineOffset = 0;
    String typeName = null;
    if (text.startsWith("#TYPE")) {
      int nl = text.indexOf('\n');
      typeName = (nl < 0 ? text : text.substring(0, nl)).substring(5).trim();
      text = nl < 0 ? "" : text.substring(nl + 1);
      lineOffset = 1;
    }
    if (text.isBlank()) throw new Unreadable(lineOffset + 1, "no header; expected the columns of an Export-Csv, e.g. \"Name\",\"State\"");
    char delimiter = delimiterOf(firstLine(text));
    CsvFactory factory = CsvFactory.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
        .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter).withQuoteChar('"').withoutEscapeChar();
    CsvTable table = null;
    try (CsvParser p = (CsvParser) factory.createParser(text)) {
      p.setSchema(schema);
      p.nextToken(); // the array of all rows
      while (p.nextToken() == JsonToken.START_ARRAY) {
        List<String> fields = new ArrayList<>();
        int line = -1;
        for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
          // The first field's location is the line the row starts on (a quoted field may span lines).
          if (line < 0) line = p.currentTokenLocation().getLineNr() + lineOffset;
          fields.add(p.getText() == null ? "" : p.getText());
        }
        if (table == null) {
          table = new CsvTable(label, encoding[0], delimiter, typeName, line, trimmed(fields));
          continue;
        }
        if (fields.stream().allMatch(String::isBlank)) continue;
        if (fields.size() > table.header.size())
          notes.add(label, line, null, "the row has " + fields.size() + " fields, the header " + table.header.size()
              + "; the fields after the last column are not read");
        table.rows.add(new Row(table, line, List.copyOf(fields)));
      }
    } catch (JacksonException e) {
      int line = e.getLocation() != null ? e.getLocation().getLineNr() + lineOffset : 0;
      if (table == null) throw new Unreadable(line, "not a CSV file: " + firstSentence(e.getOriginalMessage()));
      notes.add(label, line, null, "malformed CSV from here on (" + firstSentence(e.getOriginalMessage())
          + "); the rows before it are read");
    } catch (IOException e) {
      throw new Unreadable(0, "cannot read the file: " + e.getMessage());
    }
    if (table == null) throw new Unreadable(lineOffset + 1, "no header; expected the columns of an Export-Csv");
    return table;
  }

  /** The text, decoded by its byte-order mark; without one, UTF-8 if it is valid UTF-8, else Windows-1252. */
  private static String decode(byte[] b, String[] encoding) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
      encoding[0] = "UTF-8 (BOM)";
      return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
      encoding[0] = "UTF-16LE (BOM)";
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
      encoding[0] = "UTF-16BE (BOM)";
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
      encoding[0] = "UTF-8";
      return s;
    } catch (CharacterCodingException e) {
      encoding[0] = "Windows-1252";
      return new String(b, Charset.forName("windows-1252"));
    }
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /** The separator the header uses most outside quotes: ',', ';' or a tab. */
  private static char delimiterOf(String header) {
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') quoted = !quoted;
      else if (!quoted && c == ',') comma++;
      else if (!quoted && c == ';') semicolon++;
      else if (!quoted && c == '\t') tab++;
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
  }

  private static List<String> trimmed(List<String> fields) {
    List<String> out = new ArrayList<>();
    for (String f : fields) out.add(f.trim());
    return out;
  }

  private static String firstSentence(String message) {
    if (message == null) return "unreadable";
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
