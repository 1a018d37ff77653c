package dev.livemig.migration;

import java.util.List;
import com.typesafe.config.Config;
import dev.livemig.spec.Storage;

/**
 * What a move other than a plain live migration needs (issue 13), decided by the cluster manager
 * when it starts it: the kind, the virtual disks the destination cannot reach (their bytes are
 * copied over the live-migration route), and the flags the rules left on it: the guest will be
 * unreachable after (a dynamic MAC on a guest that binds its IP to it), it already was (an earlier
 * move changed its MAC), or it moves unsupported (forced).
 */
public record MovePlan(Storage.Kind kind, Storage.VmProfile profile, List<Storage.Disk> toCopy, boolean unreachableAfter,
    boolean alreadyUnreachable, boolean unsupported) {

  /** A host's disk, read side: a link of the fabric every copy from the host's storage crosses. */
  public static String diskReadLink(String host) {
    return host + ":disk-read";
  }

  /** A host's disk, write side. */
  public static String diskWriteLink(String host) {
    return host + ":disk-write";
  }

  /**
   * The kinds' constants ({@code livemig.kinds}, {@code livemig.storage}; sources in reference.conf):
   * the disk-failover time of a passthrough disk in a quick migration, a virtual Fibre Channel
   * adapter's fabric login during the build, and the chunk in which shared-nothing mirrors a disk.
   */
  public record Settings(long diskFailoverNanos, long fibreChannelLoginNanos, long copyChunkBytes) {
    public static Settings from(Config root) {
      return new Settings(root.getDuration("livemig.kinds.quick.disk-failover").toNanos(),
          root.getDuration("livemig.kinds.fibre-channel-login").toNanos(),
          root.getBytes("livemig.storage.copy-chunk"));
    }
  }
}
