package id.pasif.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A hand-written dump of a few lines per dataset, as text files, for tests that need exact control
 * over what the files hold (bad lines, odd layouts).
 */
public final class TinyDump {
  public static final String DATE = "2026-11-24";

  private final Path root;
  private final String date;
  private final Map<String, List<String>> lines = new LinkedHashMap<>();

  public TinyDump(Path root) {
    this(root, DATE);
  }

  /** The dump of another date (same rows, under {@code dt=date}). */
  public TinyDump(Path root, String date) {
    this.root = root;
    this.date = date;
    lines.put(
        "follows",
        new ArrayList<>(
            List.of(
                "{\"follower_id\":10,\"account_id\":1,\"followed_at\":\"2026-11-01T00:00:00Z\"}",
                "{\"follower_id\":11,\"account_id\":1,\"followed_at\":\"2026-11-02T00:00:00Z\"}",
                "{\"follower_id\":1,\"account_id\":10,\"followed_at\":\"2026-11-03T00:00:00Z\"}")));
    lines.put(
        "interactions",
        new ArrayList<>(
            List.of(
                "{\"event_id\":\"e1\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,"
                    + "\"type\":\"like\",\"ts\":\"2026-11-20T01:00:00Z\"}")));
    lines.put(
        "posts",
        new ArrayList<>(
            List.of(
                "{\"post_id\":101,\"account_id\":1,\"posted_at\":\"2026-11-19T00:00:00Z\","
                    + "\"media_type\":\"photo\"}",
                "{\"post_id\":102,\"account_id\":1,\"posted_at\":\"2026-11-21T00:00:00Z\"}",
                "{\"post_id\":103,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}")));
    lines.put(
        "profiles",
        new ArrayList<>(
            List.of(
                profile(1, "toko_satu", 5000, 100),
                profile(10, "budi", 300, 400),
                profile(11, "sari", 200, 350))));
  }

  public static String profile(long id, String name, long followers, long following) {
    return String.format(
        "{\"user_id\":%d,\"username\":\"%s\",\"created_at\":\"2020-01-01T00:00:00Z\","
            + "\"followers_count\":%d,\"following_count\":%d,\"media_count\":12,"
            + "\"has_profile_pic\":true,\"is_private\":false,\"biography_length\":20,"
            + "\"province\":\"Bali\",\"is_business\":false}",
        id, name, followers, following);
  }

  /** Replaces a dataset's lines. */
  public TinyDump set(String dataset, String... datasetLines) {
    lines.put(dataset, new ArrayList<>(List.of(datasetLines)));
    return this;
  }

  /** Adds a line to a dataset (any text: a bad line is the point). */
  public TinyDump add(String dataset, String line) {
    lines.get(dataset).add(line);
    return this;
  }

  public List<String> lines(String dataset) {
    return lines.get(dataset);
  }

  public Path folder(String dataset) {
    return root.resolve(dataset).resolve("dt=" + date);
  }

  /** Writes every dataset as {@code part-00000.jsonl}. */
  public TinyDump writeJsonl() {
    for (Map.Entry<String, List<String>> e : lines.entrySet()) {
      write(folder(e.getKey()).resolve("part-00000.jsonl"), String.join("\n", e.getValue()) + "\n");
    }
    return this;
  }

  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeGzip(Path file, String text, boolean truncate) {
    try {
      Files.createDirectories(file.getParent());
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (OutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(text.getBytes(StandardCharsets.UTF_8));
      }
      byte[] all = bytes.toByteArray();
      Files.write(file, truncate ? java.util.Arrays.copyOf(all, all.length / 2) : all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }
}
