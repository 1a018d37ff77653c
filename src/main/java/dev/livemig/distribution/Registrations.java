package dev.livemig.distribution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import dev.livemig.memory.Workload;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;

/**
 * The classes Kryo may write and read, each with a fixed id. An id is derived from the class's name
 * (CRC-32 into {@code [FIRST_ID, FIRST_ID + 2^20)}), not from the order of registration, so adding a
 * class moves no other class's id; two names that meet on one id fail at start-up (and in a test).
 * The set: the records and enums of the scenario's specs, the workload models, the report and what
 * it holds, the sweep's messages (all found from their roots), and the JDK collections and arrays
 * they use. {@link #FINGERPRINT} digests every name, id and record shape: members of a sweep compare
 * it before any work crosses, so members of different builds refuse each other rather than misread.
 */
public final class Registrations {
  private Registrations() {}

  /** Ids below this are Kryo's own (primitives, wrappers, String). */
  static final int FIRST_ID = 1_000;

  private static final int ID_BITS = 20;

  /** Where the records and enums of the model that travel are found (with their nested classes). */
  private static final List<Class<?>> MODEL = List.of(Specs.class, Workload.class, Report.class, MigrationRecord.class,
      PassRecord.class, GuestImpact.class, dev.livemig.spec.NodeModel.class, dev.livemig.spec.Storage.class,
      dev.livemig.report.NodeAddReport.class, dev.livemig.spec.TopologySpec.class);

  /** The actors whose protocols cross members: their {@link CrossNode} messages travel. */
  private static final List<Class<?>> PROTOCOLS = List.of(Worker.class, Coordinator.class);

  /**
   * The JDK's immutable lists and maps (their classes are private: taken from instances); and the
   * fabric's series of means (a report's series, unboxed), which arrives as a JDK list.
   */
  static final List<Class<?>> LISTS = classes(List.of(), List.of(1), List.of(1, 2, 3),
      Collections.unmodifiableList(new ArrayList<>()), new ArrayList<>(), new dev.livemig.kernel.Buckets(1, 1).means(1, 0));

  static final List<Class<?>> MAPS = classes(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2),
      Collections.unmodifiableMap(new LinkedHashMap<>()), Collections.unmodifiableMap(new TreeMap<>()),
      new LinkedHashMap<>());

  static final List<Class<?>> ARRAYS = List.of(byte[].class, double[].class, long[].class, int[].class, String[].class);

  /** The typed ActorRef that replies travel to (written as its path, resolved on arrival). */
  static final Class<?> ACTOR_REF = actorRefClass();

  /** Every registered class by id, in id order. */
  static final Map<Integer, Class<?>> BY_ID = byId();

  /** A digest of the registrations (names, ids, record components): equal on members of one build. */
  public static final String FINGERPRINT = fingerprint();

  /** The fixed id of a class: from its name only. */
  static int idOf(Class<?> c) {
    CRC32 crc = new CRC32();
    crc.update(c.getName().getBytes(StandardCharsets.UTF_8));
    return FIRST_ID + (int) (crc.getValue() & ((1 << ID_BITS) - 1));
  }

  private static Map<Integer, Class<?>> byId() {
    List<Class<?>> all = new ArrayList<>(found());
    all.addAll(LISTS);
    all.addAll(MAPS);
    all.addAll(ARRAYS);
    all.add(ACTOR_REF);
    TreeMap<Integer, Class<?>> out = new TreeMap<>();
    for (Class<?> c : all) {
      Class<?> before = out.put(idOf(c), c);
      if (before != null && before != c)
        throw new IllegalStateException("Kryo ids: " + before.getName() + " and " + c.getName() + " share id " + idOf(c)
            + "; rename one");
    }
    return Collections.unmodifiableMap(out);
  }

  /** The model's records and enums (nested in its roots) and the protocols' CrossNode messages, by name. */
  static List<Class<?>> found() {
    TreeMap<String, Class<?>> found = new TreeMap<>();
    ArrayDeque<Class<?>> todo = new ArrayDeque<>(MODEL);
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (c.isRecord() || c.isEnum()) found.put(c.getName(), c);
      todo.addAll(List.of(c.getDeclaredClasses()));
    }
    for (Class<?> p : PROTOCOLS)
      for (Class<?> c : p.getDeclaredClasses()) if (CrossNode.class.isAssignableFrom(c) && !c.isInterface()) found.put(c.getName(), c);
    return List.copyOf(found.values());
  }

  private static List<Class<?>> classes(Object... instances) {
    List<Class<?>> out = new ArrayList<>();
    for (Object o : instances) if (!out.contains(o.getClass())) out.add(o.getClass());
    return List.copyOf(out);
  }

  private static Class<?> actorRefClass() {
    try {
      return Class.forName("org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Pekko's typed ActorRef class moved: " + e.getMessage());
    }
  }

  private static String fingerprint() {
    StringBuilder sb = new StringBuilder();
    for (var e : BY_ID.entrySet()) {
      Class<?> c = e.getValue();
      sb.append(e.getKey()).append(' ').append(c.getName());
      if (c.isRecord()) {
        for (var rc : c.getRecordComponents()) sb.append(' ').append(rc.getGenericType().getTypeName()).append(' ').append(rc.getName());
      } else if (c.isEnum()) {
        for (Object k : c.getEnumConstants()) sb.append(' ').append(k);
      }
      sb.append('\n');
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
