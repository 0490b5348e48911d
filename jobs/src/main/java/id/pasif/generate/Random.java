package id.pasif.generate;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;

/**
 * Deterministic random numbers as Spark column expressions: a value depends only on the seed, a
 * salt naming the draw, and the row's keys, never on partitioning or task order. That is what makes
 * the same arguments give the same dump on a laptop and on a cluster.
 */
final class Random {
  private static final long TWO_53 = 1L << 53;

  private final long seed;

  Random(long seed) {
    this.seed = seed;
  }

  /** A uniform double in [0, 1) for the draw {@code salt} of the row keyed by {@code keys}. */
  Column uniform(String salt, Column... keys) {
    Column[] args = new Column[keys.length + 2];
    args[0] = lit(seed);
    args[1] = lit(salt);
    System.arraycopy(keys, 0, args, 2, keys.length);
    return pmod(xxhash64(args), lit(TWO_53)).divide((double) TWO_53);
  }

  /** A uniform double in (0, 1): safe under {@code log}. */
  Column open(String salt, Column... keys) {
    return uniform(salt, keys).multiply(1.0 - 1e-12).plus(1e-12);
  }

  /** A standard normal draw (Box-Muller). */
  Column normal(String salt, Column... keys) {
    return sqrt(log(open(salt + ".r", keys)).multiply(-2.0))
        .multiply(cos(uniform(salt + ".t", keys).multiply(2 * Math.PI)));
  }

  /** A log-normal draw with the given median and log-space spread. */
  Column logNormal(String salt, double median, double sigma, Column... keys) {
    return exp(normal(salt, keys).multiply(sigma).plus(Math.log(median)));
  }

  /** A whole number uniform in [lo, hi]. */
  Column between(String salt, long lo, long hi, Column... keys) {
    return floor(uniform(salt, keys).multiply((double) (hi - lo + 1))).cast("long").plus(lo);
  }

  /** True with probability {@code p}. */
  Column chance(String salt, Column p, Column... keys) {
    return uniform(salt, keys).lt(p);
  }

  Column chance(String salt, double p, Column... keys) {
    return chance(salt, lit(p), keys);
  }

  /**
   * An index in {@code [1, weights.length]} drawn with probability proportional to {@code weights[i
   * - 1]}: a chain of comparisons against the cumulative shares.
   */
  Column pick(String salt, double[] weights, Column... keys) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    Column u = uniform(salt, keys);
    Column chain = null;
    double cumulative = 0;
    for (int i = 0; i < weights.length - 1; i++) {
      cumulative += weights[i] / total;
      Column idx = lit(i + 1);
      chain = chain == null ? when(u.lt(cumulative), idx) : chain.when(u.lt(cumulative), idx);
    }
    Column last = lit(weights.length);
    return chain == null ? last : chain.otherwise(last);
  }
}
