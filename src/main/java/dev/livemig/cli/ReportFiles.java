package dev.livemig.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.report.csv.CsvExport;
import dev.livemig.report.html.HtmlReport;
import dev.livemig.scenario.Runs;

/**
 * The report files a command writes besides its JSON (--html, --csv): their paths checked before
 * anything runs, each written aside and moved into place (whole or not at all).
 */
final class ReportFiles {
  private ReportFiles() {}

  /** Something that writes a file's text. */
  interface Body {
    void write(Writer out) throws IOException;
  }

  /** A file to write: its folder must exist and be writable, and it must not be a folder itself. */
  static void checkFile(String option, Path target) throws ErrorHandler.UserError {
    if (Files.isDirectory(target)) throw new ErrorHandler.UserError(option + " " + target + ": is a folder; give a file name");
    checkFolder(option, target, target.toAbsolutePath().getParent());
  }

  /** A folder to write files into: it, or the folder it will be made in, must exist and be writable. */
  static void checkDir(String option, Path dir) throws ErrorHandler.UserError {
    if (Files.isDirectory(dir)) {
      checkFolder(option, dir, dir.toAbsolutePath());
      return;
    }
    if (Files.exists(dir)) throw new ErrorHandler.UserError(option + " " + dir + ": is a file; give a folder");
    checkFolder(option, dir, dir.toAbsolutePath().getParent());
  }

  private static void checkFolder(String option, Path given, Path folder) throws ErrorHandler.UserError {
    if (folder == null || !Files.isDirectory(folder))
      throw new ErrorHandler.UserError(option + " " + given + ": the folder " + folder + " does not exist");
    if (!Files.isWritable(folder))
      throw new ErrorHandler.UserError(option + " " + given + ": the folder " + folder + " cannot be written");
  }

  /** Writes {@code target} with {@code body}, as {@link Output} writes (aside, then moved into place). */
  static void write(Path target, Body body) throws ErrorHandler.UserError {
    Output.write(target, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      body.write(w);
      w.flush();
    });
  }

  /** The report as CSV files in {@code dir} (made if missing), each whole or not at all. */
  static void csv(Path dir, Report report) throws ErrorHandler.UserError {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ErrorHandler.UserError("cannot write " + dir + ": " + e.getMessage());
    }
    for (String f : CsvExport.FILES) write(dir.resolve(f), w -> CsvExport.write(f, report, w));
  }

  /** What the HTML page says besides the report: the file, the version, each expectation's result. */
  static HtmlReport.Meta meta(File file, List<Runs.Check> checks) {
    List<HtmlReport.Expect> expects = new ArrayList<>();
    for (Runs.Check c : checks)
      expects.add(new HtmlReport.Expect(c.expectation().measure(), c.expectation().metric(), c.describe(),
          c.measured(), "outcome".equals(c.expectation().metric()) ? c.measuredText("%.3f") : null, c.ok()));
    return new HtmlReport.Meta(file.getPath(), Main.VERSION, expects);
  }
}
