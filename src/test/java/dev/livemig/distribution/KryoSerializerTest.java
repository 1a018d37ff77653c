package dev.livemig.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import com.esotericsoftware.kryo.io.Output;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What crosses nodes round-trips through Kryo: every scenario of scenarios/ (the work a sweep sends)
 * and the report of each (what comes back), and every message of the sweep's protocols, through
 * Pekko's serialization with the bindings of reference.conf, and equal after the trip. What is not
 * registered is refused both ways; a class named on the wire is never loaded.
 */
class KryoSerializerTest {
  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioAndItsReportRoundTrip() {
    return Runs.scenarioFiles(new File("scenarios")).stream()
        .filter(f -> !f.getPath().contains("scale"))
        .map(f -> DynamicTest.dynamicTest(f.getPath(), () -> {
          Specs.Scenario s = Runs.load(f, List.of());
          var back = (Specs.Scenario) kit.serializationTestKit().verifySerialization(s, true);
          assertEquals(s, back);
          var report = Runs.run(s, ScenarioRun.Options.none()).report();
          var reportBack = kit.serializationTestKit().verifySerialization(report, true);
          assertEquals(ReportJson.write(report), ReportJson.write(reportBack), "the report's JSON after the trip");
        }));
  }

  /** One of each message a sweep sends between members. */
  static List<Object> everyMessage() throws Exception {
    ActorRef<Coordinator.Command> coordinator = kit.<Coordinator.Command>createTestProbe().getRef();
    ActorRef<Worker.Command> worker = kit.<Worker.Command>createTestProbe().getRef();
    byte[] scenario = new KryoSerializer().toBinary(Runs.load(new File("scenarios/seed-demo.conf"), List.of()));
    return List.of(
        new Worker.Hello(coordinator, 42L, Registrations.FINGERPRINT, "livemig { run { timeout = 10 minutes } }"),
        new Worker.Work(42L, 7, 0, 2, scenario),
        new Coordinator.Capacity(worker, 42L, 4),
        new Coordinator.Refused(worker, 42L, "another build"),
        new Coordinator.Result(worker, 42L, 7, 1, 3, new byte[] {1, 2, 3}, null),
        new Coordinator.Result(worker, 42L, 8, 0, 1, new byte[0], "the simulation failed: boom"));
  }

  @Test
  void everyMessageTypeRoundTripsThroughPekkoSerialization() throws Exception {
    Set<Class<?>> covered = new HashSet<>();
    for (Object m : everyMessage()) {
      assertEquals(KryoSerializer.class, SerializationExtension.get(Adapter.toClassic(kit.system())).findSerializerFor(m).getClass());
      assertEquals(m, kit.serializationTestKit().verifySerialization(m, true));
      covered.add(m.getClass());
    }
    for (Class<?> protocol : List.of(Worker.class, Coordinator.class))
      for (Class<?> c : protocol.getDeclaredClasses())
        if (CrossNode.class.isAssignableFrom(c)) assertTrue(covered.contains(c), c.getName() + ": no sample in everyMessage()");
  }

  @Test
  void anUnregisteredClassIsRefusedOnTheWayOut() {
    record NotRegistered(int x) implements CrossNode {}
    assertThrows(IllegalArgumentException.class, () -> new KryoSerializer().toBinary(new NotRegistered(1)));
  }

  /** Loaded and made only if a peer could make us: it must never be. */
  static final AtomicInteger canaries = new AtomicInteger();

  static final class Canary implements CrossNode {
    static {
      canaries.incrementAndGet();
    }

    Canary() {
      canaries.incrementAndGet();
    }
  }

  @Test
  void aClassNamedOnTheWireIsRefusedAndNeverLoaded() {
    // what Kryo writes for a class it has no id for: the "by name" tag, a name id, the class name
    Output out = new Output(64);
    out.writeVarInt(1, true); // DefaultClassResolver.NAME + 2
    out.writeVarInt(0, true);
    out.writeString(Canary.class.getName());
    byte[] bytes = out.toBytes();
    var serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    var e = assertThrows(Exception.class, () -> serialization.deserialize(bytes, 7_301, "").get());
    assertTrue(e.getMessage().contains("refused class " + Canary.class.getName()), e.getMessage());
    assertEquals(0, canaries.get(), "the class was neither initialised nor instantiated");
  }

  @Test
  void everyRegisteredClassHasItsOwnFixedId() {
    Set<Integer> ids = new HashSet<>();
    for (var e : Registrations.BY_ID.entrySet()) {
      assertEquals(Registrations.idOf(e.getValue()), e.getKey());
      assertTrue(e.getKey() >= Registrations.FIRST_ID, "above Kryo's own ids");
      assertTrue(ids.add(e.getKey()));
    }
    // the id comes from the name alone: members of one build agree whatever else is registered
    // (943,156 since Specs moved to dev.livemig.spec: a renamed class has a new id; builds before that do not mix)
    assertEquals(943_156, Registrations.idOf(Specs.Scenario.class), "the scheme of ids changed: members of older builds will misread");
    for (Class<?> c : List.of(Worker.Work.class, Coordinator.Result.class, Report.class, Specs.Scenario.class))
      assertTrue(Registrations.BY_ID.containsValue(c), c.getName());
  }
}
