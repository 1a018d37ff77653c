package dev.livemig.inventory;

import java.util.Locale;

/**
 * The RDMA kind of an adapter, from its InterfaceDescription: Get-NetAdapterRdma says whether RDMA
 * is on, not which kind. Chelsio and Intel (X722, E810: iWARP by default under Windows) are
 * iWARP; Mellanox/NVIDIA ConnectX and Broadcom NetXtreme-E are RoCE. Any other vendor is mapped as
 * iWARP and noted. In the model the kind matters only in that both ends must be of one kind.
 */
final class Rdma {
  private Rdma() {}

  static boolean known(String description) {
    return !kindOf(description).isEmpty();
  }

  static String kind(String description) {
    String k = kindOf(description);
    return k.isEmpty() ? "iwarp" : k;
  }

  private static String kindOf(String description) {
    String d = description == null ? "" : description.toLowerCase(Locale.ROOT);
    if (d.contains("chelsio") || d.contains("intel")) return "iwarp";
    if (d.contains("mellanox") || d.contains("connectx") || d.contains("nvidia") || d.contains("broadcom")
        || d.contains("netxtreme-e")) return "roce";
    return "";
  }
}
