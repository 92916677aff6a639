package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a rule sees: an institution's reference data, who is where, what its cameras and sensors
 * last reported, when it was last heard from, the effective rule parameters, and the event time of
 * the evaluation.
 *
 * <p>{@code people} is copied into an unmodifiable map, so a snapshot does not change when the
 * caller goes on applying events to its own map ({@link Occupancy} replaces presences rather than
 * mutating them).
 *
 * <p>Local times (opening and closing) are in {@link #ZONE}; an institution is assumed to open and
 * close on the same calendar day ({@code openTime} before {@code closeTime}), as day-care
 * institutions do. {@code openTime}/{@code closeTime} are assumed valid {@code HH:mm}, which the
 * reference-data decoder guarantees.
 *
 * @param institution the latest reference record of the institution
 * @param people personId → presence, as kept by {@link Occupancy}
 * @param at the event time the rules are evaluated at
 * @param cameras cameraId → what the camera last reported (cameras never heard from are absent)
 * @param sensors sensorId → what the sensor last reported
 * @param lastEventAt event time of the institution's latest event of any kind, null if none yet
 * @param settings the effective parameters of every rule for this institution at {@code at}; a
 *     rule's own settings are also passed to {@link InstitutionRule#observe}, this is for rules
 *     that depend on another's (SURVEILLANCE_GAP uses CAMERA_OFFLINE's hold)
 */
