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
    return new DashboardConfig(
        bind,
        p,
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

  public DashboardConfig withServers(String kafkaBootstrap, String elasticsearchUrl) {
    return new DashboardConfig(
        bind,
        port,
        kafkaBootstrap,
        elasticsearchUrl,
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

  public DashboardConfig withNames(String alias, String alerts, String institutions, String acks) {
    return new DashboardConfig(
        bind,
        port,
        kafka,
        elasticsearch,
        alias,
        alerts,
        institutions,
        acks,
        usersFile,
        webhooksFile,
        overdue,
        session,
        secureCookies,
        webhookAttempts,
        webhookBackoff);
  }

  public DashboardConfig withFiles(Path users, Path webhooks) {
    return new DashboardConfig(
        bind,
        port,
        kafka,
        elasticsearch,
        alertsAlias,
        alertsTopic,
        institutionsTopic,
        acksIndex,
        users,
        webhooks,
        overdue,
        session,
        secureCookies,
        webhookAttempts,
        webhookBackoff);
  }

  public DashboardConfig withOverdue(Duration d) {
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
        d,
        session,
        secureCookies,
        webhookAttempts,
        webhookBackoff);
  }

  public DashboardConfig withWebhookRetries(int attempts, Duration backoff) {
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
        attempts,
        backoff);
  }
}
