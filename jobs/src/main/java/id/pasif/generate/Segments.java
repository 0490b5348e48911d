package id.pasif.generate;

/** The segment and cause names of the generator's ground truth. */
public final class Segments {
  private Segments() {}

  public static final String ACTIVE = "active";
  public static final String PASSIVE = "passive";
  public static final String BOT_LIKE = "bot_like";

  // Causes of passive humans (the seed article's) and of bot-like followers.
  public static final String DORMANT = "dormant";
  public static final String CONTENT_MISMATCH = "content_mismatch";
  public static final String FOLLOW_BACK = "follow_back";
  public static final String HERD = "herd";
  public static final String BOUGHT = "bought";
  public static final String AUTOMATED = "automated";
  public static final String ENGAGEMENT_POD = "engagement_pod";
}
