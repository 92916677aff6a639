package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.dashboard.UserStore;
import java.nio.file.Path;

/** Where the dashboard's users live by default. */
final class UsersFile {
  private UsersFile() {}

  static Path defaultFile() {
    return cn.tuoyu.sentinel.infra.InfraConfig.defaults().dataDir().resolve("users.json");
  }

  static boolean isEmpty(Path file) {
    return UserStore.open(file).all().isEmpty();
  }
}
