package id.pasif.s3;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.PasifException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.fs.s3a.UnknownStoreException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Chains shaped like the ones s3a 3.5 throws (messages copied from real runs' shapes). */
@Tag("quick")
class ObjectStoreErrorsTest {

  @Test
  void connectionRefusedDeepInsideSparkNamesStoreOperationAndEndpoint() {
    ConnectException refused = new ConnectException("Connection refused");
    SdkClientException sdk =
        SdkClientException.builder()
            .message(
                "Unable to execute HTTP request: Connect to 127.0.0.1:9878 [/127.0.0.1] failed:"
                    + " Connection refused (SDK Attempt Count: 3)")
            .cause(refused)
            .build();
    ConnectException s3a =
        new ConnectException(
            "getFileStatus on s3a://lake/wh/follows/_delta_log: " + sdk + ": Connection refused");
    s3a.initCause(sdk);
    RuntimeException spark = new RuntimeException("Job aborted due to stage failure", s3a);

    ObjectStoreErrors.Failure f = ObjectStoreErrors.explain(spark).orElseThrow();

    assertThat(f.kind()).isEqualTo(ObjectStoreErrors.Kind.UNREACHABLE);
    assertThat(f.store()).isEqualTo("s3a://lake");
    assertThat(f.operation()).isEqualTo("getFileStatus");
    assertThat(f.message())
        .isEqualTo(
            "object store s3a://lake unreachable: getFileStatus on"
                + " s3a://lake/wh/follows/_delta_log failed after retries (Unable to execute HTTP"
                + " request: Connect to 127.0.0.1:9878 [/127.0.0.1] failed: Connection refused"
                + " (SDK Attempt Count: 3); check that the store runs and fs.s3a.endpoint)");
  }

  @Test
  void forbiddenUnderAProductWrapperBecomesAccessDenied() {
    AccessDeniedException denied =
        new AccessDeniedException(
            "s3a://lake/d/follows/dt=2026-11-24: listObjects() on s3a://lake/d/follows/dt=2026-11-24:"
                + " software.amazon.awssdk.services.s3.model.S3Exception: Forbidden (Service: S3,"
                + " Status Code: 403):InvalidAccessKeyId");
    PasifException wrapped = new PasifException("cannot list input s3a://lake/d", denied);

    ObjectStoreErrors.Failure f = ObjectStoreErrors.explain(wrapped).orElseThrow();

    assertThat(f.kind()).isEqualTo(ObjectStoreErrors.Kind.ACCESS_DENIED);
    assertThat(f.operation()).isEqualTo("listObjects");
    assertThat(f.message())
        .startsWith(
            "access denied by s3a://lake (listObjects on s3a://lake/d/follows/dt=2026-11-24;")
        .contains("check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void unknownStoreNamesTheBucket() {
    UnknownStoreException e =
        new UnknownStoreException(
            "s3a://nope/wh", "getFileStatus on s3a://nope/wh: 404 NoSuchBucket");

    ObjectStoreErrors.Failure f = ObjectStoreErrors.explain(e).orElseThrow();

    assertThat(f.kind()).isEqualTo(ObjectStoreErrors.Kind.NO_SUCH_BUCKET);
    assertThat(f.message()).startsWith("bucket s3a://nope does not exist (getFileStatus on");
  }

  @Test
  void failuresThatDidNotComeFromTheStoreAreLeftAlone() {
    assertThat(ObjectStoreErrors.explain(new IllegalArgumentException("bad --date"))).isEmpty();
    // A missing input folder is the product's own diagnosis; it names an s3a path but is no
    // failure of the store.
    PasifException missing =
        new PasifException(
            "missing input: no follows for 2026-11-24 (s3a://lake/d/follows/dt=2026-11-24)",
            new FileNotFoundException("No such file or directory: s3a://lake/d/follows"));
    assertThat(ObjectStoreErrors.explain(missing)).isEmpty();
  }
}
