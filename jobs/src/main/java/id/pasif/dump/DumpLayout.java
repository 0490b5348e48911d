package id.pasif.dump;

import java.time.LocalDate;

/**
 * Where a dump keeps its files: {@code <root>/<dataset>/dt=YYYY-MM-DD/part-NNNNN.<ext>}, and the
 * ground truth of a generated dump under {@code <root>/truth/}.
 */
public final class DumpLayout {
  private DumpLayout() {}

  public static String datasetFolder(String root, DumpDataset dataset, LocalDate date) {
    return root + "/" + dataset.tableName() + "/dt=" + date;
  }

  public static String truthFolder(String root) {
    return root + "/truth";
  }

  public static String labelsFile(String root) {
    return truthFolder(root) + "/labels.csv";
  }
}
