package cn.tuoyu.sentinel.jobs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing a command's report file ({@code --json}), with a message that says what to do. */
final class ReportFiles {
  private ReportFiles() {}

  /** Writes {@code text} to {@code file}, creating its directory. */
  static void writeJson(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(
          "cannot write the JSON report to " + file + ": " + e + " (choose another --json path)");
    }
  }
}
