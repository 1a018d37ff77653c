package dev.livemig.distribution;

/**
 * A message that may cross nodes of a Pekko Cluster (a scenario sent to a worker of a what-if
 * sweep, the report it sends back). Bound to {@link KryoSerializer} in reference.conf.
 */
public interface CrossNode {}
