package cn.tuoyu.sentinel.contract;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Elasticsearch naming for alerts: the alias {@value #ALIAS} over monthly indices {@code
 * sentinel-alerts-YYYY.MM} chosen by the alert's {@code startedAt} (stable for the alert's life, so
 * every transition of one alert lands in the same index).
 */
public final class AlertIndices {
  /** The alias dashboards and APIs read through. */
  public static final String ALIAS = "sentinel-alerts";

  /** Name of the composable index template that covers the monthly indices. */
  public static final String TEMPLATE = "sentinel-alerts";

  /** Index pattern the template applies to. */
  public static final String PATTERN = ALIAS + "-*";

  /** Prefix of the indices analysts' replays write to: {@code sentinel-replay-<runId>}. */
  public static final String REPLAY_PREFIX = "sentinel-replay-";

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneId.of("Asia/Shanghai"));

  /**
   * The concrete monthly index of an alert that started at {@code startedAt} (months in
   * Asia/Shanghai).
   */
  public static String monthlyIndex(Instant startedAt) {
    return ALIAS + "-" + MONTH.format(startedAt);
  }

  private AlertIndices() {}
}
