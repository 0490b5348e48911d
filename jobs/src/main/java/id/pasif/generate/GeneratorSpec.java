package id.pasif.generate;

import id.pasif.PasifException;
import id.pasif.dump.DumpFormat;
import java.time.LocalDate;

/**
 * What {@code pasif generate} makes.
 *
 * @param out root URI of the dump
 * @param date the dump date D: snapshots as of D, events in the {@code days} days ending with D
 * @param users number of users (every user follows at least one account)
 * @param accounts number of accounts that post (users {@code 1..accounts}); the rest only follow
 * @param days days of posts and interactions before D
 * @param seed seed of every draw
 * @param botShare share of users that are bot-like
 * @param passiveShare share of users that are passive humans
 * @param format file format of the four datasets
 * @param files number of files per dataset
 * @param interactions false for a profile-only dump: follows and profiles only; the posts and
 *     interactions folders then hold one empty file each
 * @param dirtyRate share of records replaced by (or, for duplicates, added as) bad records; 0 for a
 *     clean dump. JSON lines formats only, since malformed lines exist only in text
 */
public record GeneratorSpec(
    String out,
    LocalDate date,
    long users,
    long accounts,
    int days,
    long seed,
    double botShare,
    double passiveShare,
    DumpFormat format,
    int files,
    boolean interactions,
    double dirtyRate) {

  public GeneratorSpec {
    if (users < 2) {
      throw new PasifException("--users must be at least 2");
    }
    if (accounts < 1 || accounts >= users) {
      throw new PasifException("--accounts must be between 1 and users - 1");
    }
    if (days < 1) {
      throw new PasifException("--days must be at least 1");
    }
    if (botShare < 0 || passiveShare < 0 || botShare + passiveShare > 1) {
      throw new PasifException("--bot-share and --passive-share must be >= 0 and sum to <= 1");
    }
    if (files < 1) {
      throw new PasifException("--files must be at least 1");
    }
    if (dirtyRate < 0 || dirtyRate > 0.5) {
      throw new PasifException("--dirty-rate must be between 0 and 0.5");
    }
    if (dirtyRate > 0 && format != DumpFormat.JSONL && format != DumpFormat.JSONL_GZ) {
      throw new PasifException("--dirty-rate needs --format jsonl or jsonl.gz");
    }
  }

  /** Default number of posting accounts for {@code users} users: one in ten, at least two. */
  public static long defaultAccounts(long users) {
    return Math.max(2, Math.min(users - 1, users / 10));
  }
}
