package cn.tuoyu.sentinel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MavenResolverTest {
  @Test
  void talliesFinishedDownloadsAndShowsPartialProgress() {
    MavenResolver.TransferTally tally = new MavenResolver.TransferTally();

    assertThat(tally.accept("[INFO] Downloading from central: https://repo/x/kafka_2.13-4.1.1.jar"))
        .hasValueSatisfying(
            s -> assertThat(s).contains("0 file(s)").contains("kafka_2.13-4.1.1.jar"));
    assertThat(tally.accept("Progress (1): 2.3/6.9 MB"))
        .hasValueSatisfying(s -> assertThat(s).contains("2.3/6.9 MB"));
    assertThat(
            tally.accept(
                "[INFO] Downloaded from central: https://repo/x/kafka_2.13-4.1.1.jar (6.9 MB at 12 MB/s)"))
        .hasValueSatisfying(s -> assertThat(s).startsWith("1 file(s), 6.9 MB"));
    tally.accept("[INFO] Downloaded from central: https://repo/y/a.pom (1,024 kB at 1 MB/s)");
    assertThat(tally.files()).isEqualTo(2);
    assertThat(tally.bytes()).isEqualTo(6.9e6 + 1.024e6, org.assertj.core.data.Offset.offset(1.0));
    assertThat(tally.accept("[INFO] BUILD SUCCESS")).isEmpty();
  }
}
