package id.pasif.activity;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The trailing window of a run: the {@code days} local days (in {@code zone}) ending with the run
 * date, as the half-open instant range {@code [start, end)}.
 */
public record Window(LocalDate runDate, int days, ZoneId zone, Instant start, Instant end) {

  public static Window of(LocalDate runDate, int days, ZoneId zone) {
    Instant end = runDate.plusDays(1).atStartOfDay(zone).toInstant();
    Instant start = runDate.plusDays(1).minusDays(days).atStartOfDay(zone).toInstant();
    return new Window(runDate, days, zone, start, end);
  }

  /** First local date of the window: bronze event partitions from here on can hold its events. */
  public LocalDate firstDate() {
    return runDate.minusDays(days - 1L);
  }

  public Timestamp startTs() {
    return Timestamp.from(start);
  }

  public Timestamp endTs() {
    return Timestamp.from(end);
  }
}
