package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpReader;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 1, {@code pasif ingest}: parses the dump of date D once, with explicit schemas, into the
 * bronze Delta tables; rows that break a rule go to {@code quarantine} with a reason.
 *
 * <p>Every row read is accounted for (read = accepted + quarantined, checked). All checks run
 * before any table is written, so a dump that fails them leaves the warehouse as it was.
 */
public final class IngestJob {
  /** Exit code of a run stopped by the data-quality gate (reject ratio, reconciliation). */
  public static final int EXIT_QUALITY = 3;

  private final SparkSession spark;
  private final PasifConfig config;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final String runId;
  private final int broadcastRepeats;

  public IngestJob(SparkSession spark, PasifConfig config, LocalDate date, String runId) {
    this(spark, config, date, runId, BROADCAST_REPEATS);
  }

  /** As above, broadcasting at most {@code broadcastRepeats} repeated keys (tests take 0). */
  IngestJob(
      SparkSession spark, PasifConfig config, LocalDate date, String runId, int broadcastRepeats) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.runId = runId;
    this.broadcastRepeats = broadcastRepeats;
  }

  /**
   * Rows read, accepted into bronze and quarantined (by reason), for one dataset, and the optional
   * timestamps set to null because they were out of range, in the rows that broke no row rule
   * (counted before the repeated keys are found, so a duplicate's nulled value counts too).
   */
  public record DatasetCounts(
      String dataset,
      String format,
      long read,
      long accepted,
      long quarantined,
      Map<String, Long> byReason,
      long nulledValues) {

    public DatasetCounts(
        String dataset,
        String format,
        long read,
        long accepted,
        long quarantined,
        Map<String, Long> byReason) {
      this(dataset, format, read, accepted, quarantined, byReason, 0);
    }

    /** Share of the rows read that were quarantined, for any reason. */
    public double rejectRatio() {
      return read == 0 ? 0.0 : quarantined / (double) read;
    }

    /**
     * Rows that break a rule: the quarantined ones except the redelivered events, which are no
     * fault of the dump (a late file sent again). The gate compares their share.
     */
    public long broken() {
      return quarantined - byReason.getOrDefault(Validation.ALREADY_DELIVERED, 0L);
    }

    /** Share of the rows read that break a rule ({@link #broken}). */
    public double brokenRatio() {
      return read == 0 ? 0.0 : broken() / (double) read;
    }
  }

  /**
   * The latest accepted timestamp: the end of the day after the dump date (one day of clock skew
   * tolerated), in the run-date calendar.
   */
  Instant latestAccepted() {
    return date.plusDays(2).atStartOfDay(config.dayZone()).toInstant();
  }

  public List<DatasetCounts> run() {
    String input = Warehouse.normalise(requireInput());
    DumpReader reader = new DumpReader(spark);
    // Locate everything first: a missing dataset fails the run before any table is touched.
    List<DumpReader.Source> sources = new ArrayList<>();
    for (DumpDataset d : DumpDataset.values()) {
      sources.add(reader.locate(input, d, date, config.inputFormat()));
    }
    warehouse.requireWritable();
    List<DatasetCounts> counts = new ArrayList<>();
    List<Dataset<Row>> checkedByDataset = new ArrayList<>();
    List<Dataset<Row>> toRelease = new ArrayList<>();
    LocalDate earliestEvent = null;
    try {
      // Pass 1 per dataset: parse once into a cache, with each row's first broken rule, counted.
      for (DumpReader.Source source : sources) {
        DumpDataset d = source.dataset();
        spark.sparkContext().setJobDescription("pasif ingest " + date + ": check " + d.tableName());
        Instant earliest = config.ingestEarliest();
        Dataset<Row> inRange =
            Validation.withOptionalTimestampsInRange(
                reader.read(source), d, earliest, latestAccepted());
        Dataset<Row> checked =
            Validation.withRejectReason(inRange, d, earliest, latestAccepted())
                .persist(StorageLevel.MEMORY_AND_DISK());
        checkedByDataset.add(checked);
        toRelease.add(checked);
        Totals totals = countRows(checked, source);
        counts.add(totals.counts());
        if (d == DumpDataset.INTERACTIONS) {
          earliestEvent = totals.earliestEventDate();
        }
      }
      // Pass 2 per dataset: the repeated keys (duplicates, redelivered events), keys only.
      List<Dataset<Row>> marked = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        DumpDataset d = sources.get(i).dataset();
        spark
            .sparkContext()
            .setJobDescription("pasif ingest " + date + ": repeats " + d.tableName());
        Dataset<Row> delivered =
            d == DumpDataset.INTERACTIONS
                    && earliestEvent != null
                    && warehouse.exists(Tables.INTERACTIONS)
                ? deliveredEventIds(earliestEvent)
                : null;
        Dataset<Row> checked = checkedByDataset.get(i);
        Repeats repeats = repeats(Validation.repeatedKeys(checked, d, delivered), toRelease);
        counts.set(i, withRepeats(counts.get(i), repeats));
        marked.add(repeats.marked(checked, d));
      }
      gate(counts);
      long[] written = new long[sources.size()];
      for (int i = 0; i < sources.size(); i++) {
        DumpDataset d = sources.get(i).dataset();
        spark.sparkContext().setJobDescription("pasif ingest " + date + ": " + d.tableName());
        written[i] =
            warehouse.replaceDate(Tables.bronze(d), date, accepted(marked.get(i), d, date));
      }
      Dataset<Row> quarantine = null;
      for (int i = 0; i < sources.size(); i++) {
        Dataset<Row> rejected = rejected(marked.get(i), sources.get(i).dataset(), date, runId);
        quarantine = quarantine == null ? rejected : quarantine.unionByName(rejected);
      }
      spark.sparkContext().setJobDescription("pasif ingest " + date + ": quarantine");
      long quarantined = warehouse.replaceDate(Tables.QUARANTINE, date, quarantine);
      reconcile(counts, written, quarantined);
      return counts;
    } catch (Exception e) {
      // Spark raises its read failures as (undeclared) checked SparkExceptions.
      throw InputErrors.explain(e);
    } finally {
      toRelease.forEach(Dataset::unpersist);
    }
  }

  /**
   * Repeated keys collected to the driver and broadcast, up to this many; more (a dump that is
   * mostly a redelivery) are joined by a shuffle instead, from a cache.
   */
  static final int BROADCAST_REPEATS = 200_000;

  /**
   * The repeated keys to join back onto a dataset's rows (null when there are none), and the rows
   * they quarantine: {@code duplicates} (every valid row of a key after its first) and {@code
   * alreadyDelivered} (the first valid row of a key another delivery brought).
   */
  private record Repeats(Dataset<Row> keys, long duplicates, long alreadyDelivered) {
    /**
     * The dataset's rows with the repeated keys' reasons ({@link Validation#withRepeatReasons});
     * most nights repeat no key, and the rows are then written as checked, without the join.
     */
    Dataset<Row> marked(Dataset<Row> checked, DumpDataset dataset) {
      return keys == null ? checked : Validation.withRepeatReasons(checked, dataset, keys);
    }
  }

  /**
   * Runs {@link Validation#repeatedKeys} once. Usually a handful of keys: they are counted on the
   * driver and broadcast, so the rows are never shuffled. Past {@link #BROADCAST_REPEATS} they stay
   * distributed (cached, released with {@code toRelease}) and are counted by one more job.
   */
  private Repeats repeats(Dataset<Row> repeatedKeys, List<Dataset<Row>> toRelease) {
    List<Row> few = repeatedKeys.limit(broadcastRepeats + 1).collectAsList();
    int repeatsAt = repeatedKeys.schema().fieldIndex(Validation.REPEATS);
    int seenAt = repeatedKeys.schema().fieldIndex(Validation.SEEN);
    if (few.isEmpty()) {
      return new Repeats(null, 0, 0);
    }
    if (few.size() <= broadcastRepeats) {
      long duplicates = 0;
      long alreadyDelivered = 0;
      for (Row r : few) {
        duplicates += r.getLong(repeatsAt) - 1;
        alreadyDelivered += r.getBoolean(seenAt) ? 1 : 0;
      }
      return new Repeats(
          broadcast(spark.createDataFrame(few, repeatedKeys.schema())),
          duplicates,
          alreadyDelivered);
    }
    Dataset<Row> many = repeatedKeys.persist(StorageLevel.MEMORY_AND_DISK());
    toRelease.add(many);
    Row n =
        many.agg(sum(col(Validation.REPEATS).minus(1)), count(when(col(Validation.SEEN), lit(1))))
            .first();
    return new Repeats(many, n.getLong(0), n.getLong(1));
  }

  /** The counts of pass 1 with the rows the repeated keys quarantine moved out of accepted. */
  private static DatasetCounts withRepeats(DatasetCounts c, Repeats r) {
    Map<String, Long> byReason = new TreeMap<>(c.byReason());
    if (r.duplicates() > 0) {
      byReason.put(Validation.DUPLICATE_KEY, r.duplicates());
    }
    if (r.alreadyDelivered() > 0) {
      byReason.put(Validation.ALREADY_DELIVERED, r.alreadyDelivered());
    }
    long moved = r.duplicates() + r.alreadyDelivered();
    return new DatasetCounts(
        c.dataset(),
        c.format(),
        c.read(),
        c.accepted() - moved,
        c.quarantined() + moved,
        byReason,
        c.nulledValues());
  }

  /**
   * The event ids bronze holds from the deliveries that can carry an earlier copy of an event of
   * this dump, or a copy delivered by a later date ingested before this one (a backfill): an event
   * stamped on local day E is accepted only from the dumps of E - 1 on ({@link #latestAccepted}),
   * so the dates from {@code earliestEvent - 1} (at the earliest the window's first date, before
   * which no night reads bronze) up to the last date whose window holds this one, this date itself
   * excluded (a re-run replaces it). Needs the interactions table.
   */
  private Dataset<Row> deliveredEventIds(LocalDate earliestEvent) {
    LocalDate firstWindowDate = date.minusDays(config.windowDays() - 1L);
    LocalDate from = earliestEvent.minusDays(1);
    if (from.isBefore(firstWindowDate)) {
      from = firstWindowDate;
    }
    Column dt = col(DT);
    return warehouse
        .read(Tables.INTERACTIONS)
        .where(
            dt.between(lit(from), lit(date.minusDays(1)))
                .or(dt.between(lit(date.plusDays(1)), lit(date.plusDays(config.windowDays())))))
        .select(col(EVENT_ID));
  }

  /**
   * Fails when the rows written differ from the rows counted before the gate (a product fault, not
   * bad input: every read row must land in bronze or quarantine, as counted).
   */
  private static void reconcile(
      List<DatasetCounts> counts, long[] written, long quarantineWritten) {
    long quarantinedCounted = 0;
    for (int i = 0; i < counts.size(); i++) {
      DatasetCounts c = counts.get(i);
      if (c.accepted() != written[i]) {
        throw reconciliationFailure(
            c.dataset() + ": counted " + c.accepted() + " accepted rows, wrote " + written[i]);
      }
      quarantinedCounted += c.quarantined();
    }
    if (quarantinedCounted != quarantineWritten) {
      throw reconciliationFailure(
          "counted " + quarantinedCounted + " quarantined rows, wrote " + quarantineWritten);
    }
  }

  private static PasifException reconciliationFailure(String what) {
    return new PasifException("reconciliation failed after the write: " + what, EXIT_QUALITY, null);
  }

  /** The check pass's counts and the earliest local day of an accepted event (null if none). */
  private record Totals(DatasetCounts counts, LocalDate earliestEventDate) {}

  /**
   * One pass (one Spark job) over a checked dataset: rows, rows per reason, non-null rows per
   * required column and, for interactions, the earliest accepted event.
   */
  private Totals countRows(Dataset<Row> checked, DumpReader.Source source) {
    DumpDataset d = source.dataset();
    List<Column> aggs = new ArrayList<>();
    for (String c : d.requiredColumns()) {
      aggs.add(count(col(c)).as("non_null_" + c));
    }
    aggs.add(
        coalesce(sum(when(col(REASON).isNull(), col(Validation.NULLED_VALUES))), lit(0L))
            .cast("long")
            .as("nulled"));
    aggs.add(count(col(REASON)).as("quarantined"));
    for (String reason : Validation.REASONS) {
      aggs.add(count(when(col(REASON).equalTo(reason), lit(1))).as("reason_" + reason));
    }
    boolean events = d == DumpDataset.INTERACTIONS;
    aggs.add(
        events
            ? min(when(
                    col(REASON).isNull(),
                    to_date(from_utc_timestamp(col(TS), config.dayZone().getId()))))
                .as("earliest")
            : lit(null).cast("date").as("earliest"));
    Row totals = checked.agg(count(lit(1)).as("read"), aggs.toArray(new Column[0])).first();
    long read = totals.getLong(0);
    int at = 1 + d.requiredColumns().size();
    long nulled = totals.getLong(at);
    long quarantined = totals.getLong(at + 1);
    Map<String, Long> byReason = new TreeMap<>();
    for (int i = 0; i < Validation.REASONS.size(); i++) {
      long n = totals.getLong(at + 2 + i);
      if (n > 0) {
        byReason.put(Validation.REASONS.get(i), n);
      }
    }
    long byReasonTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (byReasonTotal != quarantined) {
      throw reconciliationFailure(
          d.tableName()
              + ": "
              + quarantined
              + " rows with a reason, "
              + byReasonTotal
              + " by known reason");
    }
    Object earliest = totals.get(at + 2 + Validation.REASONS.size());
    if (read > 0) {
      for (int i = 0; i < d.requiredColumns().size(); i++) {
        if (totals.getLong(i + 1) == 0) {
          throw new PasifException(
              "required column "
                  + d.requiredColumns().get(i)
                  + " missing from "
                  + d.tableName()
                  + " (null in all "
                  + read
                  + " rows of "
                  + source.folder()
                  + ")");
        }
      }
    } else if (d.kind() == DumpDataset.Kind.SNAPSHOT) {
      throw new PasifException(
          "empty input: " + d.tableName() + " in " + source.folder() + " holds no rows");
    }
    return new Totals(
        new DatasetCounts(
            d.tableName(),
            source.format().id(),
            read,
            read - quarantined,
            quarantined,
            byReason,
            nulled),
        earliest == null ? null : ((java.sql.Date) earliest).toLocalDate());
  }

  /** The data-quality gate: fails the run before anything is written. */
  private void gate(List<DatasetCounts> counts) {
    for (DatasetCounts c : counts) {
      if (c.accepted() + c.quarantined() != c.read()) {
        throw new PasifException(
            "reconciliation failed for "
                + c.dataset()
                + ": read "
                + c.read()
                + " != accepted "
                + c.accepted()
                + " + quarantined "
                + c.quarantined(),
            EXIT_QUALITY,
            null);
      }
      if (c.brokenRatio() > config.maxRejectRatio()) {
        throw new PasifException(
            String.format(
                "%s: %d of %d rows (%.1f%%) break the rules %s, more than"
                    + " pasif.ingest.max.reject.ratio=%s; nothing was written",
                c.dataset(),
                c.broken(),
                c.read(),
                100 * c.brokenRatio(),
                c.byReason(),
                config.maxRejectRatio()),
            EXIT_QUALITY,
            null);
      }
    }
  }

  private String requireInput() {
    if (config.input().isBlank()) {
      throw new PasifException("no input: give --input URI (or pasif.input in the conf)");
    }
    return config.input();
  }

  /** The rows that broke no rule, typed as the bronze table, with {@code dt}. */
  static Dataset<Row> accepted(Dataset<Row> checked, DumpDataset dataset, LocalDate date) {
    Column[] cols =
        Arrays.stream(dataset.schema().fieldNames())
            .map(n -> n.equals(TYPE) ? lower(col(n)).as(n) : col(n))
            .toArray(Column[]::new);
    return checked.where(col(REASON).isNull()).select(cols).withColumn(DT, lit(date));
  }

  /** The rows that broke a rule, as quarantine rows. */
  static Dataset<Row> rejected(
      Dataset<Row> checked, DumpDataset dataset, LocalDate date, String runId) {
    Column[] dataCols =
        Arrays.stream(dataset.schema().fieldNames())
            .map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new);
    return checked
        .where(col(REASON).isNotNull())
        .select(
            lit(date).as(DT),
            lit(runId).as(RUN_ID),
            lit(dataset.tableName()).as(DATASET),
            col(SOURCE_FILE),
            col(REASON),
            coalesce(col(DumpReader.CORRUPT_RECORD), to_json(struct(dataCols))).as(RAW));
  }
}
