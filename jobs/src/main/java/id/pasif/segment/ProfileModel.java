package id.pasif.segment;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import id.pasif.PasifException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The profile model: a logistic regression fitted by MLlib on real accounts labelled fake or
 * genuine ({@link ProfileModelTrainer}), shipped in the jar as {@value #RESOURCE} and scored as one
 * Spark column expression (no UDF, the same on a laptop and on a cluster's executors).
 *
 * <p>How it treats what it does not know: a feature whose input is null is <b>unknown</b>. Its term
 * is replaced by the training mean, which is neutral because the training rows are balanced (half
 * fake, half genuine): an unknown field moves the score neither way. The range the score could take
 * if the unknown fields were known ({@link Feature#low} to {@link Feature#high}, the 2nd and 98th
 * percentiles of the training rows) decides whether the profile is <b>decided</b>: when that range
 * straddles the decision, the profile alone cannot settle it ({@link #undecided()}).
 *
 * <p>The decision: {@link #evidence()} is the posterior probability of "fake" at the prior fake
 * share that makes the decision threshold 0.5, i.e. {@code sigmoid(logit − logit(threshold))}; the
 * threshold was chosen by cross-validation on the training split only (see the artefact's {@code
 * metrics}). It is an absolute criterion, never a quantile of the population scored.
 *
 * @param version identifies the artefact (written into segment reasons and docs)
 * @param intercept the logistic regression's intercept (log-odds at balanced classes)
 * @param threshold model probability (balanced classes) from which a profile is fake-like
 * @param features the model's inputs, in order
 * @param training how the artefact was made: command, data file, its sha256, rows, parameters
 * @param metrics cross-validated figures on the training split, for the record
 */
public record ProfileModel(
    String version,
    double intercept,
    double threshold,
    List<Feature> features,
    Map<String, Object> training,
    Map<String, Object> metrics) {

  /** The model shipped in the jar. */
  public static final String RESOURCE = "/id/pasif/segment/profile-model.json";

  /** How a raw profile column becomes a model input. */
  public enum Transform {
    /** {@code ln(1 + max(x, 0))}, for counts. */
    LOG1P,
    /** 1 when the boolean is false, 0 when true ("no profile picture"). */
    IS_FALSE,
    /** 1 when the boolean is true, 0 when false. */
    IS_TRUE,
    /** The value as it is (a share in [0, 1]). */
    IDENTITY;

    Column apply(Column raw) {
      return switch (this) {
        // greatest() skips nulls: the when() keeps an unknown count unknown
        case LOG1P -> when(raw.isNotNull(), log1p(greatest(raw.cast("double"), lit(0.0))));
        case IS_FALSE -> when(raw, lit(0.0)).when(not(raw), lit(1.0));
        case IS_TRUE -> when(raw, lit(1.0)).when(not(raw), lit(0.0));
        case IDENTITY -> raw.cast("double");
      };
    }
  }

  /**
   * One input of the model.
   *
   * @param name short name of the input in the fitted vector
   * @param column the follower_features (= profiles) column it reads, named in reasons
   * @param transform how the column becomes the input
   * @param coefficient log-odds per unit of the transformed input
   * @param mean training mean of the input (the value an unknown takes)
   * @param sd training standard deviation (weights the share of evidence known)
   * @param low 2nd percentile on the training rows
   * @param high 98th percentile on the training rows
   */
  public record Feature(
      String name,
      String column,
      Transform transform,
      double coefficient,
      double mean,
      double sd,
      double low,
      double high) {

    /** The transformed input, null when the column is null. */
    public Column input() {
      return transform.apply(col(column));
    }

    /** This feature's term of the log-odds, relative to the neutral (mean) value; 0 if unknown. */
    public Column contribution() {
      return coalesce(input().minus(lit(mean)).multiply(lit(coefficient)), lit(0.0));
    }

    /** How much this feature can move the log-odds on typical data: |coefficient| × sd. */
    public double weight() {
      return Math.abs(coefficient) * sd;
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The model shipped in the jar. */
  public static ProfileModel shipped() {
    try (InputStream in = ProfileModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new PasifException("the profile model " + RESOURCE + " is missing from the jar");
      }
      return JSON.readValue(in, ProfileModel.class);
    } catch (IOException e) {
      throw new PasifException("cannot read the profile model: " + e.getMessage(), e);
    }
  }

  /** A model written by {@code pasif train-profile-model}; null or blank means the shipped one. */
  public static ProfileModel load(String file) {
    if (file == null || file.isBlank()) {
      return shipped();
    }
    try {
      return JSON.readValue(Path.of(file).toFile(), ProfileModel.class);
    } catch (IOException e) {
      throw new PasifException("cannot read the profile model " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  /** Log-odds of "fake" with unknown inputs at their neutral value, relative to the threshold. */
  public Column margin() {
    double neutral = intercept - logit(threshold);
    for (Feature f : features) {
      neutral += f.coefficient() * f.mean();
    }
    Column m = lit(neutral);
    for (Feature f : features) {
      m = m.plus(f.contribution());
    }
    return m;
  }

  /** In [0, 1]; ≥ 0.5 exactly when the model probability reaches {@link #threshold}. */
  public Column evidence() {
    return lit(1.0).divide(lit(1.0).plus(exp(margin().multiply(-1.0))));
  }

  /** The most and the least the unknown inputs could add to {@link #margin()}. */
  private Column unknownRange(boolean most) {
    Column r = lit(0.0);
    for (Feature f : features) {
      double a = f.coefficient() * (f.low() - f.mean());
      double b = f.coefficient() * (f.high() - f.mean());
      r =
          r.plus(
              when(f.input().isNull(), lit(most ? Math.max(a, b) : Math.min(a, b))).otherwise(0.0));
    }
    return r;
  }

  /**
   * True when unknown inputs could put the profile on either side of the decision: known inputs
   * alone do not settle it.
   */
  public Column undecided() {
    Column m = margin();
    return m.plus(unknownRange(true)).geq(0).and(m.plus(unknownRange(false)).lt(0));
  }

  /** Share of the model's evidence weight whose input is known, in [0, 1]. */
  public Column knownShare() {
    double total = features.stream().mapToDouble(Feature::weight).sum();
    Column known = lit(0.0);
    for (Feature f : features) {
      known = known.plus(when(f.input().isNotNull(), lit(f.weight())).otherwise(0.0));
    }
    return known.divide(total);
  }

  /** Comma-separated columns of the unknown inputs, null when all are known. */
  public Column unknownNames() {
    List<Column> names = new ArrayList<>();
    for (Feature f : features) {
      names.add(when(f.input().isNull(), lit(f.column())));
    }
    Column joined = concat_ws(",", names.toArray(new Column[0]));
    return when(joined.notEqual(""), joined);
  }

  /**
   * The inputs that pushed the score towards "fake" by at least {@code minLogOdds}, strongest
   * first, as {@code name=value (+log-odds)}; null when none did.
   */
  public Column fakeReasons(double minLogOdds) {
    List<Column> items = new ArrayList<>();
    for (Feature f : features) {
      items.add(
          struct(
              f.contribution().as("c"),
              format_string(
                      "%s=%s (+%.1f)",
                      lit(f.column()), col(f.column()).cast("string"), f.contribution())
                  .as("t")));
    }
    Column strongest =
        sort_array(
            filter(array(items.toArray(new Column[0])), x -> x.getField("c").geq(minLogOdds)),
            false);
    Column joined = array_join(transform(strongest, x -> x.getField("t")), "; ");
    return when(joined.notEqual(""), joined);
  }
}
