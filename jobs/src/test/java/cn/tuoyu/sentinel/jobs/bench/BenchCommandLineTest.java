package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.jobs.cli.SentinelCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code sentinel bench} misuse: refused before anything starts, exit 2, a message that says why.
 */
class BenchCommandLineTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--only sideways | --only takes kafka, state or archive, got 'sideways'",
        "--only archive --cameras 200 | --cameras applies to the state part",
        "--only archive --events 5000 | --events applies to the kafka part",
        "--only state --events 5000 | --events applies to the kafka part",
        "--only state --checkpoint-intervals 1s | --checkpoint-intervals applies to the kafka part",
        "--only kafka --hours 2 | --hours applies to the state part",
        "--only kafka --cameras 200 | --cameras applies to the state part",
        "--cameras 30 | --cameras must be a multiple of 20",
        "--cameras 0 | --cameras must be a multiple of 20",
        "--hours 0 | --hours must be between 1 and 168, got 0",
        "--hours 500 | --hours must be between 1 and 168, got 500",
        "--parallelism 0 | --parallelism must be between 1 and 64",
        "--events 10 | --events must be at least 1000",
        "--cameras many | Invalid value for option '--cameras'",
      })
  void misuseIsRefusedWithExitTwoAndAReason(String args, String message) {
    CommandLine cli = SentinelCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    String[] argv = ("bench " + args.strip()).split("\\s+");
    int exit = cli.execute(argv);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
