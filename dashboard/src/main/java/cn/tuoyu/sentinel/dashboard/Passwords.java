package cn.tuoyu.sentinel.dashboard;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Password hashes with BouncyCastle's BCrypt ({@code $2y$}, cost 12): never our own hash. */
public final class Passwords {
  /** BCrypt's work factor: about 0.2–0.3 s a check on this machine's cores. */
  static final int COST = 12;

  /** The shortest password accepted. */
  public static final int MINIMUM_LENGTH = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A hash for a dummy check, so that an unknown user costs as much as a wrong password. */
  private static final String DUMMY = hash("not-a-password".toCharArray());

  private Passwords() {}

  /** A new salted hash of {@code password}. */
  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password, salt, COST);
  }

  /** Whether {@code password} matches {@code hash}; a null hash spends the same time and fails. */
  public static boolean matches(String hash, char[] password) {
    if (hash == null) {
      OpenBSDBCrypt.checkPassword(DUMMY, password);
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Checks a new password.
   *
   * @throws IllegalArgumentException if it is too short or blank
   */
  public static void requireAcceptable(char[] password) {
    if (password.length < MINIMUM_LENGTH || new String(password).isBlank()) {
      throw new IllegalArgumentException(
          "a password has at least " + MINIMUM_LENGTH + " characters");
    }
  }
}
