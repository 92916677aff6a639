package cn.tuoyu.sentinel.infra.testing;

import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.LocalInfra;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts real Kafka and Elasticsearch once per test JVM and injects {@link RealInfra} into test
 * constructors and methods. Use with {@code @ExtendWith(RealInfraExtension.class)}.
 *
 * <p>They run on free ports with data under {@code target/real-infra-*}, and are stopped and their
 * data deleted when the JVM's tests finish (also from a shutdown hook, should the JVM be told to
 * exit early), so no process outlives the build.
 */
public final class RealInfraExtension implements ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(RealInfraExtension.class);
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(RealInfraExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealInfra.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return context
        .getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent(Started.class, k -> Started.start(), Started.class)
        .infra;
  }

  /** The started infrastructure; JUnit closes it after the last test of the JVM. */
  static final class Started implements ExtensionContext.Store.CloseableResource {
    final RealInfra infra;
    private final Thread shutdownHook;

    private Started(RealInfra infra, Thread shutdownHook) {
      this.infra = infra;
      this.shutdownHook = shutdownHook;
    }

    static Started start() {
      Path dataDir;
      try {
        Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(Path.of("target"), "real-infra-");
      } catch (IOException e) {
        throw new IllegalStateException("cannot create a data directory under target/", e);
      }
      InfraConfig config =
          InfraConfig.defaults().toBuilder()
              .dataDir(dataDir)
              .kafkaPorts(Platform.freePort(), Platform.freePort())
              .elasticsearchPorts(Platform.freePort(), Platform.freePort())
              .partitions(2)
              .build();
      LocalInfra local = new LocalInfra(config);
      Thread hook = new Thread(() -> stopQuietly(local), "real-infra-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      long t0 = System.nanoTime();
      try {
        local.up(new LoggingProgress());
      } catch (RuntimeException e) {
        stopQuietly(local);
        throw e;
      }
      LOG.info(
          "Real Kafka on {} and Elasticsearch on {} up in {} ms",
          config.kafkaBootstrap(),
          config.elasticsearchUrl(),
          (System.nanoTime() - t0) / 1_000_000);
      return new Started(new RealInfra(local), hook);
    }

    @Override
    public void close() {
      stopQuietly(infra.localInfra());
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
    }

    private static void stopQuietly(LocalInfra local) {
      try {
        local.down(Progress.SILENT);
        local.purge(Progress.SILENT);
      } catch (RuntimeException e) {
        LOG.warn("Could not stop the test infrastructure cleanly", e);
      }
    }
  }

  /** Progress into the test log. */
  private static final class LoggingProgress implements Progress {
    private String step = "";

    @Override
    public void begin(String step) {
      this.step = step;
      LOG.info("{} …", step);
    }

    @Override
    public void update(String detail) {}

    @Override
    public void done(String outcome) {
      LOG.info("{}: {}", step, outcome);
    }

    @Override
    public void info(String message) {
      LOG.info(message);
    }
  }
}
