package id.pasif.docs;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The README's table reference documents every table and every column the code writes. */
@Tag("quick")
class TableReferenceTest {
  @Test
  void readmeDocumentsEveryColumnOfEveryTable() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (TableSpec t : Tables.ALL) {
      String heading = "### `" + t.name() + "`";
      int at = readme.indexOf(heading);
      assertThat(at).as("README section for table " + t.name()).isGreaterThanOrEqualTo(0);
      int next = readme.indexOf("\n### ", at + heading.length());
      String section = readme.substring(at, next < 0 ? readme.length() : next);
      for (StructField f : t.schema().fields()) {
        assertThat(section)
            .as("README documents " + t.name() + "." + f.name())
            .contains("| " + f.name() + " |");
      }
    }
  }
}
