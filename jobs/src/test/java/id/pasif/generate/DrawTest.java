package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpFormat;
import id.pasif.testing.SharedSpark;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Java draws ({@link Draw}, {@link World.Shared}) give exactly the numbers the Spark-expression
 * draws ({@link Random}, {@link Populations}) give: the profiles are Spark expressions and the
 * follows, posts and interactions Java code, and they must agree on every user they share.
 */
@Tag("quick")
class DrawTest {
  static final long SEED = 77;
  static final int N = 3000;

  static List<Row> sparkDraws(Column... draws) {
    SparkSession spark = SharedSpark.get();
    Column[] all = new Column[draws.length + 1];
    all[0] = col("id");
    System.arraycopy(draws, 0, all, 1, draws.length);
    return spark.range(1, N + 1, 1, 2).select(all).orderBy("id").collectAsList();
  }

  @Test
  void javaDrawsEqualTheSparkExpressionDrawsValueForValue() {
    Random rnd = new Random(SEED);
    Column id = col("id");
    Column other = id.multiply(7919L).plus(3L);
    double[] weights = {5.0, 1.0, 0.25, 3.5};
    List<Row> rows =
        sparkDraws(
            rnd.uniform("u", id),
            rnd.uniform("u2", id, other),
            rnd.between("b", 2, 15, id),
            rnd.between("b2", 0, 86399, id, other),
            rnd.chance("c", 0.3, id, other),
            rnd.pick("p", weights, id),
            rnd.logNormal("ln", 7200, 1.3, id, other),
            rnd.logNormal("ln1", 0.5, 0.8, id));
    Draw u = new Draw(SEED, "u");
    Draw u2 = new Draw(SEED, "u2");
    Draw b = new Draw(SEED, "b");
    Draw b2 = new Draw(SEED, "b2");
    Draw c = new Draw(SEED, "c");
    Draw.Pick p = new Draw.Pick(SEED, "p", weights);
    Draw.Normal ln = new Draw.Normal(SEED, "ln");
    Draw.Normal ln1 = new Draw.Normal(SEED, "ln1");
    int[] picked = new int[weights.length + 1];
    for (Row r : rows) {
      long i = r.getLong(0);
      long o = i * 7919L + 3L;
      assertThat(u.uniform(i)).as("uniform %d", i).isEqualTo(r.getDouble(1));
      assertThat(u2.uniform(i, o)).as("uniform2 %d", i).isEqualTo(r.getDouble(2));
      assertThat(b.between(2, 15, i)).as("between %d", i).isEqualTo(r.getLong(3));
      assertThat(b2.between(0, 86399, i, o)).as("between2 %d", i).isEqualTo(r.getLong(4));
      assertThat(c.chance(0.3, i, o)).as("chance %d", i).isEqualTo(r.getBoolean(5));
      assertThat(p.pick(i)).as("pick %d", i).isEqualTo(r.getInt(6));
      assertThat(ln.logNormal(7200, 1.3, i, o)).as("logNormal %d", i).isEqualTo(r.getDouble(7));
      assertThat(ln1.logNormal(0.5, 0.8, i)).as("logNormal1 %d", i).isEqualTo(r.getDouble(8));
      picked[p.pick(i)]++;
    }
    // the pick really spreads over its four outcomes, about in proportion (5 : 1 : 0.25 : 3.5)
    assertThat(picked[1]).isBetween(1400, 1700);
    assertThat(picked[3]).isBetween(40, 120);
  }

  @Test
  void javaWorldAgreesWithTheProfilesOnZonePodAndPosts() {
    GeneratorSpec spec =
        new GeneratorSpec(
            "file:///unused",
            LocalDate.of(2026, 11, 24),
            N,
            200,
            14,
            SEED,
            0.3,
            0.45,
            DumpFormat.PARQUET,
            2,
            true,
            0);
    Populations pop = new Populations(spec, ZoneId.of("Asia/Jakarta"));
    World world = pop.world();
    World.Shared shared = new World.Shared(world);
    List<Row> profiles =
        pop.profiles(pop.users(SharedSpark.get(), 2))
            .select(USER_ID, Populations.ZONE, Populations.POD, Populations.ENGAGEMENT)
            .orderBy(USER_ID)
            .collectAsList();
    int members = 0;
    for (Row r : profiles) {
      long id = r.getLong(0);
      assertThat(shared.zoneOf(id)).as("zone of %d", id).isEqualTo(r.getInt(1));
      assertThat(shared.isPodMember(id)).as("pod member %d", id).isEqualTo(!r.isNullAt(2));
      assertThat(shared.engagementOf(id)).as("engagement of %d", id).isEqualTo(r.getDouble(3));
      if (!r.isNullAt(2)) {
        members++;
        long pod = r.getLong(2);
        assertThat(world.podOf(id)).isEqualTo(pod);
        assertThat(shared.podMembers(pod)).contains(id);
      }
    }
    // 2,800 non-creators x 0.3 bots x 0.15 in pods: 126 expected
    assertThat(members).isBetween(90, 165);
  }
}
