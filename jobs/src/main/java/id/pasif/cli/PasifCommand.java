package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.s3.ObjectStoreErrors;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pasif}: the command line of the product. {@code main} is a table of contents: parse, run
 * the chosen command, exit with its code.
 *
 * <p>Exit codes: 0 success, 1 the run failed (one line on stderr says why), 2 the command line or a
 * query is wrong.
 */
@Command(
    name = "pasif",
    mixinStandardHelpOptions = true,
    versionProvider = PasifCommand.Version.class,
    description = {
      "Measures passive and bot-like followers: Spark jobs from follower-interaction dumps to"
          + " Delta tables.",
      "",
      "Nightly: pasif nightly --date D --input URI --warehouse URI"
    },
    subcommands = {
      QuickstartCommand.class,
      GenerateCommand.class,
      StageCommands.Nightly.class,
      StageCommands.Ingest.class,
      StageCommands.Activity.class,
      StageCommands.Segment.class,
      StageCommands.Report.class,
      EvaluateCommand.class,
      ProfileCommands.Evaluate.class,
      ProfileCommands.Train.class,
      ProfileCommands.Compare.class,
      SqlCommand.class,
      UploadCommand.class,
      ExportCommand.class,
      MaintainCommand.class,
      ServeCommand.class
    })
public final class PasifCommand implements Runnable {
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    // Native BLAS is not tried unless asked for: its loader prints "netlib-blas: dlopen ...
    // failed" on machines without a system BLAS (scripts/pasif passes the same; a -D wins).
    for (String lib : new String[] {"blas", "lapack", "arpack"}) {
      System.getProperties().putIfAbsent("dev.ludovic.netlib." + lib + ".allowNative", "false");
    }
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    SparkSession.getDefaultSession()
        .foreach(
            s -> {
              s.stop();
              return null;
            });
    System.exit(code);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    boolean verbose =
        Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    CommandLine cl = new CommandLine(new PasifCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine c = ex.getCommandLine();
          err.printf(
              "%s: %s (see '%s --help')%n",
              c.getCommandSpec().qualifiedName(),
              ex.getMessage(),
              c.getCommandSpec().qualifiedName());
          err.flush();
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          Throwable root = ex;
          PasifException known = findPasif(ex);
          Optional<ObjectStoreErrors.Failure> store = ObjectStoreErrors.explain(ex);
          String message;
          int code;
          if (store.isPresent()
              && (known == null || store.get().kind() != ObjectStoreErrors.Kind.OTHER)) {
            // The store's own diagnosis (denied, no bucket, unreachable) beats a wrapper's text.
            message = store.get().message();
            code = PasifException.EXIT_FAILURE;
          } else if (known != null) {
            message = known.getMessage();
            code = known.exitCode();
          } else {
            while (root.getCause() != null && root.getMessage() == null) {
              root = root.getCause();
            }
            message =
                root.getClass().getSimpleName() + ": " + SqlCommand.firstLine(root.getMessage());
            code = PasifException.EXIT_FAILURE;
          }
          err.printf(
              "%s: error: %s%n", c.getCommandSpec().qualifiedName(), SqlCommand.firstLine(message));
          if (verbose) {
            ex.printStackTrace(err);
          }
          err.flush();
          return code;
        });
    return cl.execute(args);
  }

  private static PasifException findPasif(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PasifException p) {
        return p;
      }
    }
    return null;
  }

  /**
   * Version and git commit from {@code id/pasif/version.properties}, which the build writes
   * (jobs/pom.xml, maven-antrun-plugin).
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in =
          PasifCommand.class.getResourceAsStream("/id/pasif/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (java.io.IOException e) {
        // Reported below as unknown.
      }
      String version = p.getProperty("version");
      if (version == null) {
        version = PasifCommand.class.getPackage().getImplementationVersion();
      }
      return new String[] {
        "pasif "
            + (version == null ? "(unknown version)" : version)
            + " (commit "
            + p.getProperty("commit", "unknown")
            + ")"
      };
    }
  }
}
