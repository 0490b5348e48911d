package id.pasif.report;

import static java.util.Map.entry;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import id.pasif.segment.Segment;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one home of how pasif draws charts, for the HTML report (SVG) and the notebooks (PNG): XChart
 * charts with one colour per segment and per cause everywhere, human labels instead of column
 * names, and tick labels rounded to what a reader needs.
 */
public final class Charts {
  private Charts() {}

  public static final Color ACTIVE = new Color(0x2e7d32);
  public static final Color PASSIVE = new Color(0xe69f00);
  public static final Color BOT_LIKE = new Color(0xc62828);

  /** Values that are not a segment or a cause (counts of accounts, seconds...). */
  public static final Color NEUTRAL = new Color(0x3b6ea8);

  private static final Map<String, Color> COLOURS =
      Map.ofEntries(
          entry(Segment.ACTIVE.label(), ACTIVE),
          entry(Segment.PASSIVE.label(), PASSIVE),
          // the cause bot_like is the segment's name (Cause.BOT_LIKE): the same colour
          entry(Segment.BOT_LIKE.label(), BOT_LIKE),
          entry(Cause.FOLLOW_BACK.label(), new Color(0x7b1fa2)),
          entry(Cause.HERD.label(), new Color(0x8d6e63)),
          entry(Cause.CONTENT_MISMATCH.label(), new Color(0x00838f)),
          entry(Cause.DORMANT.label(), new Color(0x9e9e9e)));

  private static final Map<String, String> LABELS =
      Map.ofEntries(
          entry(Segment.ACTIVE.label(), "active"),
          entry(Segment.PASSIVE.label(), "passive"),
          entry(Segment.BOT_LIKE.label(), "bot-like"),
          entry(Cause.FOLLOW_BACK.label(), "follow-back"),
          entry(Cause.HERD.label(), "herd (growth spike)"),
          entry(Cause.CONTENT_MISMATCH.label(), "engages elsewhere"),
          entry(Cause.DORMANT.label(), "dormant"));

  /** Distinct colours for series that are neither segments nor causes (accounts, stages). */
  private static final Color[] OTHERS = {
    NEUTRAL,
    new Color(0xd55e00),
    new Color(0x009e73),
    new Color(0xcc79a7),
    new Color(0x56b4e9),
    new Color(0x5d4037),
    new Color(0x7986cb),
    new Color(0x827717),
    new Color(0x263238),
    new Color(0xf06292)
  };

  /** The segment's or cause's colour; {@link #NEUTRAL} for anything else. */
  public static Color colour(String key) {
    return COLOURS.getOrDefault(key, NEUTRAL);
  }

  /** The i-th colour for series without a meaning of their own (accounts, stages). */
  public static Color other(int i) {
    return OTHERS[Math.floorMod(i, OTHERS.length)];
  }

  /** The reader's name of a segment or cause ({@code bot_like} is "bot-like"). */
  public static String label(String key) {
    return LABELS.getOrDefault(key, key.replace('_', ' '));
  }

  /** CSS hex of a colour, e.g. {@code #2e7d32}. */
  public static String hex(Color c) {
    return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
  }

  /** A bar chart in pasif's style; values are drawn above the bars. */
  public static CategoryChart bars(
      int width, int height, String title, String xTitle, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLabelsVisible(true);
    // the value inside the top of each bar, white on dark colours and black on light ones
    chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
    chart.getStyler().setLabelsPosition(0.93);
    chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    chart.getStyler().setAvailableSpaceFill(0.7);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    return chart;
  }

  /** A line chart over x values (e.g. run dates) in pasif's style, with markers. */
  public static XYChart lines(int width, int height, String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(7);
    chart.getStyler().setDatePattern("yyyy-MM-dd");
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    return chart;
  }

  /**
   * Bars whose colour says what they are: one series per category, each with its own colour (e.g.
   * segments), overlapped so that every category keeps one bar of full width.
   */
  public static void colouredBars(
      CategoryChart chart, List<String> keys, List<? extends Number> values) {
    chart.getStyler().setOverlapped(true);
    List<String> labels = keys.stream().map(Charts::label).toList();
    for (int i = 0; i < keys.size(); i++) {
      List<Double> one = new ArrayList<>();
      for (int j = 0; j < keys.size(); j++) {
        one.add(i == j ? values.get(j).doubleValue() : null);
      }
      CategorySeries s = chart.addSeries(labels.get(i), labels, one);
      s.setFillColor(colour(keys.get(i)));
    }
  }

  /** A line series in a given colour, drawn with circle markers. */
  public static XYSeries line(XYChart chart, String name, List<?> x, List<Double> y, Color c) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(c);
    s.setMarkerColor(c);
    s.setMarker(SeriesMarkers.CIRCLE);
    return s;
  }

  /** White background, light grid, readable fonts, tick labels without needless decimals. */
  public static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setPlotGridVerticalLinesVisible(false);
    s.setChartTitleBoxVisible(false);
    s.setLegendBorderColor(Color.WHITE);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setChartFontColor(new Color(0x222222));
    s.setAxisTickLabelsColor(new Color(0x333333));
    s.setSeriesColors(OTHERS);
    s.setYAxisTickLabelsFormattingFunction(Charts::tick);
    s.setDecimalPattern("#,##0.#");
  }

  /** A tick label: thousands separated, at most one decimal, none for whole numbers. */
  public static String tick(Double v) {
    if (v == null) {
      return "";
    }
    return new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(Math.abs(v) < 1e-9 ? 0.0 : v);
  }

  /** The chart as a PNG-ready image (notebooks: {@code display(Charts.png(chart))}). */
  public static BufferedImage png(Chart<?, ?> chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  private static final Pattern LONG_NUMBER = Pattern.compile("(-?\\d+\\.\\d)\\d+");
  private static final Pattern ROOT = Pattern.compile("<svg [^>]*>");

  /**
   * The chart as inline SVG that fills the width of its container and keeps its proportions: no XML
   * prologue, no fixed size, coordinates rounded to a tenth of a pixel (XChart draws text as
   * outlines, so this keeps the page small), and a title for screen readers.
   */
  public static String svg(Chart<?, ?> chart, String description) {
    int w = chart.getWidth();
    int h = chart.getHeight();
    VectorGraphics2D g = new VectorGraphics2D();
    chart.paint(g, w, h);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, w, h)).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String svg = out.toString(StandardCharsets.UTF_8);
    svg = svg.substring(svg.indexOf("<svg"));
    Matcher root = ROOT.matcher(svg);
    if (!root.find()) {
      throw new IllegalStateException("no <svg> element in XChart's output");
    }
    String open =
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\""
                + " preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"%s\">"
                + "<title>%s</title>",
            w,
            h,
            Html.escape(description),
            Html.escape(description));
    String body = LONG_NUMBER.matcher(svg.substring(root.end())).replaceAll("$1");
    // Clip-path ids made unique on a page that holds many charts.
    String prefix = "c" + Integer.toHexString(System.identityHashCode(chart));
    return open
        + body.replace("id=\"clip", "id=\"" + prefix + "clip")
            .replace("url(#clip", "url(#" + prefix + "clip");
  }
}
