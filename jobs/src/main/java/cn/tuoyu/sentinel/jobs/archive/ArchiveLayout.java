package cn.tuoyu.sentinel.jobs.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the archive puts a record: {@code <dir>/date=YYYY-MM-DD/region=RRRRRR/part-….avro}.
 *
 * <p>The date is the record's event time in Asia/Shanghai (the institutions' day, not UTC's). The
 * region is the institution's 6-digit regionCode for its events, {@value #REFERENCE} for valid
 * institution (reference) records, {@value #RULES} for the rules topic, or {@value #UNKNOWN} when
 * no region can be told. Reference data and rules have partitions of their own so that a replay
 * restores them as of any date by reading those small partitions only, and so that retention can
 * keep them (they are the history every later replay starts from). Files whose names start with
 * {@code .} or {@code _} are not part of the archive: Flink's in-progress and pending part files
 * are hidden until their checkpoint commits them, and {@code _state} holds the job's checkpoints.
 */
public final class ArchiveLayout {
  /** The time zone that decides a record's date partition. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** Region partition of the rules topic's records. */
  public static final String RULES = "rules";

  /** Region partition of valid institution records (each still carries its own regionCode). */
  public static final String REFERENCE = "reference";

  /** Region partition of records whose institution's region cannot be told. */
  public static final String UNKNOWN = "unknown";

  /** Prefix and suffix of committed part files. */
  public static final String PART_PREFIX = "part";

  public static final String PART_SUFFIX = ".avro";

  /** Folder under the archive directory where the job keeps checkpoints and savepoints. */
  public static final String STATE_DIR = "_state";

  private static final String DATE = "date=";
  private static final String REGION = "region=";
  private static final Pattern REGION_CODE = Pattern.compile("\\d{6}");
  private static final Pattern LEADING_REGION = Pattern.compile("^(\\d{6}).*");

  private ArchiveLayout() {}

  /** The partition folder, relative to the archive directory, e.g. {@code date=…/region=…}. */
  public static String bucket(Instant eventTime, String region) {
    if (!isRegion(region)) {
      throw new IllegalArgumentException("not a region partition: '" + region + "'");
    }
    return dateDir(date(eventTime)) + "/" + REGION + region;
  }

  /** The date partition an event time belongs to. */
  public static LocalDate date(Instant eventTime) {
    return LocalDate.ofInstant(eventTime, ZONE);
  }

  /** The name of a date partition folder, {@code date=YYYY-MM-DD}. */
  public static String dateDir(LocalDate date) {
    return DATE + DateTimeFormatter.ISO_LOCAL_DATE.format(date);
  }

  /** The date of a date partition folder's name; empty if it is not one. */
  public static Optional<LocalDate> parseDateDir(String name) {
    if (!name.startsWith(DATE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(DATE.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The region of a region partition folder's name; empty if it is not one. */
  public static Optional<String> parseRegionDir(String name) {
    if (!name.startsWith(REGION)) {
      return Optional.empty();
    }
    String region = name.substring(REGION.length());
    return isRegion(region) ? Optional.of(region) : Optional.empty();
  }

  /**
   * The region an institutionId suggests when its reference data is not known: its leading six
   * digits (ids are issued per district, e.g. {@code 320402-0007}), else {@value #UNKNOWN}.
   */
  public static String regionFromId(String institutionId) {
    if (institutionId == null) {
      return UNKNOWN;
    }
    var m = LEADING_REGION.matcher(institutionId);
    return m.matches() ? m.group(1) : UNKNOWN;
  }

  /**
   * Whether a name is a valid region partition: six digits, {@value #REFERENCE}, {@value #RULES} or
   * {@value #UNKNOWN}.
   */
  public static boolean isRegion(String region) {
    return region != null
        && (REGION_CODE.matcher(region).matches()
            || region.equals(REFERENCE)
            || region.equals(RULES)
            || region.equals(UNKNOWN));
  }

  /** Whether a region partition holds reference data or rules, which retention keeps. */
  public static boolean isHistory(String region) {
    return REFERENCE.equals(region) || RULES.equals(region);
  }

  /** Whether a file name is a committed part file (not hidden, not in progress). */
  public static boolean isCommittedFile(String fileName) {
    return fileName.startsWith(PART_PREFIX) && fileName.endsWith(PART_SUFFIX);
  }
}
