package id.pasif.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Spark standalone cluster on 127.0.0.1 for a test class, the cluster {@code scripts/cluster}
 * starts for people: one master and N workers, each a child JVM started straight from Java with the
 * options of {@code conf/jvm.options} and the project's dependency jars (the {@code package}
 * phase's {@code jobs/target/classpath-*.txt}: an {@code *IT}, run by Failsafe). Free ports; state
 * under {@code jobs/target/cluster-it/MASTER_PORT}. Register it on a static field:
 *
 * <pre>{@code @RegisterExtension static final StandaloneClusterExtension cluster =
 *     new StandaloneClusterExtension(2);}</pre>
 *
 * <p>Before the class's {@code @BeforeAll} methods every worker is registered with the master
 * (ALIVE in the master's {@code /json/}); after the class, also when a test or the start-up failed,
 * the workers (and their executors), then the master are stopped: TERM, then KILL.
 */
public final class StandaloneClusterExtension implements BeforeAllCallback, AfterAllCallback {
  static final String HOST = "127.0.0.1";
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);
  static final List<String> DAEMON_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

  private final int workers;
  private final int workerCores;
  private final String workerMemory;
  private Path dir;
  private int masterPort;
  private int uiPort;
  private ChildProcess master;
  private final List<ChildProcess> workerProcesses = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** {@code workers} workers of one core and 1 GB each. */
  public StandaloneClusterExtension(int workers) {
    this(workers, 1, "1g");
  }

  public StandaloneClusterExtension(int workers, int workerCores, String workerMemory) {
    this.workers = workers;
    this.workerCores = workerCores;
    this.workerMemory = workerMemory;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path repo = Repo.root();
    // Both sockets open at once: two different free ports.
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      masterPort = a.getLocalPort();
      uiPort = b.getLocalPort();
    }
    dir = repo.resolve("jobs/target/cluster-it/" + masterPort);
    ChildProcess.deleteTree(dir);
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("tmp"));
    Path sparkHome = makeSparkHome(repo.resolve("jobs/target"));

    // spark.port.maxRetries=0: a port taken meanwhile is an error, not a silent move to the next.
    // No REST submission server (port 6066): scripts/submit-nightly uses the RPC port.
    master =
        launch(
            "master",
            sparkHome,
            List.of(
                "-Dspark.port.maxRetries=0",
                "-Dspark.master.rest.enabled=false",
                "org.apache.spark.deploy.master.Master",
                "--host",
                HOST,
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(uiPort)));
    for (int i = 1; i <= workers; i++) {
      Path work = workDir(i);
      Files.createDirectories(work);
      // Port 0: the worker's RPC endpoint and web UI take free ports.
      workerProcesses.add(
          launch(
              "worker-" + i,
              sparkHome,
              List.of(
                  "org.apache.spark.deploy.worker.Worker",
                  "--host",
                  HOST,
                  "--port",
                  "0",
                  "--webui-port",
                  "0",
                  "--cores",
                  Integer.toString(workerCores),
                  "--memory",
                  workerMemory,
                  "--work-dir",
                  work.toString(),
                  masterUrl())));
    }
    awaitWorkers();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RuntimeException failure = null;
    // Workers first (each kills its executors on the way out), then the master.
    List<ChildProcess> all = new ArrayList<>(workerProcesses);
    if (master != null) {
      all.add(master);
    }
    for (ChildProcess p : all) {
      try {
        p.stop(STOP_GRACE);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    workerProcesses.clear();
    master = null;
    if (failure != null) {
      throw failure;
    }
  }

  public String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  public int masterPort() {
    return masterPort;
  }

  /** The state folder: logs, SPARK_HOME, the workers' work dirs. */
  public Path dir() {
    return dir;
  }

  /** Worker {@code i}'s (1-based) work dir: an executor's log is {@code app-*\/N/stderr} in it. */
  public Path workDir(int i) {
    return dir.resolve("work").resolve("worker-" + i);
  }

  /** The master's state: its {@code /json/} page (status, url, aliveworkers, workers, ...). */
  public JsonNode masterState() throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + uiPort + "/json/"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IOException("the master's /json/ answered HTTP " + r.statusCode());
    }
    return new ObjectMapper().readTree(r.body());
  }

  /**
   * SPARK_HOME for the workers: jars/ holds a symlink to every dependency jar. Executors build
   * their classpath from it; without it they fail ("Library directory ... does not exist").
   */
  private Path makeSparkHome(Path target) throws IOException {
    Set<String> jars = new LinkedHashSet<>();
    for (String name : List.of("classpath-runtime.txt", "classpath-provided.txt")) {
      Path file = target.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(
            file + " is missing: the package phase writes it (run the test in mvn verify)");
      }
      for (String jar : Files.readString(file, StandardCharsets.UTF_8).strip().split(":")) {
        if (!jar.isEmpty()) {
          jars.add(jar);
        }
      }
    }
    Path lib = dir.resolve("spark-home/jars");
    Files.createDirectories(lib);
    for (String jar : jars) {
      Path p = Path.of(jar);
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("dependency " + jar + " is missing (run mvn package)");
      }
      Files.createSymbolicLink(lib.resolve(p.getFileName()), p);
    }
    return dir.resolve("spark-home");
  }

  private ChildProcess launch(String name, Path sparkHome, List<String> mainAndArgs)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Repo.javaBinary().toString());
    cmd.addAll(DAEMON_OPTIONS);
    cmd.addAll(Repo.jvmOptions());
    // A marker that names the cluster on the command line (ps shows whose daemon it is).
    cmd.add("-Dpasif.cluster.dir=" + dir);
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    return ChildProcess.start(
        "cluster " + name,
        cmd,
        Map.of(
            "SPARK_HOME",
            sparkHome.toString(),
            "SPARK_SCALA_VERSION",
            "2.13",
            "SPARK_LOCAL_IP",
            HOST,
            "SPARK_LOCAL_DIRS",
            dir.resolve("tmp").toString()),
        List.of("PASIF_CONF", "SPARK_CONF_DIR"),
        dir.resolve("logs").resolve(name + ".log"));
  }

  /** Waits until every worker is ALIVE in the master's state; fails with the logs otherwise. */
  private void awaitWorkers() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    int alive = 0;
    while (true) {
      if (!master.isAlive()) {
        throw startFailure("the master exited during start-up");
      }
      for (int i = 0; i < workerProcesses.size(); i++) {
        if (!workerProcesses.get(i).isAlive()) {
          throw startFailure("worker " + (i + 1) + " exited during start-up");
        }
      }
      try {
        alive = masterState().path("aliveworkers").asInt(0);
      } catch (IOException notYet) {
        alive = 0; // the master's web UI does not answer yet
      }
      if (alive >= workers) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw startFailure(
            "only "
                + alive
                + " of "
                + workers
                + " workers registered with "
                + masterUrl()
                + " within "
                + START_TIMEOUT);
      }
      Thread.sleep(500);
    }
  }

  private IllegalStateException startFailure(String what) {
    StringBuilder b = new StringBuilder("standalone cluster: " + what);
    List<ChildProcess> all = new ArrayList<>();
    all.add(master);
    all.addAll(workerProcesses);
    for (ChildProcess p : all) {
      b.append("\n--- last lines of ").append(p.log()).append('\n');
      b.append(
          p.logTail(200)
              .lines()
              .filter(l -> !l.stripLeading().startsWith("at "))
              .reduce((x, y) -> x + "\n" + y)
              .map(t -> String.join("\n", tailLines(t, 8)))
              .orElse(""));
    }
    return new IllegalStateException(b.toString());
  }

  private static List<String> tailLines(String text, int n) {
    List<String> lines = text.lines().toList();
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }
}
