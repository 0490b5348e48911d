package id.pasif.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The run date option shared by the stage commands. */
public class DateOption {
  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Run date D: the dump date to process (Airflow's {{ ds }}).")
  LocalDate date;
}
