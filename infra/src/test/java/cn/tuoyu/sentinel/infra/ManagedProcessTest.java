package cn.tuoyu.sentinel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {
  @Test
  void aPidFileNamingSomeoneElsesProcessIsIgnoredAndNothingIsKilled(@TempDir Path dir)
      throws IOException {
    ManagedProcess managed = new ManagedProcess("Test", dir.resolve("x.pid"), dir);
    // This JVM is alive but carries no marker: it must not be taken for ours.
    Files.writeString(dir.resolve("x.pid"), Long.toString(ProcessHandle.current().pid()));

    assertThat(managed.find()).isEmpty();
    assertThat(managed.stop(Duration.ofSeconds(1))).isFalse();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void findsAndStopsAProcessCarryingItsMarker(@TempDir Path dir) throws Exception {
    ManagedProcess managed = new ManagedProcess("Test", dir.resolve("x.pid"), dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path main = dir.resolve("Sleep.java");
    Files.writeString(
        main,
        "class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
    Process p =
        ManagedProcess.startDetached(
            List.of(java, managed.marker(), main.toString()),
            dir,
            dir.resolve("out.log"),
            Map.of());
    try {
      managed.writePid(p.pid());

      assertThat(managed.find()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(p.pid()));
      assertThat(managed.stop(Duration.ofSeconds(20))).isTrue();
      assertThat(p.isAlive()).isFalse();
      assertThat(dir.resolve("x.pid")).doesNotExist();
      assertThat(managed.find()).isEmpty();
    } finally {
      p.destroyForcibly();
    }
  }
}
