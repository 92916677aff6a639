package cn.tuoyu.sentinel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLocatorTest {
  @Test
  void parsesFeatureVersionsOfOldAndNewSchemes() {
    assertThat(JavaLocator.parseFeature("1.8.0_392")).contains(8);
    assertThat(JavaLocator.parseFeature("17.0.15")).contains(17);
    assertThat(JavaLocator.parseFeature("21")).contains(21);
    assertThat(JavaLocator.parseFeature("25-ea")).contains(25);
    assertThat(JavaLocator.parseFeature("")).isEmpty();
    assertThat(JavaLocator.parseFeature("banana")).isEmpty();
  }

  @Test
  void inspectsAJavaHomeByItsReleaseFile(@TempDir Path dir) throws IOException {
    Path home = fakeJdk(dir.resolve("jdk-21"), "21.0.5");
    assertThat(JavaLocator.inspect(home))
        .hasValueSatisfying(j -> assertThat(j.feature()).isEqualTo(21));
    assertThat(JavaLocator.inspect(dir.resolve("missing"))).isEmpty();

    Path noRelease = dir.resolve("broken");
    Files.createDirectories(noRelease.resolve("bin"));
    assertThat(JavaLocator.inspect(noRelease)).isEmpty();
  }

  @Test
  void findsTheRunningJavaWhenItIsNewEnough() {
    int running = Runtime.version().feature();
    assertThat(JavaLocator.find(running).feature()).isGreaterThanOrEqualTo(running);
  }

  static Path fakeJdk(Path home, String version) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }
}
