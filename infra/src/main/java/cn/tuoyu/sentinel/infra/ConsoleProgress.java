package cn.tuoyu.sentinel.infra;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress on a terminal: one line per step that rewrites itself on a TTY ("\r"), or, when output
 * is piped (CI logs), a line at most every few seconds so logs stay readable but never silent.
 */
public final class ConsoleProgress implements Progress {
  private static final long PIPED_UPDATE_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

  private final PrintStream out;
  private final boolean interactive;
  private String step;
  private long stepStartNanos;
  private long lastPrintNanos;
  private int lastLineLength;

  public ConsoleProgress(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** Progress on standard error, rewriting lines when a console is attached. */
  public static ConsoleProgress stderr() {
    return new ConsoleProgress(System.err, System.console() != null);
  }

  @Override
  public synchronized void begin(String step) {
    finishLine();
    this.step = step;
    this.stepStartNanos = System.nanoTime();
    this.lastPrintNanos = stepStartNanos;
    print("▶ " + step + " …", !interactive);
  }

  @Override
  public synchronized void update(String detail) {
    long now = System.nanoTime();
    String line = "▶ " + step + " … " + detail + " (" + elapsed(now) + ")";
    if (interactive) {
      print(line, false);
    } else if (now - lastPrintNanos >= PIPED_UPDATE_INTERVAL_NANOS) {
      lastPrintNanos = now;
      print(line, true);
    }
  }

  @Override
  public synchronized void done(String outcome) {
    long now = System.nanoTime();
    print("✔ " + step + ": " + outcome + " (" + elapsed(now) + ")", true);
    lastLineLength = 0;
  }

  @Override
  public synchronized void info(String message) {
    finishLine();
    out.println("  " + message);
    out.flush();
  }

  private void print(String line, boolean newline) {
    if (interactive) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
      lastLineLength = line.length();
      if (newline) {
        out.println();
        lastLineLength = 0;
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void finishLine() {
    if (interactive && lastLineLength > 0) {
      out.println();
      lastLineLength = 0;
    }
  }

  private String elapsed(long now) {
    return String.format(Locale.ROOT, "%.1f s", (now - stepStartNanos) / 1e9);
  }
}
