package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.livemig.distribution.Member;
import dev.livemig.distribution.SweepException;
import dev.livemig.scenario.Runs;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code livemig node [--seed HOST:PORT]... [--port P] [--host ADDR] [--role worker|coordinator]}:
 * a member of a Pekko Cluster for what-if sweeps ({@code livemig compare --cluster}). It runs until
 * stopped; Ctrl-C (or SIGTERM) makes it leave the cluster first, handing back what it was running.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Start a member of a Pekko Cluster for what-if sweeps (livemig compare --cluster HOST:PORT); "
        + "it runs until stopped, and Ctrl-C leaves the cluster cleanly.")
final class NodeCommand implements Callable<Integer> {

  /** The port of the first member when none is named: where the others find it. */
  static final int FIRST_PORT = 2551;

  enum Role { worker, coordinator }

  @Option(names = "--seed", paramLabel = "HOST:PORT",
      description = "a member to join through (repeatable); none: this member starts a cluster of its own")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--port", paramLabel = "P",
      description = "the port to bind (default: " + FIRST_PORT + " with no --seed, else any free port)")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "the address to bind and be reached at (default: ${DEFAULT-VALUE}; name another for other machines)")
  String host;

  @Option(names = "--role", paramLabel = "worker|coordinator", defaultValue = "worker",
      description = "worker (default): runs the variants of sweeps; coordinator: runs none (a stable member to join through)")
  Role role;

  @Override
  public Integer call() throws Exception {
    int p = port != null ? port : seeds.isEmpty() ? FIRST_PORT : 0;
    if (p < 0 || p > 65535) throw new ErrorHandler.UserError("--port " + p + ": allowed: 0 (any free port) to 65535");
    ActorSystem<Member.Command> member;
    try {
      member = Member.start(new Member.Settings(host, p, seeds, List.of(role.name())), Runs.config());
    } catch (SweepException e) {
      throw new ErrorHandler.UserError(e.getMessage());
    }
    var self = Cluster.get(member).selfMember().address();
    String at = self.host().get() + ":" + self.port().get();
    System.out.println("livemig node " + at + ": up as " + role + (role == Role.worker
        ? " (" + 2 * Runtime.getRuntime().availableProcessors() + " variants at a time)" : " (runs no variant)")
        + "; others join with --seed " + at + ", sweeps with compare --cluster " + at + "; Ctrl-C leaves");
    System.out.flush();
    member.getWhenTerminated().toCompletableFuture().join();
    System.out.println("livemig node " + at + ": left the cluster");
    return 0;
  }
}
