package dev.livemig.cli;

import java.io.PrintWriter;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into exit codes: bad input (a scenario's problems, a wrong option) prints one line
 * per problem and exits 2, without a stack trace; a failure of the model itself exits 3.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int BAD_INPUT = 2;
  static final int INTERNAL = 3;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (ex instanceof ScenarioException se) {
      printProblems(err, se);
      return BAD_INPUT;
    }
    if (ex instanceof dev.livemig.scenario.Calibration.Invalid bad) { // application.conf, -D
      for (Problem p : bad.problems()) err.println(Terminal.clean(p.toString()));
      err.println(bad.problems().size() == 1 ? "1 problem in the configuration; nothing was run."
          : bad.problems().size() + " problems in the configuration; nothing was run.");
      err.flush();
      return BAD_INPUT;
    }
    if (ex instanceof UserError ue) {
      err.println("livemig: " + Terminal.clean(ue.getMessage()));
      err.flush();
      return BAD_INPUT;
    }
    if (ex instanceof Runs.BeyondHorizon bh) {
      err.println(Terminal.clean(bh.getMessage()));
      err.flush();
      return BAD_INPUT;
    }
    if (ex instanceof Runs.RunFailed rf) {
      err.println("livemig: " + Terminal.clean(rf.getMessage()));
      err.flush();
      return INTERNAL;
    }
    err.println("livemig: internal error (please report it with the scenario):");
    ex.printStackTrace(err);
    err.flush();
    return INTERNAL;
  }

  static void printProblems(PrintWriter err, ScenarioException se) {
    for (Problem p : se.problems()) err.println(Terminal.clean(p.toString()));
    err.println(se.problems().size() == 1 ? "1 problem; nothing was run." : se.problems().size() + " problems; nothing was run.");
    err.flush();
  }

  static int onParameterError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println("livemig: " + Terminal.clean(ex.getMessage()));
    cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    cl.getErr().flush();
    return BAD_INPUT;
  }

  /** A user error outside scenario files (an output path that cannot be written, ...). */
  static final class UserError extends Exception {
    UserError(String message) {
      super(message, null, false, false);
    }
  }
}
