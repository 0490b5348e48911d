package id.pasif.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * The local S3 server of {@code scripts/s3-server}, driven from a test: on a free port, with its
 * data under {@code target/}, and with credentials made up for this run (so no key is written in
 * any file of the project). The test's s3a client gets the same credentials in memory only.
 */
final class LocalS3Server {
  final Path repo;
  final int port;
  final Path data;
  private final String accessKey = "it-" + UUID.randomUUID();
  private final String secretKey = UUID.randomUUID().toString();

  LocalS3Server() throws IOException {
    this.repo = findRepo();
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.data = repo.resolve("jobs/target/s3-test/" + port);
    Files.createDirectories(data);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Runs {@code scripts/s3-server ARGS}; fails with its output unless it exits 0. */
  String script(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(repo.resolve("scripts/s3-server").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PASIF_S3_PORT", Integer.toString(port));
    env.put("PASIF_S3_DATA", data.toString());
    env.put("AWS_ACCESS_KEY_ID", accessKey);
    env.put("AWS_SECRET_ACCESS_KEY", secretKey);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("scripts/s3-server " + String.join(" ", args) + " hung");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "scripts/s3-server " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }

  void start(String... buckets) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("start"));
    for (String b : buckets) {
      args.add("--bucket");
      args.add(b);
    }
    script(args.toArray(new String[0]));
  }

  void stop() throws IOException, InterruptedException {
    script("stop");
  }

  /** Points s3a at this server with this run's credentials (in memory, never on disk). */
  void configure(Configuration hadoop) {
    hadoop.set("fs.s3a.endpoint", endpoint());
    hadoop.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set("fs.s3a.access.key", accessKey);
    hadoop.set("fs.s3a.secret.key", secretKey);
  }

  /**
   * The pasif options for this server: the committed local conf, with the endpoint of this port and
   * the provider that reads the keys {@link #configure} put into the Hadoop configuration.
   */
  List<String> cliOptions() {
    return List.of(
        "--conf",
        repo.resolve("conf/s3-local.conf").toString(),
        "--set",
        "spark.hadoop.fs.s3a.endpoint=" + endpoint(),
        "--set",
        "spark.hadoop.fs.s3a.aws.credentials.provider="
            + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
  }

  private static Path findRepo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("scripts/s3-server"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("scripts/s3-server not found above the working folder");
    }
    return dir;
  }
}
