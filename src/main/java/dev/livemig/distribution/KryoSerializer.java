package dev.livemig.distribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * Kryo 5 on the wire for {@link CrossNode} messages: a pool of Kryo instances (Kryo is not
 * thread-safe), registration required with the fixed ids of {@link Registrations} (an unregistered
 * class is an error when written; a class named on the wire is refused when read, before any class
 * is looked up by that name, so nothing unregistered is ever loaded or instantiated), records
 * through Kryo's record serializer, typed ActorRefs as their serialized path, and the JDK's
 * immutable lists and maps written as plain sequences and read back immutable, in the same order.
 */
public final class KryoSerializer extends JSerializer {

  private static final int ID = 7_301;

  private final Pool<Kryo> pool = new Pool<>(true, false, 16) {
    @Override
    protected Kryo create() {
      return newKryo();
    }
  };

  /** The actor system whose ActorRefs the messages carry (null: messages with ActorRefs are refused). */
  private final ExtendedActorSystem system;

  public KryoSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  /** Without an actor system: for what carries no ActorRef (scenarios, reports), tests and tools. */
  public KryoSerializer() {
    this(null);
  }

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

  Kryo newKryo() {
    Kryo kryo = new Kryo(new RefusingClassResolver(), new MapReferenceResolver());
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false); // messages are trees of immutable records
    ListSerializer lists = new ListSerializer();
    MapSerializer maps = new MapSerializer();
    for (var e : Registrations.BY_ID.entrySet()) {
      Class<?> c = e.getValue();
      if (Registrations.LISTS.contains(c)) kryo.register(c, lists, e.getKey());
      else if (Registrations.MAPS.contains(c)) kryo.register(c, maps, e.getKey());
      else if (c == Registrations.ACTOR_REF) kryo.register(c, new ActorRefSerializer(), e.getKey());
      else kryo.register(c, e.getKey());
    }
    return kryo;
  }

  /**
   * Refuses a class named on the wire (what Kryo writes for a class it has no id for) before it
   * looks the name up: no class is loaded, let alone instantiated, because a peer named it.
   */
  private static final class RefusingClassResolver extends DefaultClassResolver {
    @Override
    protected Registration readName(Input input) {
      input.readVarInt(true);
      String name = input.readString();
      throw new KryoException("refused class " + name + ": not registered (classes travel by fixed id only)");
    }
  }

  /** A typed ActorRef as its serialized path, resolved against this serializer's actor system. */
  private final class ActorRefSerializer extends Serializer<ActorRef<?>> {
    private ActorRefResolver resolver() {
      if (system == null) throw new KryoException("an ActorRef needs the serializer of an actor system");
      return ActorRefResolver.get(Adapter.toTyped(system));
    }

    @Override
    public void write(Kryo kryo, Output out, ActorRef<?> ref) {
      out.writeString(resolver().toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input in, Class<? extends ActorRef<?>> type) {
      return resolver().resolveActorRef(in.readString());
    }
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
