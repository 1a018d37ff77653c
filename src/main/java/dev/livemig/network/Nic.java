package dev.livemig.network;

import dev.livemig.kernel.Handlers;
import dev.livemig.kernel.Sim;
import dev.livemig.spec.Specs.NicSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A physical NIC port of a host. It owns its two links in the fabric (transmit and receive) and
 * takes them down or up when the port fails or returns.
 */
public final class Nic extends AbstractBehavior<Nic.Command> {

  public sealed interface Command {}

  /** The port's link state changes (a scenario's nic-down / nic-up event). */
  public record SetUp(boolean up) implements Command {}

  public static String txLink(String host, String nic) {
    return host + "/" + nic + ":tx";
  }

  public static String rxLink(String host, String nic) {
    return host + "/" + nic + ":rx";
  }

  /**
   * Not a port: the host's SMB bandwidth limit for live migration (Set-SmbBandwidthLimit -Category
   * LiveMigration), a link every SMB channel leaving the host crosses; unlimited unless set.
   */
  public static String smbLimitLink(String host) {
    return host + ":smb-live-migration";
  }

  /**
   * Not a port: the host's spare CPU for TCP-borne migration traffic, a link every TCP stream (plain,
   * compressed, SMB over TCP) crosses at each end; its capacity is the spare cores times what a core
   * carries (livemig.cpu.tcp-per-core), in line bit/s. RDMA streams do not cross it (offloaded).
   */
  public static String cpuLink(String host) {
    return host + ":cpu";
  }

  /** Capacity of a limit link that limits nothing. */
  public static final double UNLIMITED = 1e18;

  public static Behavior<Command> create(Sim sim, String host, NicSpec spec, ActorRef<Network.Command> network) {
    return Behaviors.setup(ctx -> new Nic(ctx, sim, host, spec, network));
  }

  private final Sim sim;
  private final String host;
  private final NicSpec spec;
  private final ActorRef<Network.Command> network;
  private boolean up;

  private Nic(ActorContext<Command> ctx, Sim sim, String host, NicSpec spec, ActorRef<Network.Command> network) {
    super(ctx);
    this.sim = sim;
    this.host = host;
    this.spec = spec;
    this.network = network;
    this.up = spec.enabled();
  }

  @Override
  public Receive<Command> createReceive() {
    return Handlers.of(Command.class).onMessage(SetUp.class, this::onSetUp).build();
  }

  private Behavior<Command> onSetUp(SetUp s) {
    if (s.up() == up || !spec.enabled()) return this;
    up = s.up();
    sim.log(host + "/" + spec.name(), up ? "link up" : "link down");
    sim.send(network, new Network.SetLink(txLink(host, spec.name()), up));
    sim.send(network, new Network.SetLink(rxLink(host, spec.name()), up));
    return this;
  }
}
