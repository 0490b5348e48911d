package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Catalog;
import id.pasif.warehouse.Warehouse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pasif serve}: a Spark Connect endpoint on 127.0.0.1 over the product's session (Delta,
 * UTC, the warehouse's tables registered as {@code pasif.<table>} with the views), so any Spark
 * Connect client can query the warehouse. Blocks until the process is stopped (Ctrl-C).
 *
 * <p>Client sessions of Spark Connect are new sessions of this one: they share its catalog (the
 * registered tables and views) and its Delta extension, not its temporary state.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start a Spark Connect server on 127.0.0.1 (default port 15002) with every table of the"
          + " warehouse registered as pasif.<table> and the views; runs until Ctrl-C.",
      "Connect with any Spark Connect client, e.g. sc://127.0.0.1:15002. The endpoint has no"
          + " authentication: it listens on the loopback interface only (reach it from elsewhere"
          + " through an SSH tunnel)."
    })
final class ServeCommand extends SparkCommand {
  static final String HOST = "127.0.0.1";
  static final String BINDING_ADDRESS = "spark.connect.grpc.binding.address";
  static final String BINDING_PORT = "spark.connect.grpc.binding.port";
  static final String PORT_MAX_RETRIES = "spark.connect.grpc.port.maxRetries";

  @Option(
      names = "--port",
      defaultValue = "15002",
      paramLabel = "PORT",
      description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  /** Completes with the bound port once the server listens (tests wait on it). */
  static volatile CompletableFuture<Integer> started = new CompletableFuture<>();

  /** Completing it stops a running server (tests; Ctrl-C goes through the shutdown hook). */
  static volatile CompletableFuture<Void> stop = new CompletableFuture<>();

  @Override
  int run(PasifConfig config, SparkSession spark) throws Exception {
    if (port < 0 || port > 65535) {
      throw new PasifException("--port " + port + " is not a TCP port (0-65535)", 2, null);
    }
    List<String> tables = Catalog.register(spark, new Warehouse(spark, config.warehouse()));
    // The server reads its address from the running context's conf; the session may have been
    // created before this command (tests, notebooks), so set it there rather than on a builder.
    SparkConf conf = SparkEnv.get().conf();
    conf.set(BINDING_ADDRESS, HOST);
    conf.set(BINDING_PORT, Integer.toString(port));
    conf.set(PORT_MAX_RETRIES, "0");
    try {
      SparkConnectService.start(spark.sparkContext());
    } catch (RuntimeException e) {
      throw new PasifException(
          "cannot start Spark Connect on " + HOST + ":" + port + ": " + rootMessage(e), e);
    }
    int bound = SparkConnectService$.MODULE$.localPort();
    Thread hook = new Thread(ServeCommand::stopServer, "pasif-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out()
        .printf(
            "pasif serve: Spark Connect on sc://%s:%d with %d tables as pasif.<table> (warehouse"
                + " %s); Ctrl-C stops%n",
            HOST, bound, tables.size(), config.warehouse());
    out().flush();
    started.complete(bound);
    try {
      stop.join();
    } finally {
      stopServer();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running (Ctrl-C): it stops the server.
      }
      started = new CompletableFuture<>();
      stop = new CompletableFuture<>();
    }
    return 0;
  }

  private static void stopServer() {
    if (SparkConnectService$.MODULE$.started() && !SparkConnectService$.MODULE$.stopped()) {
      SparkConnectService.stop(scala.Option.empty(), scala.Option.empty());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return SqlCommand.firstLine(m);
  }
}
