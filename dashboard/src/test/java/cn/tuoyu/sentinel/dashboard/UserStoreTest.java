package cn.tuoyu.sentinel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
  @TempDir Path dir;

  @Test
  void passwordsAreKeptAsBcryptHashesInAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("users.json");
    UserStore s = UserStore.open(file);
    User u = s.add("tn", Role.OPERATOR, "320402", "health", "tianning-pass".toCharArray());

    String text = Files.readString(file);
    assertThat(text).doesNotContain("tianning-pass").contains("$2y$12$");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Passwords.matches(u.passwordHash(), "tianning-pass".toCharArray())).isTrue();
    assertThat(Passwords.matches(u.passwordHash(), "tianning-pasS".toCharArray())).isFalse();
    assertThat(Passwords.matches(null, "x".toCharArray())).isFalse();
    assertThat(UserStore.open(file).find("tn"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.scope()).isEqualTo("320402");
              assertThat(r.agency()).isEqualTo("health");
            });
  }

  @Test
  void tokensAreShownOnceAndKeptAsDigests() throws Exception {
    UserStore s = UserStore.open(dir.resolve("users.json"));
    s.add("bot", Role.ANALYST, "", null, "analyst-pass".toCharArray());
    String token = s.newToken("bot");
    assertThat(Files.readString(dir.resolve("users.json"))).doesNotContain(token);
    assertThat(UserStore.open(dir.resolve("users.json")).byToken(token))
        .hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("bot"));
    assertThat(s.byToken(token + "x")).isEmpty();
  }

  @Test
  void shortPasswordsAndDuplicateNamesAreRefused() {
    UserStore s = UserStore.open(dir.resolve("users.json"));
    assertThatThrownBy(() -> s.add("x1", Role.ADMIN, "", null, "short".toCharArray()))
        .hasMessageContaining("at least 8");
    s.add("x1", Role.ADMIN, "", null, "long-enough".toCharArray());
    assertThatThrownBy(() -> s.add("x1", Role.ADMIN, "", null, "long-enough".toCharArray()))
        .hasMessageContaining("exists already");
    assertThat(s.remove("x1")).isTrue();
    assertThat(s.remove("x1")).isFalse();
  }

  @Test
  void aWebhookSignatureIsHmacSha256OfTheBody() {
    // RFC 4231-style check against a value computed independently (openssl dgst -sha256 -hmac).
    assertThat(Webhooks.sign("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }
}
