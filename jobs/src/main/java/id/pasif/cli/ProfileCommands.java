package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.evaluate.LabelledProfiles;
import id.pasif.evaluate.Metrics;
import id.pasif.evaluate.ProfileComparison;
import id.pasif.evaluate.ProfileEvaluation;
import id.pasif.segment.ProfileModel;
import id.pasif.segment.ProfileModelTrainer;
import id.pasif.segment.Segment;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The commands around the profile model: scoring labelled profiles and fitting the model. */
final class ProfileCommands {
  private ProfileCommands() {}

  /** The labelled profile file every profile command reads (format: docs/segments.md). */
  static final class LabelledOption {
    @Option(
        names = "--labelled",
        required = true,
        paramLabel = "FILE",
        description = "Labelled profiles CSV: profiles columns + label (docs/segments.md).")
    String file;
  }

  @Command(
      name = "evaluate-profiles",
      mixinStandardHelpOptions = true,
      description = {
        "Score a labelled profile file with the segment stage's own code (profile model,"
            + " clustering, cluster mapping) and compare the bot-like decision with the labels.",
        "FILE: CSV with a header; pasif's profiles columns (user_id required; a missing column"
            + " is unknown) plus label (bot_like|fake|1 or human|genuine|0) and optionally split"
            + " (train|test). See docs/segments.md.",
        "Prints precision, recall, F1 and ROC-AUC of bot_score, the confusion, and precision"
            + " re-weighted to --prevalence fakes."
      })
  static final class Evaluate extends SparkCommand {
    /** Reads a labelled file only: no warehouse. */
    @Override
    Preflight.WarehouseUse warehouseUse() {
      return Preflight.WarehouseUse.NONE;
    }

    @Mixin LabelledOption labelled = new LabelledOption();

    @Option(
        names = "--split",
        paramLabel = "NAME",
        description = "Score only the rows of this split (e.g. test). Default: all rows.")
    String split;

    @Option(
        names = "--fit-on",
        paramLabel = "NAME",
        description =
            "Fit the profile model on this split of the same file first (e.g. train) instead of"
                + " using the shipped one.")
    String fitOn;

    @Option(
        names = "--cv",
        paramLabel = "K",
        description =
            "K-fold cross-validation over all rows: each fold scored by a model fitted on the"
                + " others (threshold by an inner cross-validation), over --split's rows or"
                + " all. Ignores --model and --fit-on.")
    Integer cv;

    @Option(
        names = "--model",
        paramLabel = "FILE",
        description = "A profile model written by train-profile-model (default: the shipped one).")
    String model;

    @Option(
        names = "--prevalence",
        paramLabel = "X",
        defaultValue = "0.1",
        description = "Fake share to re-weight precision to (default ${DEFAULT-VALUE}).")
    double prevalence;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    int run(PasifConfig config, SparkSession spark) {
      if (prevalence <= 0 || prevalence >= 1) {
        throw new PasifException("--prevalence must be between 0 and 1 (exclusive)", 2, null);
      }
      Dataset<Row> features =
          ProfileEvaluation.features(LabelledProfiles.read(spark, labelled.file)).cache();
      List<ProfileEvaluation.Scored> scored;
      String method;
      if (cv != null) {
        if (cv < 2) {
          throw new PasifException("--cv must be at least 2", 2, null);
        }
        scored =
            ProfileEvaluation.crossValidate(
                config, ProfileEvaluation.split(features, split), cv, "cv");
        method =
            cv
                + "-fold cross-validation over "
                + (split == null ? "all rows" : "split " + split)
                + " (nested threshold choice)";
      } else {
        ProfileModel m;
        if (fitOn != null) {
          m =
              ProfileModelTrainer.fit(
                  ProfileEvaluation.split(features, fitOn), "fitted-on-" + fitOn, Map.of());
          method = "model fitted on split " + fitOn;
        } else {
          m = ProfileModel.load(model);
          method = "profile model " + m.version();
        }
        scored = ProfileEvaluation.score(config, m, ProfileEvaluation.split(features, split));
        method += split == null ? ", all rows" : ", split " + split;
      }
      ProfileEvaluation.Result r = ProfileEvaluation.metrics(scored, prevalence, method);
      out().println(json ? toJson(r) : text(r));
      out().flush();
      return 0;
    }
  }

  static String text(ProfileEvaluation.Result r) {
    return String.format(
        Locale.ROOT,
        "%s%nlabelled %,d  fakes %,d%n%nbot_like  precision %.4f  recall %.4f  f1 %.4f  roc_auc"
            + " %.4f%nprecision at %.0f %% fakes (genuine re-weighted): %.4f%n%nconfusion (rows:"
            + " label, columns: decision)%n%-9s %9s %9s%n%-9s %9d %9d%n%-9s %9d %9d%n%nprofiles"
            + " whose unknown fields could decide (is_insufficient_evidence): %,d",
        r.method(),
        r.rows(),
        r.tp() + r.fn(),
        r.precision(),
        r.recall(),
        r.f1(),
        r.auc(),
        r.prevalence() * 100,
        r.precisionAtPrevalence(),
        "",
        Segment.BOT_LIKE.label(),
        Metrics.HUMAN,
        "fake",
        r.tp(),
        r.fn(),
        "genuine",
        r.fp(),
        r.tn(),
        r.insufficient());
  }

