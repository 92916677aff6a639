package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel produce --file F.jsonl}: publish a JSON-lines file to the topics. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a JSON-lines file to the Kafka topics of its record types: institution and rules",
      "lines first, then events in file order. Lists every line it refused, with the reason."
    })
final class ProduceCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "F.jsonl",
      description = "The file to publish.")
  Path file;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new CliException("no such file: " + file + " (--file needs a JSON-lines file)");
    }
    FileProducer.Report report = FileProducer.produce(file, kafka, spec.commandLine().getErr());
    var out = spec.commandLine().getOut();
    out.print(report.render());
    out.flush();
    return 0;
  }
}
