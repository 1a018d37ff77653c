package dev.livemig.distribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import dev.livemig.memory.Workload;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Specs;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.JSerializer;

/**
 * Kryo 5 on the wire for {@link CrossNode} messages: a pool of Kryo instances (Kryo is not
 * thread-safe), registration required (an unregistered class is an error, not a class name on the
 * wire), records through Kryo's record serializer, and the JDK's immutable lists and maps written
 * as plain sequences and read back immutable, in the same order.
 */
public final class KryoSerializer extends JSerializer {

  /**
   * Every class that may travel: the records and enums of the scenario's specs, the workload models,
   * the report and what it holds, found from these roots and sorted by name (the ids on the wire
   * depend on the order, so it must not depend on reflection's).
   */
  static final List<Class<?>> REGISTERED = registered(Specs.class, Workload.class, Report.class, MigrationRecord.class,
      PassRecord.class, GuestImpact.class);

  private static List<Class<?>> registered(Class<?>... roots) {
    java.util.TreeMap<String, Class<?>> found = new java.util.TreeMap<>();
    java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(roots));
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (c.isRecord() || c.isEnum()) found.put(c.getName(), c);
      todo.addAll(List.of(c.getDeclaredClasses()));
    }
    return List.copyOf(found.values());
  }

  private static final int ID = 7_301;

  private final Pool<Kryo> pool = new Pool<>(true, false, 16) {
    @Override
    protected Kryo create() {
      return newKryo();
    }
  };

  public KryoSerializer(ExtendedActorSystem system) {}

  /** Without an actor system, for tests and tools. */
  public KryoSerializer() {}

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object o) {
    Kryo kryo = pool.obtain();
    try (Output out = new Output(4096, -1)) {
      kryo.writeClassAndObject(out, o);
      return out.toBytes();
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    Kryo kryo = pool.obtain();
    try (Input in = new Input(bytes)) {
      return kryo.readClassAndObject(in);
    } finally {
      pool.free(kryo);
    }
  }

  static Kryo newKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false); // messages are trees of immutable records
    kryo.register(ArrayList.class);
    for (Class<?> arrays : List.of(double[].class, long[].class, int[].class, String[].class)) kryo.register(arrays);
    kryo.register(LinkedHashMap.class);
    ListSerializer lists = new ListSerializer();
    for (Object l : List.of(List.of(), List.of(1), List.of(1, 2, 3), Collections.unmodifiableList(new ArrayList<>())))
      kryo.register(l.getClass(), lists);
    MapSerializer maps = new MapSerializer();
    for (Object m : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2), Collections.unmodifiableMap(new LinkedHashMap<>()),
        Collections.unmodifiableMap(new java.util.TreeMap<>())))
      kryo.register(m.getClass(), maps);
    for (Class<?> c : REGISTERED) kryo.register(c);
    return kryo;
  }

  /** Any list: its size and elements; read back as an immutable list (nulls kept). */
  private static final class ListSerializer extends Serializer<List<?>> {
    @Override
    public void write(Kryo kryo, Output out, List<?> list) {
      out.writeVarInt(list.size(), true);
      for (Object e : list) kryo.writeClassAndObject(out, e);
    }

    @Override
    public List<?> read(Kryo kryo, Input in, Class<? extends List<?>> type) {
      int n = in.readVarInt(true);
      List<Object> l = new ArrayList<>(n);
      for (int i = 0; i < n; i++) l.add(kryo.readClassAndObject(in));
      return l.contains(null) ? Collections.unmodifiableList(l) : List.copyOf(l);
    }
  }

  /** Any map: its entries in iteration order; read back as an immutable map of the same order. */
  private static final class MapSerializer extends Serializer<Map<?, ?>> {
    @Override
    public void write(Kryo kryo, Output out, Map<?, ?> map) {
      out.writeVarInt(map.size(), true);
      for (var e : map.entrySet()) {
        kryo.writeClassAndObject(out, e.getKey());
        kryo.writeClassAndObject(out, e.getValue());
      }
    }

    @Override
    public Map<?, ?> read(Kryo kryo, Input in, Class<? extends Map<?, ?>> type) {
      int n = in.readVarInt(true);
      Map<Object, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) m.put(kryo.readClassAndObject(in), kryo.readClassAndObject(in));
      return Collections.unmodifiableMap(m);
    }
  }
}
