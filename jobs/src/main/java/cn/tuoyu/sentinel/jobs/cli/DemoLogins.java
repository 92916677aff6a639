package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.dashboard.Role;
import cn.tuoyu.sentinel.dashboard.UserStore;
import cn.tuoyu.sentinel.schema.Institution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's dashboard users, made on its first run with random passwords (no password is in the
 * repository): an admin, an analyst, the 卫健 operator of the district with the most simulated
 * institutions, the 公安 operator of another district, and the director of one institution of the
 * first district. The passwords are kept next to the demo's data ({@code logins.txt}, owner only)
 * so a second run prints the same.
 */
final class DemoLogins {
  /** One login as printed. */
  record Login(String username, String password, String who) {}

  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoLogins() {}

  static List<Login> ensure(Path demoDir, List<Institution> city, Map<String, String> names)
      throws IOException {
    Path users = demoDir.resolve("users.json");
    Path logins = demoDir.resolve("logins.txt");
    if (Files.isRegularFile(users) && Files.isRegularFile(logins)) {
      List<Login> out = new ArrayList<>();
      for (String line : Files.readAllLines(logins, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 3);
        if (f.length == 3) {
          out.add(new Login(f[0], f[1], f[2]));
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    Files.deleteIfExists(users);
    Map<String, Long> perDistrict =
        city.stream()
            .collect(Collectors.groupingBy(Institution::getRegionCode, Collectors.counting()));
    List<String> districts =
        perDistrict.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .toList();
    String first = districts.get(0);
    String second = districts.size() > 1 ? districts.get(1) : first;
    Institution director =
        city.stream()
            .filter(i -> i.getRegionCode().equals(first))
            .min(Comparator.comparing(i -> i.getInstitutionId().toString()))
            .orElseThrow();
    UserStore store = UserStore.open(users);
    List<Login> out = new ArrayList<>();
    out.add(
        add(
            store,
            "district-" + first,
            Role.OPERATOR,
            first,
            "health",
            names.getOrDefault(first, first) + " 卫健（区级运营人员）"));
    out.add(
        add(
            store,
            "district-" + second,
            Role.OPERATOR,
            second,
            "police",
            names.getOrDefault(second, second) + " 公安（另一区，看不到上面的告警）"));
    out.add(
        add(
            store,
            "director-" + director.getInstitutionId(),
            Role.INSTITUTION,
            director.getInstitutionId().toString(),
            null,
            director.getName() + " 园长（只看本机构）"));
    out.add(add(store, "analyst", Role.ANALYST, "", null, "分析员（全部地区、回放批次）"));
    out.add(add(store, "admin", Role.ADMIN, "", null, "管理员"));
    StringBuilder text = new StringBuilder();
    for (Login l : out) {
      text.append(l.username())
          .append('\t')
          .append(l.password())
          .append('\t')
          .append(l.who())
          .append('\n');
    }
    Files.writeString(logins, text, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(logins, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // not POSIX
    }
    return out;
  }

  private static Login add(
      UserStore store, String name, Role role, String scope, String agency, String who) {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      p.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    store.add(name, role, scope, agency, p.toString().toCharArray());
    return new Login(name, p.toString(), who);
  }
}
