package id.pasif.evaluate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.activity.Activity;
import id.pasif.activity.Window;
import id.pasif.dump.DumpDataset;
import id.pasif.segment.Segment;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * A labelled profile file: a CSV with a header, pasif's {@code profiles} columns (any subset: a
 * missing column is unknown for every row) plus {@code label} ({@code bot_like}/{@code fake}/{@code
 * 1} or {@code human}/{@code genuine}/{@code 0}) and optionally {@code split} ({@code train} /
 * {@code test}). Columns are matched by name; other columns are ignored.
 */
public final class LabelledProfiles {
  private LabelledProfiles() {}

  /** 1.0 for a fake (bot-like) account, 0.0 for a genuine one. */
  public static final String IS_FAKE = "is_fake";

  /** The split column (train / test), null when the file has none. */
  public static final String SPLIT = "split";

  public static final String LABEL = "label";

  static final Set<String> FAKE =
      Set.of(Segment.BOT_LIKE.label(), "fake", "1", "true", "bot", "spammer");
  static final Set<String> GENUINE = Set.of(Metrics.HUMAN, "genuine", "0", "false", "real");

  /** The file's rows as pasif profiles, with {@link #IS_FAKE} and {@link #SPLIT}. */
  public static Dataset<Row> read(SparkSession spark, String file) {
    Dataset<Row> raw;
    try {
      raw =
          spark
              .read()
              .option("header", "true")
              .option("multiLine", "true")
              .option("escape", "\"")
              .csv(Warehouse.normalise(file));
    } catch (RuntimeException e) {
      throw new PasifException("cannot read the labelled profiles " + file + ": " + e.getMessage());
    }
    List<String> present = Arrays.asList(raw.columns());
    if (!present.contains(LABEL)) {
      throw new PasifException(
          "the labelled profiles " + file + " have no 'label' column (columns: " + present + ")");
    }
    if (!present.contains(USER_ID)) {
      throw new PasifException("the labelled profiles " + file + " have no 'user_id' column");
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : DumpDataset.PROFILES.schema().fields()) {
      Column c =
          present.contains(f.name())
              ? trim(col("`" + f.name() + "`")).cast(f.dataType())
              : lit(null).cast(f.dataType());
      cols.add(c.as(f.name()));
    }
    Column label = lower(trim(col(LABEL)));
    cols.add(
        when(label.isin(FAKE.toArray()), lit(1.0))
            .when(label.isin(GENUINE.toArray()), lit(0.0))
            .as(IS_FAKE));
    cols.add(
        (present.contains(SPLIT) ? lower(trim(col(SPLIT))) : lit(null).cast("string")).as(SPLIT));
    Dataset<Row> rows = raw.select(cols.toArray(new Column[0]));
    List<Row> bad = rows.filter(col(IS_FAKE).isNull()).select(USER_ID).limit(1).collectAsList();
    if (!bad.isEmpty()) {
      throw new PasifException(
          "the labelled profiles "
              + file
              + " have a label that is neither fake ("
              + String.join("/", FAKE)
              + ") nor genuine ("
              + String.join("/", GENUINE)
              + "), e.g. user_id "
              + bad.get(0).get(0));
    }
    return rows;
  }

  /**
   * follower_features rows for labelled profiles, as the activity stage writes them for followers
   * with profiles and no activity: the profile columns from {@link Activity#profileFeatures}, one
   * standing relationship not judged, no interactions, no behaviour. Keeps {@link #IS_FAKE} and
   * {@link #SPLIT}.
   */
  public static Dataset<Row> asFollowerFeatures(Dataset<Row> labelled, LocalDate date) {
    Window w = Window.of(date, 28, ZoneId.of("Asia/Jakarta"));
    Dataset<Row> profile = Activity.profileFeatures(labelled, w);
    Dataset<Row> labels = labelled.select(col(USER_ID).as(FOLLOWER_ID), col(IS_FAKE), col(SPLIT));
    return profile
        .join(labels, FOLLOWER_ID)
        .select(
            col("*"),
            lit(1L).as(ACCOUNTS_FOLLOWED),
            lit(0L).as(ENGAGED_RELATIONSHIPS),
            lit(0L).as(SILENT_RELATIONSHIPS),
            lit(1L).as(NOT_JUDGED_RELATIONSHIPS),
            lit(null).cast("double").as(ENGAGED_SHARE),
            lit(null).cast("double").as(SILENT_SHARE),
            lit(0L).as(EXPOSED_POSTS),
            lit(0L).as(INTERACTIONS_ON_FOLLOWED),
            lit(0L).as(INTERACTIONS_NOT_FOLLOWED),
            lit(null).cast("double").as(INTERACTION_RATE),
            lit(0L).as(FOLLOWS_MADE),
            lit(0L).as(FOLLOW_BURST_MAX),
            lit(null).cast("double").as(BURST_FOLLOW_SHARE),
            lit(0L).as(LOCKSTEP_MAX),
            lit(0L).as(COMMENTS_WITH_TEXT),
            lit(null).cast("double").as(COMMENT_DUPLICATE_SHARE),
            lit(null).cast("double").as(FAST_REACTION_SHARE),
            lit(null).cast("double").as(CLOCK_REGULARITY),
            lit(null).cast("long").as(COHORT_LOCKSTEP_MAX),
            lit(0L).as(MUTUAL_PARTNERS),
            lit(null).cast("double").as(MUTUAL_PARTNER_LINKS),
            lit(null).cast("double").as(MUTUAL_GROUP_CLOSURE));
  }
}
