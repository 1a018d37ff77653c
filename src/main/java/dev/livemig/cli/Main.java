package dev.livemig.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code livemig}: run, check and benchmark live-migration scenarios. */
@Command(name = "livemig", mixinStandardHelpOptions = true, version = "livemig " + Main.VERSION,
    description = "Deterministic, event-driven simulator of live migration in Hyper-V style clusters.")
public final class Main implements Runnable {
  /** livemig's version, as --version and the HTML report say it. */
  public static final String VERSION = "0.1.0";

  /** A subcommand: its name and how to make it. */
  private record Sub(String name, Supplier<Object> make) {}

  /** The subcommands, in the order the help lists them, then {@code help}. */
  private static final List<Sub> SUBCOMMANDS = List.of(new Sub("run", RunCommand::new), new Sub("check", CheckCommand::new),
      new Sub("bench", BenchCommand::new), new Sub("compare", CompareCommand::new), new Sub("advise", AdviseCommand::new), new Sub("node", NodeCommand::new),
      new Sub("preflight", PreflightCommand::new), new Sub("import", ImportCommand::new),
      new Sub("validate", ValidateCommand::new), new Sub("calibrate", CalibrateCommand::new),
      new Sub("help", CommandLine.HelpCommand::new));

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the CLI and returns its exit code (0 ok, 1 expectation missed, 2 bad input). */
  public static int execute(String... args) {
    CommandLine cl = commandLine(args.length == 0 ? null : args[0]);
    if (args.length == 0) { // no command: the help, as an error (a script that forgot its command fails)
      cl.usage(cl.getErr());
      cl.getErr().flush();
      return ErrorHandler.BAD_INPUT;
    }
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::onParameterError);
    return cl.execute(args);
  }

  /**
   * The command line: given the first argument naming a subcommand other than {@code help}, only
   * that one (picocli reads each command's annotations when it is added: ~0.2 s of cpu for all of
   * them, its classes being too old for the class-data-sharing archive); otherwise all of them.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    for (Sub sub : SUBCOMMANDS) {
      if (sub.name().equals(first) && !"help".equals(first)) {
        cl.addSubcommand(sub.name(), sub.make().get());
        return cl;
      }
    }
    for (Sub sub : SUBCOMMANDS) cl.addSubcommand(sub.name(), sub.make().get());
    return cl;
  }

  @Override
  public void run() { // as before: the subcommands without help
    CommandLine cl = new CommandLine(new Main());
    for (Sub sub : SUBCOMMANDS) if (!"help".equals(sub.name())) cl.addSubcommand(sub.name(), sub.make().get());
    cl.usage(System.out);
  }
}
