package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code livemig import}: what it writes and prints, and its exit codes. */
class ImportCommandTest {
  @TempDir
  Path tmp;

  @Test
  void importsTheSampleAndSaysWhatItCouldNotMap() throws Exception {
    Path out = tmp.resolve("c3.conf");
    CompareCommandTest.Result r = CompareCommandTest.execute("import", "samples/inventory/cluster3", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readString(Path.of("scenarios/imported/cluster3.conf")), Files.readString(out));
    assertTrue(r.out().contains("wrote " + out + ": 3 hosts, 14 VMs, 228.8 GiB of VM memory; busiest host HV03 (4 VMs, 103.0 GiB)"),
        r.out());
    assertTrue(r.out().contains("cluster3/Get-VM.csv                       Get-VM                         15  UTF-8 (BOM)  ','"), r.out());
    assertTrue(r.err().lines().anyMatch(l -> l.equals("cluster3/Get-VM.csv:16: ComputerName: VM LAB-OLD01 is on host 'HV04', "
        + "which is not mapped [HV01, HV02, HV03]; row not mapped")), r.err());
    CompareCommandTest.Result check = CompareCommandTest.execute("run", out.toString(), "--set",
        "steps=[{drain{host=HV01,measure=d}}]");
    assertEquals(0, check.code(), check.err());
  }

  @Test
  void nothingUsableExits2AndWritesNothing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(dir.resolve("services.csv"), "\"Status\",\"Name\"\n\"Running\",\"vmms\"\n");
    Path out = tmp.resolve("x.conf");
    CompareCommandTest.Result r = CompareCommandTest.execute("import", dir.toString(), tmp.resolve("gone").toString(),
        "--out", out.toString());
    assertEquals(2, r.code());
    assertFalse(Files.exists(out));
    assertTrue(r.err().contains("in/services.csv:1: not an export livemig reads (columns Status, Name); allowed: "), r.err());
    assertTrue(r.err().contains(tmp.resolve("gone") + ":0: no such file or directory"), r.err());
    assertTrue(r.err().contains("livemig: nothing usable in the exports: no host could be mapped"), r.err());
  }

  @Test
  void badOptionsExit2() {
    CompareCommandTest.Result r = CompareCommandTest.execute("import", "samples/inventory/cluster3", "--out",
        tmp.resolve("x.conf").toString(), "--group", "SQL*");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--group SQL*: expected NAME=PATTERN"), r.err());
    r = CompareCommandTest.execute("import", "samples/inventory/cluster3", "--out", tmp.resolve("x.conf").toString(),
        "--workload", "busy");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--workload busy: no such preset; allowed: ["), r.err());
  }
}