public record InstitutionSnapshot(
    Institution institution,
    Map<String, Presence> people,
    Instant at,
    Map<String, CameraState> cameras,
    Map<String, SensorState> sensors,
    Instant lastEventAt,
    SettingsLookup settings)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** All institutions are in mainland China; opening hours and seasons are local to it. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  public InstitutionSnapshot {
    Objects.requireNonNull(institution, "institution");
    Objects.requireNonNull(at, "at");
    people = Collections.unmodifiableMap(people == null ? Map.of() : new LinkedHashMap<>(people));
    cameras = Collections.unmodifiableMap(cameras == null ? Map.of() : new TreeMap<>(cameras));
    sensors = Collections.unmodifiableMap(sensors == null ? Map.of() : new TreeMap<>(sensors));
    settings = settings == null ? RuleCatalog::defaults : settings;
  }

  /** Occupancy only: no device has reported, nothing heard yet, catalogue defaults. */
  public InstitutionSnapshot(Institution institution, Map<String, Presence> people, Instant at) {
    this(institution, people, at, Map.of(), Map.of(), null, null);
  }

  /** The effective parameters of any rule, by id. */
  @FunctionalInterface
  public interface SettingsLookup extends Serializable {
    RuleSettings of(String ruleId);
  }

  /** The effective settings of {@code ruleId} for this institution at {@link #at}. */
  public RuleSettings settingsOf(String ruleId) {
    return settings.of(ruleId);
  }

  /**
   * The camera ids of {@code room} in reference-data order, without duplicates; empty if it lists
   * none.
   */
  public List<String> cameraIdsOf(Room room) {
    if (room == null || room.getCameraIds() == null) {
      return List.of();
    }
    return List.copyOf(new java.util.LinkedHashSet<>(room.getCameraIds()));
  }

  /**
   * The room whose camera list names {@code cameraId}: the first such room in reference-data order;
   * empty if no room lists it.
   */
  public Optional<Room> roomOfCamera(String cameraId) {
    for (Room r : roomsOf(institution)) {
      if (r.getCameraIds() != null && r.getCameraIds().contains(cameraId)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Every camera id listed in any room, sorted. */
  public SortedSet<String> knownCameraIds() {
    SortedSet<String> ids = new java.util.TreeSet<>();
    for (Room r : roomsOf(institution)) {
      if (r.getCameraIds() != null) {
        ids.addAll(r.getCameraIds());
      }
    }
    return ids;
  }

  public String institutionId() {
    return institution.getInstitutionId();
  }

  public String regionCode() {
    return institution.getRegionCode();
  }

  /** A 家庭托育点, whose ratio and size limits apply to every room regardless of class type. */
  public boolean isFamily() {
    return institution.getKind() == InstitutionKind.FAMILY;
  }

  /** The institution's rooms by roomId, in reference-data order. */
  public Map<String, Room> roomsById() {
    Map<String, Room> rooms = new LinkedHashMap<>();
    for (Room r : roomsOf(institution)) {
      rooms.putIfAbsent(r.getRoomId(), r);
    }
    return rooms;
  }

  /** The room called {@code roomId} in the reference data, if it is there. */
  public Optional<Room> room(String roomId) {
    for (Room r : roomsOf(institution)) {
      if (r.getRoomId().equals(roomId)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The staff-list entry whose staffId is {@code personId}; the first one if listed twice. */
  public Optional<StaffMember> staffMember(String personId) {
    List<StaffMember> staff = institution.getStaff();
    if (staff != null && personId != null) {
      for (StaffMember m : staff) {
        if (personId.equals(m.getStaffId())) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** Listed in the staff list (any role) with {@code certified = true}. */
  public boolean isCertified(String personId) {
    return staffMember(personId).map(StaffMember::getCertified).orElse(false);
  }

  /**
   * Listed in the staff list as CAREGIVER or TEACHER with {@code certified = true}: the people who
   * count for the caregiver-to-children ratio.
   */
  public boolean isCertifiedCaregiver(String personId) {
    return staffMember(personId)
        .filter(m -> isCaregiverRole(m.getRole()))
        .map(StaffMember::getCertified)
        .orElse(false);
  }

  /** The people checked in and in {@code roomId}, ordered by personId. */
  public List<Presence> inRoom(String roomId) {
    return Occupancy.inRoom(people, roomId);
  }

  /**
   * The ids of rooms with at least one person in them, sorted (including rooms not in the list).
   */
  public SortedSet<String> occupiedRoomIds() {
    return Occupancy.occupiedRoomIds(people);
  }

  /** Children checked in, in a room or not, ordered by personId. */
  public List<Presence> childrenCheckedIn() {
    return Occupancy.checkedIn(people, PersonRole.CHILD);
  }

  /** The local date of {@link #at} in {@link #ZONE}. */
  public LocalDate localDate() {
    return at.atZone(ZONE).toLocalDate();
  }

  /** Opening time on the local day of {@link #at}. */
  public Instant openingAt() {
    return openingOn(localDate());
  }

  /** Closing time on the local day of {@link #at}. */
  public Instant closingAt() {
    return closingOn(localDate());
  }

  /** Opening time on {@code date}. */
  public Instant openingOn(LocalDate date) {
    return date.atTime(clockTime("openTime", institution.getOpenTime())).atZone(ZONE).toInstant();
  }

  /** Closing time on {@code date}. */
  public Instant closingOn(LocalDate date) {
    return date.atTime(clockTime("closeTime", institution.getCloseTime())).atZone(ZONE).toInstant();
  }

  /** The first closing time strictly after {@code t}. */
  public Instant nextClosingAfter(Instant t) {
    LocalDate day = t.atZone(ZONE).toLocalDate();
    Instant close = closingOn(day);
    return close.isAfter(t) ? close : closingOn(day.plusDays(1));
  }

  /** CAREGIVER and TEACHER are the roles that look after children. */
  public static boolean isCaregiverRole(PersonRole role) {
    return role == PersonRole.CAREGIVER || role == PersonRole.TEACHER;
  }

  /** Roles that work in the institution: CAREGIVER, TEACHER, HEALTH and OTHER_STAFF. */
  public static boolean isStaffRole(PersonRole role) {
    return isCaregiverRole(role) || role == PersonRole.HEALTH || role == PersonRole.OTHER_STAFF;
  }

  private LocalTime clockTime(String field, String value) {
    try {
      return LocalTime.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalStateException(
          "institution "
              + institution.getInstitutionId()
              + " has "
              + field
              + " "
              + value
              + ", expected HH:mm; reference data must be validated before it reaches the rules",
          e);
    }
  }

  private static List<Room> roomsOf(Institution institution) {
    return institution.getRooms() == null ? List.of() : institution.getRooms();
  }
}
