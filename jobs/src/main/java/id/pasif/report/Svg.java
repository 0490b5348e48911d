package id.pasif.report;

import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts (no scripts, no fonts fetched): bars and histograms. */
public final class Svg {
  private Svg() {}

  /** One bar: its label, value and the text printed at its end. */
  public record Bar(String label, double value, String text) {}

  private static final String[] COLOURS = {"#3b6ea8", "#d08c2c", "#b8433a", "#5a9a5a", "#7d5ba6"};

  /** Horizontal bars, one row per bar, scaled to the largest value. */
  public static String horizontalBars(String title, List<Bar> bars) {
    int row = 26;
    int labelWidth = 170;
    int width = 640;
    int plot = width - labelWidth - 90;
    int height = 30 + row * Math.max(bars.size(), 1);
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    StringBuilder s = open(title, width, height);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = 24 + i * row;
      double w = max <= 0 ? 0 : plot * b.value() / max;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                  + "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                  + " fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%s</text>",
              labelWidth - 6,
              y + 14,
              Html.escape(b.label()),
              labelWidth,
              y,
              Math.max(w, 1),
              row - 8,
              COLOURS[i % COLOURS.length],
              labelWidth + Math.max(w, 1) + 4,
              y + 14,
              Html.escape(b.text())));
    }
    return s.append("</svg>").toString();
  }

  /** Vertical bars for consecutive bins, labelled below. */
  public static String histogram(String title, List<Bar> bins, String xLabel) {
    int width = 640;
    int height = 260;
    int left = 50;
    int bottom = 40;
    int plotH = height - bottom - 30;
    int n = Math.max(bins.size(), 1);
    double bw = (width - left - 10) / (double) n;
    double max = bins.stream().mapToDouble(Bar::value).max().orElse(0);
    StringBuilder s = open(title, width, height);
    for (int i = 0; i < bins.size(); i++) {
      Bar b = bins.get(i);
      double h = max <= 0 ? 0 : plotH * b.value() / max;
      double x = left + i * bw;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                  + " fill=\"%s\"><title>%s: %s</title></rect>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              x + 2,
              30 + plotH - h,
              bw - 4,
              Math.max(h, 0.5),
              COLOURS[0],
              Html.escape(b.label()),
              Html.escape(b.text()),
              x + bw / 2,
              height - bottom + 16,
              Html.escape(b.label())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                + "<text x=\"4\" y=\"24\">max %s</text>",
            left,
            30 + plotH,
            width - 10,
            30 + plotH,
            (left + width) / 2,
            height - 4,
            Html.escape(xLabel),
            Html.escape(String.format(Locale.ROOT, "%,.0f", max))));
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(String title, int width, int height) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\""
                + " font-size=\"12\"><title>%s</title>",
            width,
            height,
            width,
            height,
            Html.escape(title),
            Html.escape(title)));
  }
}
