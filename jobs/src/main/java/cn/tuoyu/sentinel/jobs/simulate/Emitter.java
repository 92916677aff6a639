package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.pipeline.rules.RuleCatalog;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleSettings;
import cn.tuoyu.sentinel.pipeline.rules.TemperatureOutOfRangeRule;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns an institution's plan and episodes into the events of a stretch of time: its attendance, a
 * heartbeat from every camera every 30 s and a reading from every sensor every 60 s (each device at
 * its own phase), with the episodes applied — a report at each episode's start and end, nothing
 * during a silence or a blackout, and every device reporting at once when a blackout ends.
 */
final class Emitter {
  static final long CAMERA_PERIOD = 30_000;
  static final long SENSOR_PERIOD = 60_000;
  private static final ZoneId ZONE = DayPlan.ZONE;

  /** One event: its time, institution, id and the Avro record. */
  record SimEvent(long ts, String institutionId, String eventId, SpecificRecord record) {}

  /** Children in a room at a time (the air sensors read higher CO2 with more children). */
  interface Headcount {
    int children(String roomId, long t);
  }

  private final long seedHash;

  Emitter(long seed) {
    this.seedHash = Rng.hash("values-" + seed);
  }

  /** The first tick at or after {@code t} of a device with this phase and period. */
  static long firstTickAtOrAfter(long phaseMillis, long period, long t) {
    long k = Math.floorDiv(t - phaseMillis + period - 1, period);
    return phaseMillis + k * period;
  }

  /** The last tick strictly before {@code t}. */
  static long lastTickBefore(long phaseMillis, long period, long t) {
    long k = Math.floorDiv(t - 1 - phaseMillis, period);
    return phaseMillis + k * period;
  }

  static long cameraPhase(City.Camera c) {
    return c.phaseSeconds() * 1000L;
  }

  static long sensorPhase(City.Sensor s) {
    return s.phaseSeconds() * 1000L;
  }

  /**
   * The events of {@code inst} in {@code [from, to)}.
   *
   * @param attendance planned attendance events (any range; those in the stretch are taken)
   * @param episodes the institution's episodes
   */
  void emit(
      City.Inst inst,
      List<Att> attendance,
      List<Episode> episodes,
      Headcount headcount,
      long from,
      long to,
      List<SimEvent> out) {
    String id = inst.institutionId();
    List<Episode.Blackout> blackouts =
        episodes.stream()
            .filter(e -> e instanceof Episode.Blackout)
            .map(e -> (Episode.Blackout) e)
            .toList();
    for (Att a : attendance) {
      if (a.ts() >= from && a.ts() < to && !dark(blackouts, a.ts())) {
        out.add(attendance(id, a));
      }
    }
    for (City.Camera c : inst.cameras()) {
      List<Episode.Camera> mine =
          episodes.stream()
              .filter(e -> e instanceof Episode.Camera ec && ec.cameraId().equals(c.cameraId()))
              .map(e -> (Episode.Camera) e)
              .toList();
      for (long t = firstTickAtOrAfter(cameraPhase(c), CAMERA_PERIOD, from);
          t < to;
          t += CAMERA_PERIOD) {
        if (dark(blackouts, t) || cameraBoundary(mine, blackouts, t)) {
          continue;
        }
        Episode.Camera e = covering(mine, t);
        if (e != null && e.mode() == Episode.CameraMode.SILENT) {
          continue;
        }
        out.add(camera(id, c, t, e));
      }
      for (Episode.Camera e : mine) {
        if (e.mode() != Episode.CameraMode.SILENT
            && in(e.from(), from, to)
            && !dark(blackouts, e.from())) {
          out.add(camera(id, c, e.from(), e));
        }
        if (in(e.to(), from, to) && !dark(blackouts, e.to()) && !startsAt(mine, e.to())) {
          out.add(camera(id, c, e.to(), null));
        }
      }
      for (Episode.Blackout b : blackouts) {
        if (in(b.to(), from, to) && !endsOrStartsAt(mine, b.to())) {
          out.add(camera(id, c, b.to(), covering(mine, b.to())));
        }
      }
    }
    for (City.Sensor s : inst.sensors()) {
      List<Episode.Sensor> mine =
          episodes.stream()
              .filter(e -> e instanceof Episode.Sensor es && es.sensorId().equals(s.sensorId()))
              .map(e -> (Episode.Sensor) e)
              .toList();
      for (long t = firstTickAtOrAfter(sensorPhase(s), SENSOR_PERIOD, from);
          t < to;
          t += SENSOR_PERIOD) {
        if (dark(blackouts, t) || sensorBoundary(mine, blackouts, t)) {
          continue;
        }
        Episode.Sensor e = coveringSensor(mine, t);
        if (e != null && e.silent()) {
          continue;
        }
        sensor(id, s, t, e, headcount, out);
      }
      for (Episode.Sensor e : mine) {
        if (!e.silent() && in(e.from(), from, to) && !dark(blackouts, e.from())) {
          sensor(id, s, e.from(), e, headcount, out);
        }
        if (in(e.to(), from, to) && !dark(blackouts, e.to())) {
          sensor(id, s, e.to(), null, headcount, out);
        }
      }
      for (Episode.Blackout b : blackouts) {
        if (in(b.to(), from, to)
            && mine.stream().noneMatch(e -> e.from() == b.to() || e.to() == b.to())) {
          sensor(id, s, b.to(), coveringSensor(mine, b.to()), headcount, out);
        }
      }
    }
  }

