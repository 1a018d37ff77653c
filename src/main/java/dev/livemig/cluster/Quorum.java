package dev.livemig.cluster;

import dev.livemig.spec.NodeModel;

/**
 * The recommended quorum configuration for a node count, cluster version and witness (what the
 * Failover Clustering wizard's "recommended" setting chooses):
 * <ul>
 *   <li>2008 R2: node majority for an odd count; node and disk (or file share) majority for an even
 *       one, when a witness is there to take the extra vote;</li>
 *   <li>2012: the same by count, with dynamic quorum (votes adjusted as nodes leave);</li>
 *   <li>2012 R2: dynamic quorum with the witness always configured (its vote made dynamic too).</li>
 * </ul>
 */
public final class Quorum {
  private Quorum() {}

  /** The configuration as the report says it, e.g. "node and disk majority (4 nodes + witness LUN0: 5 votes)". */
  public static String recommended(NodeModel.Version version, int nodes, NodeModel.Witness witness) {
    boolean hasWitness = !"none".equals(witness.kind());
    boolean useWitness = hasWitness && (version == NodeModel.Version.W2012R2 || nodes % 2 == 0);
    String mode = !useWitness ? "node majority"
        : "disk".equals(witness.kind()) ? "node and disk majority" : "node and file share majority";
    String votes = nodes + (nodes == 1 ? " node" : " nodes")
        + (useWitness ? " + " + ("disk".equals(witness.kind()) ? "witness disk " + witness.disk() : "file share witness") : "")
        + ": " + (nodes + (useWitness ? 1 : 0)) + " votes";
    String dynamic = version == NodeModel.Version.W2008R2 ? "" : "dynamic quorum, ";
    return dynamic + mode + " (" + votes + ")";
  }
}
