package cn.tuoyu.sentinel.jobs.simulate;

import java.util.List;

/**
 * The districts the simulated city spreads over: real 行政区划代码 of the places named in the policy
 * seeds — Tianjin (120000, incl. 红桥区 120106), Changzhou (天宁区 320402 and its neighbours) and other
 * Jiangsu districts, Wenzhou (3303xx) — with a point near each district's centre and a weight for
 * how many institutions it gets.
 */
final class Districts {
  private Districts() {}

  /** A district: code, name, city, centre and relative weight. */
  record District(String code, String name, String city, double lat, double lon, int weight) {}

  static final List<District> ALL =
      List.of(
          new District("120101", "和平区", "天津市", 39.117, 117.215, 3),
          new District("120102", "河东区", "天津市", 39.128, 117.251, 3),
          new District("120103", "河西区", "天津市", 39.109, 117.223, 3),
          new District("120104", "南开区", "天津市", 39.138, 117.150, 3),
          new District("120105", "河北区", "天津市", 39.148, 117.197, 2),
          new District("120106", "红桥区", "天津市", 39.167, 117.151, 5),
          new District("120116", "滨海新区", "天津市", 39.003, 117.710, 3),
          new District("320402", "天宁区", "常州市", 31.779, 119.975, 6),
          new District("320404", "钟楼区", "常州市", 31.802, 119.902, 3),
          new District("320411", "新北区", "常州市", 31.831, 119.972, 3),
          new District("320412", "武进区", "常州市", 31.701, 119.942, 3),
          new District("320102", "玄武区", "南京市", 32.048, 118.797, 2),
          new District("320106", "鼓楼区", "南京市", 32.066, 118.770, 2),
          new District("320508", "姑苏区", "苏州市", 31.311, 120.617, 2),
          new District("320213", "梁溪区", "无锡市", 31.566, 120.297, 2),
          new District("330302", "鹿城区", "温州市", 28.015, 120.655, 4),
          new District("330303", "龙湾区", "温州市", 27.933, 120.812, 2),
          new District("330304", "瓯海区", "温州市", 27.967, 120.614, 3),
          new District("330324", "永嘉县", "温州市", 28.153, 120.692, 1),
          new District("330381", "瑞安市", "温州市", 27.779, 120.655, 2));

  /** The district for a uniform draw, by weight. */
  static District pick(Rng rng) {
    int total = ALL.stream().mapToInt(District::weight).sum();
    int r = rng.nextInt(total);
    for (District d : ALL) {
      r -= d.weight();
      if (r < 0) {
        return d;
      }
    }
    throw new IllegalStateException("unreachable");
  }
}
