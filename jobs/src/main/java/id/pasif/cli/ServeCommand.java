package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.spark.ReadOnly;
import id.pasif.spark.SparkSessions;
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
 * {@code pasif serve}: a Spark Connect endpoint over the product's session (Delta, UTC, the
 * warehouse's tables registered as {@code pasif.<table>} with the views), so any Spark Connect
 * client can query the warehouse. Blocks until the process is stopped (Ctrl-C).
 *
 * <p>Safety (issue 18): every client must present the token of {@code PASIF_SERVE_TOKEN} ({@link
 * ServeAuth}); the server refuses to start without one. The tables are read-only ({@link
 * ReadOnly}): no DML/DDL, no path data sources, no reflect. The session carries no secrets SQL can
 * read ({@link SparkSessions#createForAnalysts}). Clients cannot upload code (artifacts).
 *
 * <p>Client sessions of Spark Connect are new sessions of this one: they share its catalog (the
 * registered tables and views) and its Delta extension, not its temporary state.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start a Spark Connect server (default 127.0.0.1:15002) with every table of the"
          + " warehouse registered as pasif.<table> and the views, read-only; runs until Ctrl-C.",
      "Clients must send the token in the environment variable "
          + ServeCommand.TOKEN_ENV
          + " (at least 16 characters; without it serve does not start), e.g."
          + " sc://localhost:15002/;token=TOKEN. Queries can only read the tables: DML, DDL, path"
          + " data sources (text.`/etc/passwd`), reflect/java_method and SET of a value are"
          + " refused; maintenance is pasif maintain.",
      "Plain gRPC: the token and results travel unencrypted, and Spark Connect clients send a"
          + " token without TLS only to localhost. Keep the default loopback address and reach it"
          + " from elsewhere through an SSH tunnel (ssh -L 15002:127.0.0.1:15002 HOST)."
    })
final class ServeCommand extends SparkCommand {
  static final String HOST = "127.0.0.1";
  static final String TOKEN_ENV = "PASIF_SERVE_TOKEN";
  static final int MIN_TOKEN_LENGTH = 16;
  static final String INTERCEPTORS = "spark.connect.grpc.interceptor.classes";

  /** The environment the token is read from; tests replace it. */
  static java.util.function.Function<String, String> environment = System::getenv;

  static final String BINDING_ADDRESS = "spark.connect.grpc.binding.address";
  static final String BINDING_PORT = "spark.connect.grpc.binding.port";
  static final String PORT_MAX_RETRIES = "spark.connect.grpc.port.maxRetries";

  @Option(
      names = "--port",
      defaultValue = "15002",
      paramLabel = "PORT",
      description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = HOST,
      paramLabel = "ADDRESS",
      description = "Address to listen on (default ${DEFAULT-VALUE}, this machine only).")
  String host;

  private String token;

  /** Completes with the bound port once the server listens (tests wait on it). */
  static volatile CompletableFuture<Integer> started = new CompletableFuture<>();

  /** Completing it stops a running server (tests; Ctrl-C goes through the shutdown hook). */
  static volatile CompletableFuture<Void> stop = new CompletableFuture<>();

  /** Port, address and token are checked before Spark starts. */
  @Override
  void preflight(PasifConfig config) {
    if (port < 0 || port > 65535) {
      throw new PasifException("--port " + port + " is not a TCP port (0-65535)", 2, null);
    }
    String t = environment.apply(TOKEN_ENV);
    if (t == null || t.isBlank()) {
      throw new PasifException(
          "no token: set "
              + TOKEN_ENV
              + " to a secret of at least "
              + MIN_TOKEN_LENGTH
              + " characters (clients send it: sc://HOST:PORT/;token=...)",
          2,
          null);
    }
    if (t.strip().length() < MIN_TOKEN_LENGTH) {
      throw new PasifException(
          TOKEN_ENV + " is shorter than " + MIN_TOKEN_LENGTH + " characters", 2, null);
    }
    token = t.strip();
  }

  @Override
  SparkSession session(PasifConfig config) {
    return SparkSessions.createForAnalysts(config);
  }

  @Override
  boolean showsProgress() {
    return false;
  }

  @Override
  int run(PasifConfig config, SparkSession spark) throws Exception {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    List<String> tables = Catalog.register(spark, warehouse);
    // The server reads its address from the running context's conf; the session may have been
    // created before this command (tests, notebooks), so set it there rather than on a builder.
    SparkConf conf = SparkEnv.get().conf();
    conf.set(BINDING_ADDRESS, host);
    conf.set(BINDING_PORT, Integer.toString(port));
    conf.set(PORT_MAX_RETRIES, "0");
    // The token stays out of every conf (SET would show it): the interceptor reads it here.
    ServeAuth.token = token;
    conf.set(INTERCEPTORS, ServeAuth.class.getName());
    ReadOnly.enable(warehouse.root());
    try {
      SparkConnectService.start(spark.sparkContext());
    } catch (RuntimeException e) {
      ReadOnly.disable();
      throw new PasifException(
          "cannot start Spark Connect on " + host + ":" + port + ": " + rootMessage(e), e);
    }
    int bound = SparkConnectService$.MODULE$.localPort();
    Thread hook = new Thread(ServeCommand::stopServer, "pasif-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out()
        .printf(
            "pasif serve: Spark Connect on sc://%s:%d with %d tables as pasif.<table>, read-only"
                + " (warehouse %s); clients add /;token=<%s>; Ctrl-C stops%n",
            isLoopback(host) ? "localhost" : host,
            bound,
            tables.size(),
            warehouse.root(),
            TOKEN_ENV);
    out().flush();
    started.complete(bound);
    try {
      stop.join();
    } finally {
      stopServer();
      ReadOnly.disable();
      ServeAuth.token = null;
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

  static boolean isLoopback(String address) {
    return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
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
