package id.pasif.cli;

import org.apache.spark.sql.connect.service.PreSharedKeyAuthenticationInterceptor;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.Status;

/**
 * The gate of {@code pasif serve}: Spark Connect's own pre-shared-key check (the client's {@code
 * Authorization: Bearer TOKEN}, {@code sc://host:port/;token=TOKEN}) with the token of {@code
 * PASIF_SERVE_TOKEN}, kept here rather than in {@code spark.connect.authenticate.token}, where
 * {@code SET} would show it. Artifact uploads (jars, class files: code the server would run) are
 * refused for everyone. Spark creates it by name ({@code spark.connect.grpc.interceptor.classes}).
 */
public final class ServeAuth extends PreSharedKeyAuthenticationInterceptor {
  /** Set by {@link ServeCommand} before the server starts. */
  static volatile String token;

  public ServeAuth() {
    super(requireToken());
  }

  private static String requireToken() {
    String t = token;
    if (t == null || t.isEmpty()) {
      throw new IllegalStateException("pasif serve: no token set");
    }
    return t;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (method.endsWith("/AddArtifacts") || method.endsWith("/ArtifactStatus")) {
      call.close(
          Status.PERMISSION_DENIED.withDescription(
              "pasif serve: uploading artifacts (code) is not allowed"),
          new Metadata());
      return new ServerCall.Listener<Q>() {};
    }
    return super.interceptCall(call, headers, next);
  }
}
