package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --html (and the other report files): written whole, and a path that cannot be written refused before anything runs. */
class ReportFilesTest {
  @TempDir
  Path tmp;

  @Test
  void runWritesTheHtmlReport() throws Exception {
    Path html = tmp.resolve("r.html");
    CompareCommandTest.Result r = CompareCommandTest.execute("run", CompareCommandTest.REFERENCE, "--html", html.toString());
    assertEquals(0, r.code(), r.err());
    String page = Files.readString(html);
    assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("\"scenario\":\"seed-tcpip-8gb\""));
    assertTrue(page.contains("\"expects\":[{\"measure\":\"tcpip-1gbe\""), "the expect results are on the page");
    assertEquals(List.of(), List.of(tmp.toFile().list()).stream().filter(n -> n.endsWith(".tmp")).toList(), "nothing left aside");
  }

  @Test
  void aMissingFolderIsOneLineBeforeTheRun() {
    for (String[] args : List.of(
        new String[] {"run", CompareCommandTest.REFERENCE, "--html", tmp.resolve("no/such/r.html").toString()},
        new String[] {"compare", CompareCommandTest.REFERENCE, "--vary", "seed=1,2", "--html", tmp.resolve("no/r.html").toString()})) {
      CompareCommandTest.Result r = CompareCommandTest.execute(args);
      assertEquals(2, r.code(), r.err());
      assertEquals("", r.out(), "nothing ran: " + r.out());
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r.err());
      assertTrue(lines.get(0).matches("livemig: --html .*: the folder .* does not exist"), lines.get(0));
    }
    assertFalse(Files.exists(tmp.resolve("no")), "no folder made");
  }

  @Test
  void runWritesTheCsvFilesIntoAFolderItMakes() throws Exception {
    Path dir = tmp.resolve("csv");
    CompareCommandTest.Result r = CompareCommandTest.execute("run", CompareCommandTest.REFERENCE, "--csv", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(dev.livemig.report.csv.CsvExport.FILES.stream().sorted().toList(),
        List.of(dir.toFile().list()).stream().sorted().toList());
    assertTrue(Files.readString(dir.resolve("migrations.csv")).startsWith("id,vm,from,to,"));
    CompareCommandTest.Result bad = CompareCommandTest.execute("run", CompareCommandTest.REFERENCE, "--csv",
        tmp.resolve("no/such/dir").toString());
    assertEquals(2, bad.code());
    assertEquals("", bad.out(), "nothing ran");
    assertTrue(bad.err().matches("livemig: --csv .*: the folder .* does not exist\\R"), bad.err());
  }

  @Test
  void aFolderGivenAsTheFileIsRefused() {
    CompareCommandTest.Result r = CompareCommandTest.execute("run", CompareCommandTest.REFERENCE, "--html", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("is a folder; give a file name"), r.err());
  }
}
