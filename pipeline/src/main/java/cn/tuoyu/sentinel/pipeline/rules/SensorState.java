package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.SensorReading;
import java.io.Serializable;
import java.util.Objects;

/**
 * What one environment sensor last reported, folded from its readings in event-time order by {@link
 * #apply}: the latest value of each metric it reports (one device may report several) and when it
 * was last heard from. A Flink POJO for keyed state; replaced, never mutated, once handed out.
 *
 * <p>Fields: {@code sensorId}; {@code roomId} of the latest reading (null if it named none); {@code
 * lastSeenMillis}, event time of the latest reading of any metric; and per metric the latest value
 * and the event time of that reading ({@code null} if the metric was never reported): temperature
 * °C, relative humidity %, CO2 ppm, smoke (1 = alarm).
 */
public final class SensorState implements Serializable {
  private static final long serialVersionUID = 1L;

  private String sensorId;
  private String roomId;
  private long lastSeenMillis;
  private Double temperatureC;
  private Long temperatureAtMillis;
  private Double humidityPct;
  private Double co2Ppm;
  private Long co2AtMillis;
  private Double smoke;
  private Long smokeAtMillis;

  /** For Flink's POJO serializer. */
  public SensorState() {}

  /**
   * The state after {@code reading}, given the state before it ({@code null} for a sensor never
   * heard from). Readings must be applied in event-time order; {@code previous} is not changed.
   */
  public static SensorState apply(SensorState previous, SensorReading reading) {
    long ts = reading.getTs().toEpochMilli();
    SensorState next = previous == null ? new SensorState() : previous.copy();
    next.sensorId = reading.getSensorId();
    next.roomId = reading.getRoomId();
    next.lastSeenMillis = ts;
    double value = reading.getValue();
    switch (reading.getMetric()) {
      case TEMPERATURE_C -> {
        next.temperatureC = value;
        next.temperatureAtMillis = ts;
      }
      case HUMIDITY_PCT -> next.humidityPct = value;
      case CO2_PPM -> {
        next.co2Ppm = value;
        next.co2AtMillis = ts;
      }
      case SMOKE -> {
        next.smoke = value;
        next.smokeAtMillis = ts;
      }
    }
    return next;
  }

  /** A copy to change. */
  public SensorState copy() {
    SensorState c = new SensorState();
    c.sensorId = sensorId;
    c.roomId = roomId;
    c.lastSeenMillis = lastSeenMillis;
    c.temperatureC = temperatureC;
    c.temperatureAtMillis = temperatureAtMillis;
    c.humidityPct = humidityPct;
    c.co2Ppm = co2Ppm;
    c.co2AtMillis = co2AtMillis;
    c.smoke = smoke;
    c.smokeAtMillis = smokeAtMillis;
    return c;
  }

  public String getSensorId() {
    return sensorId;
  }

  public void setSensorId(String sensorId) {
    this.sensorId = sensorId;
  }

  public String getRoomId() {
    return roomId;
  }

  public void setRoomId(String roomId) {
    this.roomId = roomId;
  }

  public long getLastSeenMillis() {
    return lastSeenMillis;
  }

  public void setLastSeenMillis(long lastSeenMillis) {
    this.lastSeenMillis = lastSeenMillis;
  }

  public Double getTemperatureC() {
    return temperatureC;
  }

  public void setTemperatureC(Double temperatureC) {
    this.temperatureC = temperatureC;
  }

  public Long getTemperatureAtMillis() {
    return temperatureAtMillis;
  }

  public void setTemperatureAtMillis(Long temperatureAtMillis) {
    this.temperatureAtMillis = temperatureAtMillis;
  }

  public Double getHumidityPct() {
    return humidityPct;
  }

  public void setHumidityPct(Double humidityPct) {
    this.humidityPct = humidityPct;
  }

  public Double getCo2Ppm() {
    return co2Ppm;
  }

  public void setCo2Ppm(Double co2Ppm) {
    this.co2Ppm = co2Ppm;
  }

  public Long getCo2AtMillis() {
    return co2AtMillis;
  }

  public void setCo2AtMillis(Long co2AtMillis) {
    this.co2AtMillis = co2AtMillis;
  }

  public Double getSmoke() {
    return smoke;
  }

  public void setSmoke(Double smoke) {
    this.smoke = smoke;
  }

  public Long getSmokeAtMillis() {
    return smokeAtMillis;
  }

  public void setSmokeAtMillis(Long smokeAtMillis) {
    this.smokeAtMillis = smokeAtMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SensorState s
        && lastSeenMillis == s.lastSeenMillis
        && Objects.equals(sensorId, s.sensorId)
        && Objects.equals(roomId, s.roomId)
        && Objects.equals(temperatureC, s.temperatureC)
        && Objects.equals(temperatureAtMillis, s.temperatureAtMillis)
        && Objects.equals(humidityPct, s.humidityPct)
        && Objects.equals(co2Ppm, s.co2Ppm)
        && Objects.equals(co2AtMillis, s.co2AtMillis)
        && Objects.equals(smoke, s.smoke)
        && Objects.equals(smokeAtMillis, s.smokeAtMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, roomId, lastSeenMillis);
  }

  @Override
  public String toString() {
    return "SensorState{"
        + sensorId
        + " room="
        + roomId
        + " lastSeen="
        + lastSeenMillis
        + " t="
        + temperatureC
        + " co2="
        + co2Ppm
        + " smoke="
        + smoke
        + "}";
  }
}
