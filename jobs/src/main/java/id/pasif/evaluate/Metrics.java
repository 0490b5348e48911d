package id.pasif.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision, recall and F1 per segment from a confusion matrix of (true label, predicted segment)
 * counts.
 *
 * <p>True labels are {@code active}, {@code passive}, {@code bot_like} or {@code human} ("active or
 * passive"). A {@code human} label counts for the bot-like and human scores only: it cannot say
 * whether a human predicted active was right.
 */
public final class Metrics {
  private Metrics() {}

  public static final String ACTIVE = "active";
  public static final String PASSIVE = "passive";
  public static final String BOT_LIKE = "bot_like";
  public static final String HUMAN = "human";

  public static final List<String> LABELS = List.of(ACTIVE, PASSIVE, BOT_LIKE, HUMAN);
  public static final List<String> PREDICTED = List.of(ACTIVE, PASSIVE, BOT_LIKE);

  /** Scores of one class. */
  public record Score(String segment, long support, double precision, double recall, double f1) {}

  /** (true, predicted) -> count. */
  public record Confusion(Map<String, Map<String, Long>> counts) {
    public long get(String truth, String predicted) {
      return counts.getOrDefault(truth, Map.of()).getOrDefault(predicted, 0L);
    }

    public long total() {
      return counts.values().stream()
          .flatMap(m -> m.values().stream())
          .mapToLong(Long::longValue)
          .sum();
    }

    public static Confusion of(Map<String, Map<String, Long>> counts) {
      Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
      for (String t : LABELS) {
        Map<String, Long> row = new LinkedHashMap<>();
        for (String p : PREDICTED) {
          row.put(p, counts.getOrDefault(t, Map.of()).getOrDefault(p, 0L));
        }
        copy.put(t, row);
      }
      return new Confusion(copy);
    }
  }

  /** Scores for active, passive, bot_like, then human (= active or passive) vs bot_like. */
  public static List<Score> scores(Confusion c) {
    return List.of(exactClass(c, ACTIVE), exactClass(c, PASSIVE), botLike(c), human(c));
  }

  private static Score exactClass(Confusion c, String cls) {
    long tp = c.get(cls, cls);
    long fp = 0;
    long fn = 0;
    for (String t : List.of(ACTIVE, PASSIVE, BOT_LIKE)) {
      if (!t.equals(cls)) {
        fp += c.get(t, cls);
      }
    }
    for (String p : PREDICTED) {
      if (!p.equals(cls)) {
        fn += c.get(cls, p);
      }
    }
    return score(cls, tp, fp, fn);
  }

  private static Score botLike(Confusion c) {
    long tp = c.get(BOT_LIKE, BOT_LIKE);
    long fp = c.get(ACTIVE, BOT_LIKE) + c.get(PASSIVE, BOT_LIKE) + c.get(HUMAN, BOT_LIKE);
    long fn = c.get(BOT_LIKE, ACTIVE) + c.get(BOT_LIKE, PASSIVE);
    return score(BOT_LIKE, tp, fp, fn);
  }

  private static Score human(Confusion c) {
    long tp = 0;
    long fn = 0;
    for (String t : List.of(ACTIVE, PASSIVE, HUMAN)) {
      tp += c.get(t, ACTIVE) + c.get(t, PASSIVE);
      fn += c.get(t, BOT_LIKE);
    }
    long fp = c.get(BOT_LIKE, ACTIVE) + c.get(BOT_LIKE, PASSIVE);
    return score(HUMAN, tp, fp, fn);
  }

  static Score score(String cls, long tp, long fp, long fn) {
    double precision = tp + fp == 0 ? 0.0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0.0 : tp / (double) (tp + fn);
    double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    return new Score(cls, tp + fn, precision, recall, f1);
  }
}
