package id.pasif.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server a test extension starts as a child process (a JVM started straight from Java, no shell
 * in between), its output in a log file. {@link #stop} sends TERM, waits, then KILLs the process
 * and every process it started; a JVM shutdown hook does the same if the tests end without stopping
 * it.
 */
public final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread hook;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.hook = new Thread(() -> kill(process), "stop " + name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts {@code command} with {@code env} added to (and {@code unset} removed from) this JVM's
   * environment, stdin empty, stdout and stderr appended to {@code log}.
   */
  public static ChildProcess start(
      String name, List<String> command, Map<String, String> env, List<String> unset, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    unset.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return new ChildProcess(name, p, log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** The log's last {@code n} lines, for a failure message. */
  public String logTail(int n) {
    return tail(log, n);
  }

  static String tail(Path file, int n) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * TERM, up to {@code grace} for the process to exit, then KILL; the processes it started
   * (executors of a Spark worker) are killed too if they outlive it. Fails if it survives KILL.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.printf("%s (pid %d) did not stop after TERM; sending KILL%n", name, pid());
      }
      kill(process);
      for (ProcessHandle c : children) {
        c.destroyForcibly();
        c.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
    } catch (Exception e) {
      throw new IllegalStateException(name + ": a process it started survived KILL", e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
    if (process.isAlive()) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived KILL");
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
