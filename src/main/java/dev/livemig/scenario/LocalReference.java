package dev.livemig.scenario;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of a run on this machine: livemig's, but {@code reference.conf} is
 * {@link #RESOURCE} (when the build wrote it): the settings of Pekko's actors, without its cluster,
 * remote, streams, cluster tools and distributed data (more than half of the jar's reference.conf:
 * ~50 ms of cpu at each start, issue 30). {@link Simulator}'s actor system is made with it, so Pekko
 * parses no other; a sweep member ({@link ConfigLoader#full()}) uses livemig's loader.
 */
final class LocalReference extends ClassLoader {
  /** livemig's, Pekko Actor Typed's and Pekko Actor's reference.conf in one file (written by the build). */
  static final String RESOURCE = "dev/livemig/local-reference.conf";
  static final ClassLoader LOADER = make();

  private static ClassLoader make() {
    ClassLoader app = LocalReference.class.getClassLoader();
    URL local = app.getResource(RESOURCE);
    return local == null ? app : new LocalReference(app, local);
  }

  private final URL reference;

  private LocalReference(ClassLoader parent, URL reference) {
    super("livemig-local", parent);
    this.reference = reference;
  }

  @Override
  public URL getResource(String name) {
    return "reference.conf".equals(name) ? reference : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return "reference.conf".equals(name) ? Collections.enumeration(List.of(reference)) : super.getResources(name);
  }
}
