package dev.livemig.migration;

import dev.livemig.cluster.Vm;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner.Route;
import dev.livemig.scenario.Specs.VmSpec;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Everything one live migration needs, decided by the cluster manager when it starts it: the VM,
 * the hosts, the route its streams take, the pass limit, and where to report.
 */
public record MigrationOrder(String id, VmSpec vm, ActorRef<Vm.Command> vmRef, String from, String to,
    ActorRef<dev.livemig.cluster.Host.Command> destination, String transport, Route route, int maxPasses,
    ActorRef<Network.Command> network, ActorRef<MigrationResult> replyTo) {}
