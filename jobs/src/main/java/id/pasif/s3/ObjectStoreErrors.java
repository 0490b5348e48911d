package id.pasif.s3;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failure of the object store (s3a://) anywhere in a cause chain into one line the user can
 * act on: which store, which operation, and what to check.
 *
 * <p>s3a reports its failures as {@code IOException}s whose message starts with the operation and
 * the path ({@code "getFileStatus on s3a://bucket/key: …"}); they reach pasif wrapped in Spark's
 * and Delta's own exceptions, so the chain is walked to the end. Applied in one place, the CLI's
 * error handler, so every command and stage maps storage errors the same way.
 */
public final class ObjectStoreErrors {
  private ObjectStoreErrors() {}

  /** What went wrong, coarsely; decides the advice in the message. */
  public enum Kind {
    ACCESS_DENIED,
    NO_SUCH_BUCKET,
    UNREACHABLE,
    OTHER
  }

  /** A classified store failure and its one-line message. */
  public record Failure(Kind kind, String store, String operation, String message) {}

  /**
   * "getFileStatus on s3a://bucket/key" or "listObjects() on s3a://…" as s3a writes it; the path
   * ends at ':' or a blank.
   */
  private static final Pattern OPERATION =
      Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)(?:\\(\\))? on (s3a?://[^\\s:]+)");

  private static final Pattern STORE = Pattern.compile("(s3a?://[^/\\s:]+)");

  /** The store failure in {@code error}'s cause chain, if there is one. */
  public static Optional<Failure> explain(Throwable error) {
    List<Throwable> chain = chain(error);
    String operation = null;
    String path = null;
    for (Throwable t : chain) {
      Matcher m = OPERATION.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        operation = m.group(1);
        path = m.group(2);
        break;
      }
    }
    if (path == null) {
      for (Throwable t : chain) {
        Matcher m = STORE.matcher(String.valueOf(t.getMessage()));
        if (isS3a(t) && m.find()) {
          path = m.group(1);
          break;
        }
      }
    }
    if (path == null) {
      return Optional.empty();
    }
    String store = storeOf(path);
    String what = operation == null ? path : operation + " on " + path;
    Kind kind = kind(chain);
    String message =
        switch (kind) {
          case ACCESS_DENIED ->
              "access denied by "
                  + store
                  + " ("
                  + what
                  + "; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the credential"
                  + " provider, and the bucket's permissions)";
          case NO_SUCH_BUCKET ->
              "bucket "
                  + store
                  + " does not exist ("
                  + what
                  + "; create it first, or check the bucket name and fs.s3a.endpoint)";
          case UNREACHABLE ->
              "object store "
                  + store
                  + " unreachable: "
                  + what
                  + " failed after retries ("
                  + rootMessage(chain)
                  + "; check that the store runs and fs.s3a.endpoint)";
          case OTHER ->
              "object store " + store + " failed: " + what + " (" + rootMessage(chain) + ")";
        };
    if (kind == Kind.OTHER && !chain.stream().anyMatch(ObjectStoreErrors::isS3a)) {
      // A path was named, but nothing in the chain came from the store: not a store failure.
      return Optional.empty();
    }
    return Optional.of(new Failure(kind, store, operation, message));
  }

  private static Kind kind(List<Throwable> chain) {
    for (Throwable t : chain) {
      if (t instanceof AccessDeniedException) {
        return Kind.ACCESS_DENIED;
      }
      String name = t.getClass().getName();
      if (name.equals("org.apache.hadoop.fs.s3a.UnknownStoreException")) {
        return Kind.NO_SUCH_BUCKET;
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || t.getClass().getName().equals("org.apache.hadoop.fs.s3a.AWSClientIOException")
          || t.getClass().getName().endsWith("ConnectTimeoutException")
          || t.getClass().getName().endsWith("HttpHostConnectException")) {
        return Kind.UNREACHABLE;
      }
    }
    return Kind.OTHER;
  }

  /** Whether {@code t} was thrown by s3a or the AWS SDK. */
  private static boolean isS3a(Throwable t) {
    String name = t.getClass().getName();
    return name.startsWith("org.apache.hadoop.fs.s3a.")
        || name.startsWith("software.amazon.awssdk.")
        || (t instanceof java.io.IOException && OPERATION.matcher(String.valueOf(t)).find());
  }

  /** {@code s3a://bucket} of a path. */
  static String storeOf(String path) {
    Matcher m = STORE.matcher(path);
    return m.find() ? m.group(1) : path;
  }

  /** The innermost message, first line, without the SDK's class-name prefixes. */
  private static String rootMessage(List<Throwable> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      String m = chain.get(i).getMessage();
      if (m != null && !m.isBlank()) {
        String line = m.strip().lines().findFirst().orElse(m);
        // Prefer the HTTP client's own sentence when the innermost one is a bare word.
        if (line.length() < 30 && i > 0 && chain.get(i - 1).getMessage() != null) {
          line = chain.get(i - 1).getMessage().strip().lines().findFirst().orElse(line);
        }
        return line.replaceAll("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "");
      }
    }
    return chain.get(chain.size() - 1).getClass().getSimpleName();
  }

  private static List<Throwable> chain(Throwable error) {
    List<Throwable> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, true) == null; t = t.getCause()) {
      out.add(t);
    }
    return out;
  }
}
