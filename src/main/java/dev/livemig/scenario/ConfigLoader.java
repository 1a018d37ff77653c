package dev.livemig.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads livemig's configuration once per JVM: {@code reference.conf} (from {@code conf/}), with
 * Pekko's, under any {@code application.conf} or system properties. Parsing it costs a tenth of a
 * second, so every run of a comparison or a test suite shares the one instance.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  private static volatile Config loaded;

  public static Config defaults() {
    Config c = loaded;
    if (c == null) {
      synchronized (ConfigLoader.class) {
        if (loaded == null) {
          Config fresh = ConfigFactory.load();
          fresh.checkValid(ConfigFactory.defaultReference(), "livemig");
          loaded = fresh;
        }
        c = loaded;
      }
    }
    return c;
  }
}
