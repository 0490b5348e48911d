package id.pasif.report;

import java.util.List;

/** HTML text helpers for the report. */
public final class Html {
  private Html() {}

  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A table with a header row; cells are escaped. */
  public static String table(String cssClass, List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<table class=\"" + escape(cssClass) + "\"><thead><tr>");
    for (String h : header) {
      b.append("<th>").append(escape(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      b.append("<tr>");
      for (String c : r) {
        b.append("<td>").append(escape(c)).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</tbody></table>").toString();
  }
}
