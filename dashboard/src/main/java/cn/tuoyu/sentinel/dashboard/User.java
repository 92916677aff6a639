package cn.tuoyu.sentinel.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * A dashboard user as the users file keeps it.
 *
 * @param username the login name
 * @param role what the user may see and do
 * @param scope region prefix (operator), institutionId (institution), "" (analyst, admin)
 * @param agency {@code police} or {@code health} for operators, else null
 * @param passwordHash BCrypt (BouncyCastle {@code OpenBSDBCrypt}) of the password
 * @param tokens bearer tokens of machine clients, as SHA-256 hex
 */
public record User(
    String username,
    Role role,
    String scope,
    String agency,
    String passwordHash,
    List<Token> tokens) {

  /** A bearer token: its id (shown to admins) and SHA-256 of its secret. */
  public record Token(String id, String sha256, String createdAt) {}

  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
    scope = scope == null ? "" : scope;
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    validate(username, role, scope, agency);
  }

  /**
   * Checks the shape of a user.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void validate(String username, Role role, String scope, String agency) {
    if (!username.matches("[A-Za-z0-9._@-]{2,64}")) {
      throw new IllegalArgumentException(
          "a username is 2–64 letters, digits, '.', '_', '@' or '-', got '" + username + "'");
    }
    switch (role) {
      case OPERATOR -> {
        if (!scope.matches("\\d{2}|\\d{4}|\\d{6}")) {
          throw new IllegalArgumentException(
              "an operator's --scope is a region prefix of 2 (province), 4 (city) or 6 (district)"
                  + " digits, e.g. 320402, got '"
                  + scope
                  + "'");
        }
        if (!"police".equals(agency) && !"health".equals(agency)) {
          throw new IllegalArgumentException(
              "an operator needs --agency police (公安) or health (卫健), got '" + agency + "'");
        }
      }
      case INSTITUTION -> {
        if (scope.isBlank()) {
          throw new IllegalArgumentException(
              "an institution user needs --scope <institutionId>, e.g. 320402-0001");
        }
      }
      case ANALYST, ADMIN -> {
        if (!scope.isEmpty()) {
          throw new IllegalArgumentException(
              "an " + role.label() + " sees every region: drop --scope " + scope);
        }
      }
    }
  }

  /** What the UI shows: e.g. "320402 卫健", "机构 320402-0001", "分析员", "管理员". */
  public String label() {
    return switch (role) {
      case OPERATOR -> scope + ("police".equals(agency) ? " 公安" : " 卫健");
      case INSTITUTION -> "机构 " + scope;
      case ANALYST -> "分析员";
      case ADMIN -> "管理员";
    };
  }
}
