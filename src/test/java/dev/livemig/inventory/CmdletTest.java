package dev.livemig.inventory;

import static dev.livemig.inventory.Exports.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Each sample export is recognised as the cmdlet that wrote it (the file is named after it) by its header alone. */
class CmdletTest {
  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> everySampleIsRecognisedByItsHeader() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("samples/inventory"))) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertEquals(Cmdlet.values().length, files.stream().map(p -> p.getFileName().toString()).distinct().count(),
        "the samples hold an export of every cmdlet livemig reads");
    return files.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
      CsvTable t = CsvTable.read(p, p.toString(), new Notes());
      Cmdlet c = Cmdlet.recognise(t);
      assertEquals(p.getFileName().toString().replace(".csv", ""), c == null ? null : c.display);
    }));
  }

  @Test
  void aLookAlikeIsNotTakenForAnother() throws Exception {
    // Get-ClusterGroup has Name, State and OwnerNode: neither a node nor a shared volume.
    CsvTable groups = CsvTable.read(Exports.write(tmp, "g.csv", Exports.Style.EN_US, List.of(
        row("Name", "State", "OwnerNode", "GroupType", "Priority"), row("SQL01", "Online", "HV01", "VirtualMachine", "2000"))),
        "g.csv", new Notes());
    assertEquals(Cmdlet.CLUSTER_GROUP, Cmdlet.recognise(groups));
    CsvTable volumes = CsvTable.read(Exports.write(tmp, "v.csv", Exports.Style.EN_US, List.of(
        row("Name", "State", "OwnerNode", "SharedVolumeInfo"), row("Cluster Disk 1", "Online", "HV01", "x"))), "v.csv", new Notes());
    assertEquals(Cmdlet.CLUSTER_SHARED_VOLUME, Cmdlet.recognise(volumes));
    CsvTable services = CsvTable.read(Exports.write(tmp, "s.csv", Exports.Style.EN_US, List.of(
        row("Status", "Name", "DisplayName"), row("Running", "vmms", "Hyper-V Virtual Machine Management"))), "s.csv", new Notes());
    assertNull(Cmdlet.recognise(services));
  }
}