  private static boolean in(long t, long from, long to) {
    return t >= from && t < to;
  }

  private static boolean dark(List<Episode.Blackout> blackouts, long t) {
    for (Episode.Blackout b : blackouts) {
      if (t >= b.from() && t < b.to()) {
        return true;
      }
    }
    return false;
  }

  private static boolean cameraBoundary(
      List<Episode.Camera> mine, List<Episode.Blackout> blackouts, long t) {
    for (Episode.Camera e : mine) {
      if (e.from() == t && e.mode() != Episode.CameraMode.SILENT || e.to() == t) {
        return true;
      }
    }
    return blackouts.stream().anyMatch(b -> b.to() == t);
  }

  private static boolean startsAt(List<Episode.Camera> mine, long t) {
    return mine.stream().anyMatch(e -> e.from() == t && e.mode() != Episode.CameraMode.SILENT);
  }

  private static boolean endsOrStartsAt(List<Episode.Camera> mine, long t) {
    return mine.stream()
        .anyMatch(e -> e.to() == t || e.from() == t && e.mode() != Episode.CameraMode.SILENT);
  }

  private static boolean sensorBoundary(
      List<Episode.Sensor> mine, List<Episode.Blackout> blackouts, long t) {
    for (Episode.Sensor e : mine) {
      if (e.from() == t && !e.silent() || e.to() == t) {
        return true;
      }
    }
    return blackouts.stream().anyMatch(b -> b.to() == t);
  }

  private static Episode.Camera covering(List<Episode.Camera> mine, long t) {
    for (Episode.Camera e : mine) {
      if (t >= e.from() && t < e.to()) {
        return e;
      }
    }
    return null;
  }

  private static Episode.Sensor coveringSensor(List<Episode.Sensor> mine, long t) {
    for (Episode.Sensor e : mine) {
      if (t >= e.from() && t < e.to()) {
        return e;
      }
    }
    return null;
  }

  static SimEvent attendance(String institutionId, Att a) {
    String eventId =
        String.format(
            Locale.ROOT,
            "%s-%s-%s%d",
            institutionId,
            a.personId(),
            a.action().name().substring(0, 2).toLowerCase(Locale.ROOT),
            a.ts() / 1000);
    AttendanceEvent e =
        AttendanceEvent.newBuilder()
            .setEventId(eventId)
            .setTs(Instant.ofEpochMilli(a.ts()))
            .setInstitutionId(institutionId)
            .setRoomId(a.roomId())
            .setPersonId(a.personId())
            .setRole(a.role())
            .setAction(a.action())
            .build();
    return new SimEvent(a.ts(), institutionId, eventId, e);
  }

