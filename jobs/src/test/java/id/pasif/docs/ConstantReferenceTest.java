package id.pasif.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The docs name the home of a rule's threshold or name as {@code `Class.CONSTANT`}, optionally
 * followed by the value, {@code `Class.CONSTANT` (0.25)} or {@code `Class.CONSTANT` = 0.25}. Every
 * such reference in README.md and docs/*.md must name a static field of a pasif class, and a value
 * given next to it must be the field's value: a number restated in the docs cannot drift from its
 * home.
 */
@Tag("quick")
class ConstantReferenceTest {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "`([A-Z][A-Za-z0-9]*)[.#]([A-Z][A-Z0-9_]*)`(?:\\s*(?:=\\s*|\\(\\s*)(-?[0-9][0-9,]*(?:\\.[0-9]+)?))?");

  private static final List<String> PACKAGES =
      List.of(
          "activity",
          "cli",
          "config",
          "dump",
          "evaluate",
          "generate",
          "ingest",
          "report",
          "s3",
          "segment",
          "spark",
          "warehouse");

  record Reference(String file, String cls, String field, String value) {}

  static List<Reference> references() throws Exception {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("..", "README.md"));
    try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Reference> out = new ArrayList<>();
    for (Path f : files) {
      Matcher m = REFERENCE.matcher(Files.readString(f));
      while (m.find()) {
        out.add(new Reference(f.getFileName().toString(), m.group(1), m.group(2), m.group(3)));
      }
    }
    return out;
  }

  static Field field(String cls, String name) {
    for (String pkg : PACKAGES) {
      Class<?> c;
      try {
        c = Class.forName("id.pasif." + pkg + "." + cls);
      } catch (ClassNotFoundException e) {
        continue;
      }
      try {
        Field f = c.getDeclaredField(name);
        if (Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          return f;
        }
      } catch (NoSuchFieldException e) {
        // another package may hold a class of the same name
      }
    }
    return null;
  }

  @Test
  void everyNamedConstantExistsAndEveryValueStatedNextToItIsItsValue() throws Exception {
    List<Reference> refs = references();
    assertThat(refs.stream().filter(r -> r.value() != null))
        .as("the docs state values next to their homes")
        .hasSizeGreaterThan(10);
    for (Reference r : refs) {
      String where = r.file() + ": `" + r.cls() + "." + r.field() + "`";
      Field f = field(r.cls(), r.field());
      if (f == null) {
        fail(where + " names no static field of a pasif class");
      }
      if (r.value() == null) {
        continue;
      }
      Object v = f.get(null);
      assertThat(v).as(where + " is a number").isInstanceOf(Number.class);
      assertThat(Double.parseDouble(r.value().replace(",", "")))
          .as(where + " stated as " + r.value())
          .isEqualTo(((Number) v).doubleValue());
    }
  }
}
