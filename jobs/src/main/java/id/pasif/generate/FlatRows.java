package id.pasif.generate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The rows a generator makes from each user's row, one user at a time, in the users' order: the
 * iterator a {@code mapPartitions} over the users returns. Only one user's rows are held at once.
 */
final class FlatRows implements Iterator<Row> {
  /** Fills {@code out} with the rows of one user. */
  interface PerUser {
    void rows(World.User user, List<Row> out);
  }

  private final Iterator<Row> users;
  private final PerUser perUser;
  private final List<Row> buffer = new ArrayList<>();
  private int next;

  FlatRows(Iterator<Row> users, PerUser perUser) {
    this.users = users;
    this.perUser = perUser;
  }

  @Override
  public boolean hasNext() {
    while (next == buffer.size()) {
      if (!users.hasNext()) {
        return false;
      }
      buffer.clear();
      next = 0;
      perUser.rows(World.User.of(users.next()), buffer);
    }
    return true;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.get(next++);
  }
}
