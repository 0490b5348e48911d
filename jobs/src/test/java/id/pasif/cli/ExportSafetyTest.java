package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.report.ResearchExport;
import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pasif export --out} never writes into, over or around the warehouse or the input. */
class ExportSafetyTest {
  @TempDir Path tmp;

  @AfterEach
  void restoreEnvironment() {
    ExportCommand.environment = System::getenv;
  }

  @Test
  void exportIntoTheWarehouseOrTheInputIsRefusedBeforeAnythingIsTouched() {
    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    Path wh = tmp.resolve("wh");
    Cli.runOk(
        "ingest",
        "--date",
        TinyDump.DATE,
        "--input",
        dump.root().toString(),
        "--warehouse",
        wh.toString());
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    LocalDate d = LocalDate.parse(TinyDump.DATE);
    String before = w.contentHash(Tables.FOLLOWS, d);
    ExportCommand.environment = n -> n.equals(ResearchExport.KEY_ENV) ? "k" : null;
    String[][] cases = {
      {wh.toString(), "is the warehouse"},
      {wh.toString() + "/", "is the warehouse"},
      {wh.resolve("follows").toString(), "is inside the warehouse"},
      {tmp.toString(), "holds the warehouse"},
      {dump.root().resolve("follows").toString(), "is inside the input"},
    };
    for (String[] c : cases) {
      Cli.Outcome o =
          Cli.run(
              "export",
              "--date",
              TinyDump.DATE,
              "--warehouse",
              wh.toString(),
              "--set",
              "pasif.input=" + dump.root(),
              "--out",
              c[0]);
      assertThat(o.exitCode()).as(o.err()).isEqualTo(1);
      assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
      assertThat(o.err()).contains("--out " + c[0] + " " + c[1]);
    }
    // the tables and the dump are as they were
    assertThat(w.exists(Tables.FOLLOWS)).isTrue();
    assertThat(w.contentHash(Tables.FOLLOWS, d)).isEqualTo(before);
    assertThat(dump.folder("follows").resolve("part-00000.jsonl")).exists();
  }
}
