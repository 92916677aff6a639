package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.contract.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the dashboard runs.
 *
 * @param bind address to listen on
 * @param port HTTP port (0 = any free port)
 * @param kafka bootstrap servers
 * @param elasticsearch Elasticsearch URL
 * @param alertsAlias the live alerts alias
 * @param alertsTopic the alert transitions topic (live stream, webhooks, acknowledgements)
 * @param institutionsTopic the compacted reference topic
 * @param acksIndex the audit trail of acknowledgements
 * @param usersFile the users file
 * @param webhooksFile where institutions' webhooks are kept
 * @param overdue an OPEN alert not acknowledged this long after it opened is overdue (超时未处置)
 * @param session how long a login lasts
 * @param secureCookies add {@code Secure} to the session cookie (behind HTTPS)
 * @param webhookAttempts delivery attempts per transition and webhook
 * @param webhookBackoff the first retry's delay; it doubles each time
 */
public record DashboardConfig(
    String bind,
    int port,
    String kafka,
    String elasticsearch,
    String alertsAlias,
    String alertsTopic,
    String institutionsTopic,
    String acksIndex,
    Path usersFile,
    Path webhooksFile,
    Duration overdue,
    Duration session,
    boolean secureCookies,
    int webhookAttempts,
    Duration webhookBackoff) {

  /** The defaults of {@code bin/sentinel dashboard}, with its files under {@code data}. */
  public static DashboardConfig defaults(Path data) {
    return new DashboardConfig(
        "0.0.0.0",
        8080,
        "127.0.0.1:9092",
        "http://127.0.0.1:9200",
        AlertIndices.ALIAS,
        Topics.ALERTS,
        Topics.INSTITUTIONS,
        "sentinel-acks",
        data.resolve("users.json"),
        data.resolve("webhooks.json"),
        Duration.ofMinutes(15),
        Duration.ofHours(12),
        false,
        5,
        Duration.ofSeconds(1));
  }

  public DashboardConfig withPort(int p) {
    return toBuilder().port(p).build();
  }

  public DashboardConfig withBind(String address) {
    return toBuilder().bind(address).build();
  }

  public DashboardConfig withServers(String kafkaBootstrap, String elasticsearchUrl) {
    return toBuilder().kafka(kafkaBootstrap).elasticsearch(elasticsearchUrl).build();
  }

  public DashboardConfig withNames(String alias, String alerts, String institutions, String acks) {
    return toBuilder()
        .alertsAlias(alias)
        .alertsTopic(alerts)
        .institutionsTopic(institutions)
        .acksIndex(acks)
        .build();
  }

  public DashboardConfig withFiles(Path users, Path webhooks) {
    return toBuilder().usersFile(users).webhooksFile(webhooks).build();
  }

  public DashboardConfig withOverdue(Duration d) {
    return toBuilder().overdue(d).build();
  }

  public DashboardConfig withWebhookRetries(int attempts, Duration backoff) {
    return toBuilder().webhookAttempts(attempts).webhookBackoff(backoff).build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with some fields changed: what the {@code with…} methods use. */
  private static final class Builder {
    private String bind;
    private int port;
    private String kafka;
    private String elasticsearch;
    private String alertsAlias;
    private String alertsTopic;
    private String institutionsTopic;
    private String acksIndex;
    private Path usersFile;
    private Path webhooksFile;
    private Duration overdue;
    private final Duration session;
    private final boolean secureCookies;
    private int webhookAttempts;
    private Duration webhookBackoff;

    Builder(DashboardConfig c) {
      bind = c.bind;
      port = c.port;
      kafka = c.kafka;
      elasticsearch = c.elasticsearch;
      alertsAlias = c.alertsAlias;
      alertsTopic = c.alertsTopic;
      institutionsTopic = c.institutionsTopic;
      acksIndex = c.acksIndex;
      usersFile = c.usersFile;
      webhooksFile = c.webhooksFile;
      overdue = c.overdue;
      session = c.session;
      secureCookies = c.secureCookies;
      webhookAttempts = c.webhookAttempts;
      webhookBackoff = c.webhookBackoff;
    }

    Builder bind(String v) {
      bind = v;
      return this;
    }

    Builder port(int v) {
      port = v;
      return this;
    }

    Builder kafka(String v) {
      kafka = v;
      return this;
    }

    Builder elasticsearch(String v) {
      elasticsearch = v;
      return this;
    }

    Builder alertsAlias(String v) {
      alertsAlias = v;
      return this;
    }

    Builder alertsTopic(String v) {
      alertsTopic = v;
      return this;
    }

    Builder institutionsTopic(String v) {
      institutionsTopic = v;
      return this;
    }

    Builder acksIndex(String v) {
      acksIndex = v;
      return this;
    }

    Builder usersFile(Path v) {
      usersFile = v;
      return this;
    }

    Builder webhooksFile(Path v) {
      webhooksFile = v;
      return this;
    }

    Builder overdue(Duration v) {
      overdue = v;
      return this;
    }

    Builder webhookAttempts(int v) {
      webhookAttempts = v;
      return this;
    }

    Builder webhookBackoff(Duration v) {
      webhookBackoff = v;
      return this;
    }

    DashboardConfig build() {
      return new DashboardConfig(
          bind,
          port,
          kafka,
          elasticsearch,
          alertsAlias,
          alertsTopic,
          institutionsTopic,
          acksIndex,
          usersFile,
          webhooksFile,
          overdue,
          session,
          secureCookies,
          webhookAttempts,
          webhookBackoff);
    }
  }
}
