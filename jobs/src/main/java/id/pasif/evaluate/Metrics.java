package id.pasif.evaluate;

import id.pasif.segment.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

  /** The true label "active or passive", for truth that cannot tell which. */
  public static final String HUMAN = "human";

  /** The segments a follower can be predicted in: {@link Segment#labels()}. */
  public static final List<String> PREDICTED = Segment.labels();

  /** The true labels: the segments, then {@link #HUMAN}. */
  public static final List<String> LABELS =
      Stream.concat(PREDICTED.stream(), Stream.of(HUMAN)).toList();

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
    return List.of(
        exactClass(c, Segment.ACTIVE.label()),
        exactClass(c, Segment.PASSIVE.label()),
        botLike(c),
        human(c));
  }

  private static Score exactClass(Confusion c, String cls) {
    long tp = c.get(cls, cls);
    long fp = 0;
    long fn = 0;
    for (String t : PREDICTED) {
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
    String active = Segment.ACTIVE.label();
    String passive = Segment.PASSIVE.label();
    String bot = Segment.BOT_LIKE.label();
    long tp = c.get(bot, bot);
    long fp = c.get(active, bot) + c.get(passive, bot) + c.get(HUMAN, bot);
    long fn = c.get(bot, active) + c.get(bot, passive);
    return score(bot, tp, fp, fn);
  }

  private static Score human(Confusion c) {
    String active = Segment.ACTIVE.label();
    String passive = Segment.PASSIVE.label();
    String bot = Segment.BOT_LIKE.label();
    long tp = 0;
    long fn = 0;
    for (String t : List.of(active, passive, HUMAN)) {
      tp += c.get(t, active) + c.get(t, passive);
      fn += c.get(t, bot);
    }
    long fp = c.get(bot, active) + c.get(bot, passive);
    return score(HUMAN, tp, fp, fn);
  }

  static Score score(String cls, long tp, long fp, long fn) {
    double precision = tp + fp == 0 ? 0.0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0.0 : tp / (double) (tp + fn);
    double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    return new Score(cls, tp + fn, precision, recall, f1);
  }
}