  static String toJson(ProfileEvaluation.Result r) {
    return String.format(
        Locale.ROOT,
        "{\"method\":\"%s\",\"rows\":%d,\"fakes\":%d,\"precision\":%.6f,\"recall\":%.6f,"
            + "\"f1\":%.6f,\"roc_auc\":%.6f,\"prevalence\":%.4f,\"precision_at_prevalence\":%.6f,"
            + "\"confusion\":{\"tp\":%d,\"fp\":%d,\"fn\":%d,\"tn\":%d},\"insufficient\":%d}",
        r.method().replace("\"", "'"),
        r.rows(),
        r.tp() + r.fn(),
        r.precision(),
        r.recall(),
        r.f1(),
        r.auc(),
        r.prevalence(),
        r.precisionAtPrevalence(),
        r.tp(),
        r.fp(),
        r.fn(),
        r.tn(),
        r.insufficient());
  }

  @Command(
      name = "train-profile-model",
      mixinStandardHelpOptions = true,
      description = {
        "Fit the profile model (MLlib logistic regression on log-scaled profile counts) on a"
            + " labelled profile file and write it as JSON with its training command, the data's"
            + " sha256 and cross-validated metrics.",
        "The threshold is chosen by cross-validation on the same rows only. The shipped model"
            + " (jobs/src/main/resources/id/pasif/segment/profile-model.json) was made with:",
        "  pasif train-profile-model --labelled ../shared/calibration/labelled-profiles.csv"
            + " --split train --out jobs/src/main/resources/id/pasif/segment/profile-model.json"
      })
  static final class Train extends SparkCommand {
    /** Reads a labelled file only: no warehouse. */
    @Override
    Preflight.WarehouseUse warehouseUse() {
      return Preflight.WarehouseUse.NONE;
    }

    @Mixin LabelledOption labelled = new LabelledOption();

    @Option(
        names = "--split",
        paramLabel = "NAME",
        description = "Fit on this split only (e.g. train). Default: all rows.")
    String split;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Model JSON to write.")
    Path outFile;

    @Option(
        names = "--version-name",
        paramLabel = "NAME",
        defaultValue = "calibration-1",
        description =
            "Version written into the model and into segment reasons (default ${DEFAULT-VALUE}).")
    String versionName;

    @Override
    int run(PasifConfig config, SparkSession spark) throws IOException {
      Dataset<Row> features =
          ProfileEvaluation.split(
              ProfileEvaluation.features(LabelledProfiles.read(spark, labelled.file)), split);
      Map<String, Object> training = new LinkedHashMap<>();
      training.put(
          "command",
          "pasif train-profile-model --labelled "
              + Path.of(labelled.file).getFileName()
              + (split == null ? "" : " --split " + split)
              + " --version-name "
              + versionName);
      training.put("data", Path.of(labelled.file).getFileName().toString());
      training.put("data_sha256", sha256(Path.of(labelled.file)));
      training.put("split", split == null ? "all" : split);
      training.put("algorithm", "MLlib LogisticRegression, L2 " + ProfileModelTrainer.REG_PARAM);
      training.put("spark", spark.version());
      ProfileModel m = ProfileModelTrainer.fit(features, versionName, training);
      m.write(outFile);
      out().printf(Locale.ROOT, "wrote %s (threshold %.2f)%n", outFile, m.threshold());
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "compare-profiles",
      mixinStandardHelpOptions = true,
      description = {
        "How far generated profiles are from real labelled ones: per feature and class (fake,"
            + " genuine), the Kolmogorov-Smirnov distance and both medians.",
        "Reads the profiles of date D from the warehouse (a generated dump's nightly) and the"
            + " dump's truth/labels.csv."
      })
  static final class Compare extends SparkCommand {
    @Mixin DateOption date = new DateOption();

    @Mixin LabelledOption labelled = new LabelledOption();

    @Option(
        names = "--labels",
        required = true,
        paramLabel = "FILE",
        description = "The generated dump's truth/labels.csv (user_id,segment).")
    String labels;

    @Override
    int run(PasifConfig config, SparkSession spark) {
      Dataset<Row> generated =
          new Warehouse(spark, config.warehouse()).readDate(Tables.PROFILES, date.date);
      List<ProfileComparison.Line> lines =
          ProfileComparison.compare(
              spark, LabelledProfiles.read(spark, labelled.file), generated, labels);
      out()
          .printf(
              "%-24s %-8s %8s %8s %12s %12s %6s%n",
              "feature", "class", "real", "gen", "real_median", "gen_median", "ks");
      for (ProfileComparison.Line l : lines) {
        out()
            .printf(
                Locale.ROOT,
                "%-24s %-8s %8d %8d %12.3f %12.3f %6.3f%n",
                l.feature(),
                l.cls(),
                l.realRows(),
                l.generatedRows(),
                l.realMedian(),
                l.generatedMedian(),
                l.ks());
      }
      out().flush();
      return 0;
    }
  }

  static String sha256(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "unknown (not a local file)";
    }
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
