package dev.livemig.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Loads livemig's configuration: {@code reference.conf} (from {@code conf/}) and any overrides. */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Config defaults() {
    ConfigFactory.invalidateCaches();
    Config c = ConfigFactory.load();
    c.checkValid(ConfigFactory.defaultReference(), "livemig");
    return c;
  }
}
