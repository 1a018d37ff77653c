package dev.livemig.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's rules, with test probes as workers (one actor system, its receptionist): a
 * failed variant recorded with its error and not handed out again, a duplicate result dropped, the
 * variants of a worker that stops handed to another, a variant lost with too many workers recorded
 * as failed, a resumed sweep that hands out only what is not done.
 */
class CoordinatorTest {
  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** What the coordinator told its listener, as lines: {@code result V ERROR}, {@code finished F}. */
  final LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();

  final Coordinator.Listener listener = new Coordinator.Listener() {
    @Override
    public void result(int variant, byte[] report, String error) {
      told.add("result " + variant + " " + (report == null ? error : report.length + " bytes"));
    }

    @Override
    public void workers(int n) {}

    @Override
    public void notice(String line) {}

    @Override
    public void finished(String failure) {
      told.add("finished " + failure);
    }
  };

  static long sweeps = 100;

  ActorRef<Coordinator.Command> start(int n, BitSet skip, int maxAttempts) throws Exception {
    Specs.Scenario s = Runs.load(new File("scenarios/seed-tcpip-8gb.conf"), List.of());
    var plan = new Coordinator.Plan(sweeps++, Collections.nCopies(n, s), skip, "livemig {}", 64 * 1024, maxAttempts,
        Duration.ofMinutes(1));
    return kit.spawn(Coordinator.create(plan, listener));
  }

  /** A probe registered as a worker; answers the coordinator's hello with {@code slots}. */
  static TestProbe<Worker.Command> worker(int slots) {
    TestProbe<Worker.Command> w = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.register(Worker.KEY, w.getRef()));
    Worker.Hello h = w.expectMessageClass(Worker.Hello.class, Duration.ofSeconds(10));
    assertEquals(Registrations.FINGERPRINT, h.fingerprint());
    h.coordinator().tell(new Coordinator.Capacity(w.getRef(), h.sweep(), slots));
    return w;
  }

  static Worker.Work work(TestProbe<Worker.Command> w) {
    Worker.Work work = w.expectMessageClass(Worker.Work.class);
    assertEquals(1, work.parts(), "a small scenario is one part");
    return work;
  }

  static void answer(ActorRef<Coordinator.Command> c, TestProbe<Worker.Command> w, Worker.Work work, String error) {
    c.tell(new Coordinator.Result(w.getRef(), work.sweep(), work.variant(), 0, 1, error == null ? new byte[] {1, 2} : new byte[0], error));
  }

  String next() throws InterruptedException {
    String s = told.poll(10, TimeUnit.SECONDS);
    assertTrue(s != null, "the coordinator said nothing");
    return s;
  }

  @Test
  void aFailureIsRecordedOnceAndADuplicateDropped() throws Exception {
    ActorRef<Coordinator.Command> c = start(3, new BitSet(), 3);
    TestProbe<Worker.Command> w = worker(2);
    Worker.Work a = work(w);
    Worker.Work b = work(w);
    w.expectNoMessage(Duration.ofMillis(100)); // two at a time
    answer(c, w, a, "the simulation failed: boom");
    assertEquals("result " + a.variant() + " the simulation failed: boom", next());
    Worker.Work third = work(w);
    answer(c, w, a, null); // a late duplicate: dropped
    answer(c, w, b, null);
    assertEquals("result " + b.variant() + " 2 bytes", next());
    answer(c, w, third, null);
    assertEquals("result " + third.variant() + " 2 bytes", next());
    assertEquals("finished null", next());
    w.expectNoMessage(Duration.ofMillis(100)); // the failed variant is not handed out again
    assertNull(told.poll());
  }

  @Test
  void theVariantsOfAWorkerThatStopsGoToAnotherAndOneLostTooOftenIsRecordedAsFailed() throws Exception {
    ActorRef<Coordinator.Command> c = start(3, new BitSet(), 2);
    TestProbe<Worker.Command> first = worker(3);
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) held.add(work(first).variant());
    first.stop();
    TestProbe<Worker.Command> second = worker(1);
    Worker.Work x = work(second);
    assertEquals(held.get(0), x.variant(), "handed out again from the head, in order");
    second.stop(); // lost a second time: recorded as failed
    assertTrue(next().startsWith("result " + x.variant() + " lost with 2 workers"));
    TestProbe<Worker.Command> third = worker(2);
    for (int i = 0; i < 2; i++) {
      Worker.Work y = work(third);
      assertNotEquals(x.variant(), y.variant());
      answer(c, third, y, null);
      assertEquals("result " + y.variant() + " 2 bytes", next());
    }
    assertEquals("finished null", next());
  }

  @Test
  void aResumedSweepHandsOutOnlyWhatIsNotDone() throws Exception {
    BitSet done = new BitSet();
    done.set(0);
    done.set(2);
    ActorRef<Coordinator.Command> c = start(4, done, 3);
    TestProbe<Worker.Command> w = worker(4);
    Worker.Work a = work(w);
    Worker.Work b = work(w);
    assertEquals(List.of(1, 3), List.of(a.variant(), b.variant()));
    w.expectNoMessage(Duration.ofMillis(100));
    answer(c, w, a, null);
    answer(c, w, b, null);
    next();
    next();
    assertEquals("finished null", next());
  }
}
