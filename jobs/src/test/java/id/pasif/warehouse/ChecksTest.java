package id.pasif.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import id.pasif.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("quick")
class ChecksTest {
  static final LocalDate D = LocalDate.parse("2026-11-24");
  @TempDir Path tmp;

  @Test
  void everyTableGetsItsRangesFromItsNumericColumns() {
    // Throws for any double column without a declared range, so this covers every table.
    for (TableSpec t : Tables.ALL) {
      Checks.forTable(t);
    }
    Map<String, String> features = Checks.forTable(Tables.FOLLOWER_FEATURES);
    assertThat(features)
        .contains(
            entry("engaged_share_range", "engaged_share IS NULL OR engaged_share BETWEEN 0 AND 1"),
            entry("likes_range", "likes IS NULL OR likes >= 0"),
            entry(
                "following_to_followers_range",
                "following_to_followers IS NULL OR following_to_followers >= 0"),
            entry(
                "clock_regularity_range",
                "clock_regularity IS NULL OR clock_regularity BETWEEN 0 AND 1"))
        .doesNotContainKey("follower_id_range");
    assertThat(Checks.forTable(Tables.ACCOUNT_AUDIENCE))
        .containsEntry(
            "audience_quality_range",
            "audience_quality IS NULL OR audience_quality BETWEEN 0 AND 100");
    // Strings, dates and booleans carry no check; the quarantine table has no numeric column.
    assertThat(Checks.forTable(Tables.QUARANTINE)).isEmpty();
  }

  private Dataset<Row> accountDay(long posts, long newFollows, long youngNoPic) {
    SparkSession spark = SharedSpark.get();
    // The columns after these six (the latest posts' reactions) are nullable: left null.
    Object[] values = new Object[Tables.ACCOUNT_DAY.schema().size()];
    Object[] given = {
      Date.valueOf(D), 7L, Date.valueOf(D.minusDays(1)), posts, newFollows, youngNoPic
    };
    System.arraycopy(given, 0, values, 0, given.length);
    return spark.createDataFrame(List.of(RowFactory.create(values)), Tables.ACCOUNT_DAY.schema());
  }

  @Test
  void aWriteThatBreaksARangeFailsAndTheTableKeepsItsPreviousVersion() {
    Warehouse w = new Warehouse(SharedSpark.get(), tmp.toString());
    w.replaceDate(Tables.ACCOUNT_DAY, D, accountDay(2, 5, 1));

    assertThatThrownBy(() -> w.replaceDate(Tables.ACCOUNT_DAY, D, accountDay(2, -5, 1)))
        .hasStackTraceContaining("new_follows_range");

    List<Row> rows = w.readDate(Tables.ACCOUNT_DAY, D).collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<Long>getAs(Columns.NEW_FOLLOWS)).isEqualTo(5L);
  }

  @Test
  void aTableCreatedBeforeTheConstraintsGetsThemAdded() {
    SparkSession spark = SharedSpark.get();
    Warehouse w = new Warehouse(spark, tmp.toString());
    String location = w.location(Tables.ACCOUNT_DAY);
    // An older warehouse: the same table written without any constraint.
    accountDay(1, 1, 0).write().format("delta").save(location);
    assertThat(properties(spark, location)).noneMatch(k -> k.startsWith("delta.constraints."));

    w.ensure(Tables.ACCOUNT_DAY);

    assertThat(properties(spark, location))
        .contains(
            "delta.constraints.posts_range",
            "delta.constraints.new_follows_range",
            "delta.constraints.new_follows_young_no_pic_range");
    assertThatThrownBy(() -> w.replaceDate(Tables.ACCOUNT_DAY, D, accountDay(-1, 1, 0)))
        .hasStackTraceContaining("posts_range");
  }

  @Test
  void aTableIsComparedWithItsDeclarationOncePerWarehouse() {
    SparkSession spark = SharedSpark.get();
    String declared = Warehouse.declaration(Tables.ACCOUNT_DAY);
    // Created by ensure: the fingerprint of its declaration is stored on the table.
    Warehouse created = new Warehouse(spark, tmp.resolve("created").toString());
    created.ensure(Tables.ACCOUNT_DAY);
    assertThat(propertyMap(spark, created.location(Tables.ACCOUNT_DAY)))
        .containsEntry(Warehouse.DECLARATION_PROPERTY, declared)
        .containsKey("delta.constraints.posts_range");

    // Created by an earlier release (no fingerprint): compared, brought to the declaration, marked.
    Warehouse old = new Warehouse(spark, tmp.resolve("old").toString());
    accountDay(1, 1, 0).write().format("delta").save(old.location(Tables.ACCOUNT_DAY));
    old.ensure(Tables.ACCOUNT_DAY);
    assertThat(propertyMap(spark, old.location(Tables.ACCOUNT_DAY)))
        .containsEntry(Warehouse.DECLARATION_PROPERTY, declared)
        .containsKey("delta.constraints.posts_range");

    // Marked with the current declaration: not compared again (the check a run skips), so a
    // table without constraints but carrying the fingerprint is left as it is.
    Warehouse marked = new Warehouse(spark, tmp.resolve("marked").toString());
    String location = marked.location(Tables.ACCOUNT_DAY);
    accountDay(1, 1, 0).write().format("delta").save(location);
    spark.sql(
        "ALTER TABLE delta.`"
            + location
            + "` SET TBLPROPERTIES ('"
            + Warehouse.DECLARATION_PROPERTY
            + "' = '"
            + declared
            + "')");
    marked.ensure(Tables.ACCOUNT_DAY);
    assertThat(properties(spark, location)).noneMatch(k -> k.startsWith("delta.constraints."));

    // Any change to the declaration changes the fingerprint, so the next run compares again.
    TableSpec oneMoreColumn =
        new TableSpec(
            Tables.ACCOUNT_DAY.name(),
            Tables.ACCOUNT_DAY.comment(),
            Tables.ACCOUNT_DAY.schema().add("extra_count", "long", true),
            Tables.ACCOUNT_DAY.partitionBy());
    assertThat(Warehouse.declaration(oneMoreColumn)).isNotEqualTo(declared);
    assertThat(Warehouse.declaration(Tables.ACCOUNT_DAY)).isEqualTo(declared);
  }

  private static Map<String, String> propertyMap(SparkSession spark, String location) {
    return DeltaTable.forPath(spark, location)
        .detail()
        .select("properties")
        .first()
        .<String, String>getJavaMap(0);
  }

  private static java.util.Set<String> properties(SparkSession spark, String location) {
    return DeltaTable.forPath(spark, location)
        .detail()
        .select("properties")
        .first()
        .<String, String>getJavaMap(0)
        .keySet();
  }
}