  /** A camera report at {@code t}: normal, or as the episode says. */
  private static SimEvent camera(String institutionId, City.Camera c, long t, Episode.Camera e) {
    boolean online = e == null || e.mode() != Episode.CameraMode.OFFLINE;
    boolean recording = e == null || e.mode() != Episode.CameraMode.NOT_RECORDING;
    int retention =
        e != null && e.mode() == Episode.CameraMode.RETENTION
            ? e.retentionDays()
            : c.retentionDays();
    String eventId = institutionId + "-" + c.cameraId() + "-" + t / 1000;
    CameraStatus.Builder b =
        CameraStatus.newBuilder()
            .setEventId(eventId)
            .setTs(Instant.ofEpochMilli(t))
            .setInstitutionId(institutionId)
            .setCameraId(c.cameraId())
            .setStatus(online ? CameraState.ONLINE : CameraState.OFFLINE);
    if (online) {
      b.setRecording(recording).setRetentionDays(retention);
    }
    return new SimEvent(t, institutionId, eventId, b.build());
  }

  private void sensor(
      String institutionId,
      City.Sensor s,
      long t,
      Episode.Sensor e,
      Headcount headcount,
      List<SimEvent> out) {
    String base = institutionId + "-" + s.sensorId() + "-" + t / 1000;
    long key = Rng.hash(institutionId + "/" + s.sensorId());
    double noise = Rng.unit(seedHash, key, t) - 0.5;
    switch (s.kind()) {
      case CLIMATE -> {
        double temperature = e != null ? e.value() : normalTemperature(key, t, noise);
        out.add(
            reading(
                institutionId, s, t, base + "-t", SensorMetric.TEMPERATURE_C, round1(temperature)));
        double humidity = 50 + 16 * (Rng.unit(seedHash, key ^ 0x5A5A, t) - 0.5);
        out.add(
            reading(institutionId, s, t, base + "-h", SensorMetric.HUMIDITY_PCT, round1(humidity)));
      }
      case AIR -> {
        double ppm =
            e != null
                ? e.value()
                : Math.min(960, 460 + 22 * headcount.children(s.roomId(), t) + 50 * noise);
        out.add(reading(institutionId, s, t, base + "-c", SensorMetric.CO2_PPM, Math.round(ppm)));
      }
      case SMOKE ->
          out.add(
              reading(
                  institutionId, s, t, base + "-s", SensorMetric.SMOKE, e != null ? e.value() : 0));
    }
  }

  private static final RuleSettings TEMPERATURE =
      RuleCatalog.defaults(RuleIds.TEMPERATURE_OUT_OF_RANGE);

  /**
   * A room temperature inside the season's GB/T 18883 band ({@link
   * TemperatureOutOfRangeRule#band}): its middle (25 °C in summer, 20 °C in winter, 22 °C
   * otherwise), a per-room offset of ±0.8 °C, ±0.6 °C over the day and ±0.15 °C noise — always at
   * least 1.5 °C inside the band.
   */
  static double normalTemperature(long roomKey, long t, double noise) {
    Instant at = Instant.ofEpochMilli(t);
    double[] band = TemperatureOutOfRangeRule.band(at, TEMPERATURE);
    double base = (band[0] + band[1]) / 2;
    double offset = 1.6 * (Rng.unit(roomKey, 17, 31) - 0.5);
    int second = LocalDateTime.ofInstant(at, ZONE).toLocalTime().toSecondOfDay();
    double dayCurve = 0.6 * Math.sin(2 * Math.PI * (second - 6 * 3600) / 86_400.0);
    return base + offset + dayCurve + 0.3 * noise;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static SimEvent reading(
      String institutionId,
      City.Sensor s,
      long t,
      String eventId,
      SensorMetric metric,
      double value) {
    SensorReading r =
        SensorReading.newBuilder()
            .setEventId(eventId)
            .setTs(Instant.ofEpochMilli(t))
            .setInstitutionId(institutionId)
            .setRoomId(s.roomId())
            .setSensorId(s.sensorId())
            .setMetric(metric)
            .setValue(value)
            .build();
    return new SimEvent(t, institutionId, eventId, r);
  }
}
