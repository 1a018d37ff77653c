package dev.livemig.kernel;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Renders a message for the trace: records as {@code Type[field=value, ...]}, actor references by
 * their path in the run (never the random uid Pekko prints), so a trace is the same on every run.
 */
public final class MessageText {
  private MessageText() {}

  public static String render(Object message, Function<ActorRef<?>, String> names) {
    StringBuilder sb = new StringBuilder();
    append(sb, message, names, 0);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object o, Function<ActorRef<?>, String> names, int depth) {
    if (o == null) {
      sb.append("null");
    } else if (o instanceof ActorRef<?> ref) {
      sb.append('@').append(names.apply(ref));
    } else if (o instanceof Enum<?> e) {
      sb.append(e.getDeclaringClass().getSimpleName()).append('.').append(e.name());
    } else if (o instanceof Record r && depth < 6) {
      sb.append(typeName(r.getClass())).append('[');
      RecordComponent[] cs = r.getClass().getRecordComponents();
      for (int i = 0; i < cs.length; i++) {
        if (i > 0) sb.append(", ");
        sb.append(cs[i].getName()).append('=');
        try {
          var acc = cs[i].getAccessor();
          acc.setAccessible(true);
          append(sb, acc.invoke(r), names, depth + 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
          sb.append('?');
        }
      }
      sb.append(']');
    } else if (o instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object e : c) {
        if (!first) sb.append(", ");
        first = false;
        append(sb, e, names, depth + 1);
      }
      sb.append(']');
    } else if (o instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (var e : m.entrySet()) {
        if (!first) sb.append(", ");
        first = false;
        append(sb, e.getKey(), names, depth + 1);
        sb.append('=');
        append(sb, e.getValue(), names, depth + 1);
      }
      sb.append('}');
    } else {
      sb.append(o);
    }
  }

  private static String typeName(Class<?> c) {
    Class<?> outer = c.getEnclosingClass();
    return outer == null ? c.getSimpleName() : outer.getSimpleName() + "." + c.getSimpleName();
  }
}
