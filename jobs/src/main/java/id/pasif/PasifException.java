package id.pasif;

/**
 * A failure the user can act on: bad input, bad configuration, a missing table. The CLI prints its
 * message as one line on stderr, without a stack trace unless {@code --verbose}, and exits with
 * {@link #exitCode()}.
 */
public class PasifException extends RuntimeException {
  /** Exit code of a run that failed for a reason other than the command line. */
  public static final int EXIT_FAILURE = 1;

  private final int exitCode;

  public PasifException(String message) {
    this(message, EXIT_FAILURE, null);
  }

  public PasifException(String message, Throwable cause) {
    this(message, EXIT_FAILURE, cause);
  }

  public PasifException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
