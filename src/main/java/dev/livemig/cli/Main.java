package dev.livemig.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code livemig}: run, check and benchmark live-migration scenarios. */
@Command(name = "livemig", mixinStandardHelpOptions = true, version = "livemig " + Main.VERSION,
    description = "Deterministic, event-driven simulator of live migration in Hyper-V style clusters.",
    subcommands = {RunCommand.class, CheckCommand.class, BenchCommand.class, CompareCommand.class, NodeCommand.class,
        PreflightCommand.class,
        ImportCommand.class, ValidateCommand.class})
public final class Main implements Runnable {
  /** livemig's version, as --version and the HTML report say it. */
  public static final String VERSION = "0.1.0";

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the CLI and returns its exit code (0 ok, 1 expectation missed, 2 bad input). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand("help", new CommandLine.HelpCommand()); // livemig help CMD
    if (args.length == 0) { // no command: the help, as an error (a script that forgot its command fails)
      cl.usage(cl.getErr());
      cl.getErr().flush();
      return ErrorHandler.BAD_INPUT;
    }
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::onParameterError);
    return cl.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
