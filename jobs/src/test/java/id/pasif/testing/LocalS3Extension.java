package id.pasif.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A local S3 server for a test class: S3Proxy (filesystem backend, the server {@code
 * scripts/s3-server} runs for people) in a child JVM started straight from Java, on a free port,
 * with its data under {@code jobs/target/s3-test/PORT} and credentials made up for this run (no key
 * is written in any file of the project; the test's s3a client gets them in memory only). Register
 * it on a static field:
 *
 * <pre>{@code @RegisterExtension static final LocalS3Extension s3 = new LocalS3Extension("b1");}
 * </pre>
 *
 * <p>Before the class's {@code @BeforeAll} methods the server is up (it answers HTTP) and each
 * bucket exists (created through the S3 API); after the class, also when a test or the start-up
 * failed, it is stopped (TERM, then KILL) and its generated config removed. The jar comes from the
 * build: Maven copies {@code org.gaul:s3proxy:jar-with-dependencies} to {@code
 * jobs/target/s3proxy/s3proxy.jar} (jobs/pom.xml, execution s3proxy-jar).
 */
public final class LocalS3Extension implements BeforeAllCallback, AfterAllCallback {
  static final String REGION = "us-east-1";
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final List<String> buckets;
  private final String accessKey = "it-" + UUID.randomUUID();
  private final String secretKey = UUID.randomUUID().toString();
  private Path repo;
  private Path jar;
  private Path data;
  private Path properties;
  private int port;
  private ChildProcess server;

  public LocalS3Extension(String... buckets) {
    this.buckets = List.of(buckets);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    repo = Repo.root();
    jar = repo.resolve("jobs/target/s3proxy/s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: Maven copies it in generate-test-resources (run the test with mvn)");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path base = repo.resolve("jobs/target/s3-test");
    data = base.resolve(Integer.toString(port));
    properties = base.resolve("s3proxy-" + port + ".properties");
    ChildProcess.deleteTree(data);
    Files.createDirectories(data);
    writeProperties();
    start();
    createBuckets();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      stop();
    } finally {
      if (properties != null) {
        Files.deleteIfExists(properties);
      }
    }
  }

  public int port() {
    return port;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The folder under which the server keeps each bucket's objects as files. */
  public Path data() {
    return data;
  }

  /**
   * Starts the server (again, after {@link #stop}) on the same port with the same data, and waits
   * until it answers HTTP; a server that exits or does not answer in time fails with its log.
   */
  public void start() throws IOException, InterruptedException {
    if (server != null && server.isAlive()) {
      throw new IllegalStateException("the S3 server on port " + port + " is already running");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Repo.javaBinary().toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString()));
    Path log = data.resolveSibling("s3proxy-" + port + ".log");
    Files.writeString(
        log,
        "=== start on " + endpoint() + ", data " + data + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    // The server reads the credentials from its mode-600 properties file, not the environment.
    server =
        ChildProcess.start(
            "S3Proxy on port " + port,
            cmd,
            Map.of(),
            List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
            log);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!server.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited during start-up; last log lines (" + log + "):\n" + server.logTail(30));
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        return; // any HTTP answer (403 without credentials) means it serves
      } catch (IOException notYet) {
        // nothing listens yet
      }
      if (System.nanoTime() > deadline) {
        String tail = server.logTail(30);
        server.stop(STOP_GRACE);
        throw new IllegalStateException(
            "S3Proxy did not answer on " + endpoint() + " within " + START_TIMEOUT + ":\n" + tail);
      }
      Thread.sleep(250);
    }
  }

  /** Stops the server (TERM, then KILL after 10 s); the data stays for a later {@link #start}. */
  public void stop() {
    if (server != null) {
      server.stop(STOP_GRACE);
    }
  }

  /** Points s3a at this server with this run's credentials (in memory, never on disk). */
  public void configure(Configuration hadoop) {
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
  public List<String> cliOptions() {
    return List.of(
        "--conf",
        repo.resolve("conf/s3-local.conf").toString(),
        "--set",
        "spark.hadoop.fs.s3a.endpoint=" + endpoint(),
        "--set",
        "spark.hadoop.fs.s3a.aws.credentials.provider="
            + "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
  }

  private void writeProperties() throws IOException {
    String text =
        String.join(
            "\n",
            "# Generated by id.pasif.testing.LocalS3Extension; removed after the test class.",
            "s3proxy.endpoint=" + endpoint(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + data.toString().replace("\\", "\\\\"),
            "");
    Files.deleteIfExists(properties);
    Files.createFile(
        properties,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(properties, text, StandardCharsets.UTF_8);
  }

  /** Creates each bucket with a signed CreateBucket request, as any S3 client would. */
  private void createBuckets() {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint()))
            .forcePathStyle(true)
            .region(Region.of(REGION))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build()) {
      for (String b : buckets) {
        s3.createBucket(r -> r.bucket(b));
      }
      List<String> listed = s3.listBuckets().buckets().stream().map(b -> b.name()).toList();
      if (!listed.containsAll(buckets)) {
        throw new IllegalStateException("buckets " + buckets + " created, server lists " + listed);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "creating buckets " + buckets + " on " + endpoint() + " failed: " + e, e);
    }
  }
}
