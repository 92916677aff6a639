package cn.tuoyu.sentinel.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users file: {@code {"users":[{username, role, scope, agency, passwordHash, tokens}]}},
 * written atomically and readable by its owner only. The server re-reads it when it changes, so
 * {@code bin/sentinel users add} takes effect without a restart.
 */
public final class UserStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private Map<String, User> users = new LinkedHashMap<>();
  private FileTime loaded;

  private UserStore(Path file) {
    this.file = file;
  }

  /** The store of {@code file}; an absent file is an empty store (created on the first save). */
  public static UserStore open(Path file) {
    UserStore s = new UserStore(file);
    s.reloadIfChanged();
    return s;
  }

  public Path file() {
    return file;
  }

  /** Every user, in the file's order. */
  public synchronized List<User> all() {
    reloadIfChanged();
    return List.copyOf(users.values());
  }

  public synchronized Optional<User> find(String username) {
    reloadIfChanged();
    return Optional.ofNullable(users.get(username));
  }

  /** The user whose bearer token this is. */
  public synchronized Optional<User> byToken(String secret) {
    reloadIfChanged();
    String digest = sha256(secret);
    return users.values().stream()
        .filter(
            u ->
                u.tokens().stream()
                    .anyMatch(
                        t ->
                            MessageDigest.isEqual(
                                t.sha256().getBytes(StandardCharsets.US_ASCII),
                                digest.getBytes(StandardCharsets.US_ASCII))))
        .findFirst();
  }

  /**
   * Adds a user and saves.
   *
   * @throws IllegalArgumentException if the name is taken, the user is malformed or the password
   *     too short
   */
  public synchronized User add(
      String username, Role role, String scope, String agency, char[] password) {
    reloadIfChanged();
    if (users.containsKey(username)) {
      throw new IllegalArgumentException(
          "user " + username + " exists already (remove it first: bin/sentinel users remove)");
    }
    Passwords.requireAcceptable(password);
    User u = new User(username, role, scope, agency, Passwords.hash(password), List.of());
    users.put(username, u);
    save();
    return u;
  }

  /** Removes a user and saves; false if there was none. */
  public synchronized boolean remove(String username) {
    reloadIfChanged();
    boolean removed = users.remove(username) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  /**
   * Gives a user a new bearer token and saves; returns its secret (shown once, kept as SHA-256).
   */
  public synchronized String newToken(String username) {
    reloadIfChanged();
    User u = users.get(username);
    if (u == null) {
      throw new IllegalArgumentException("no user " + username);
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "stk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    List<User.Token> tokens = new ArrayList<>(u.tokens());
    tokens.add(
        new User.Token(
            HexFormat.of().formatHex(secret, 0, 4), sha256(token), Instant.now().toString()));
    users.put(
        username,
        new User(u.username(), u.role(), u.scope(), u.agency(), u.passwordHash(), tokens));
    save();
    return token;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void reloadIfChanged() {
    try {
      if (!Files.isRegularFile(file)) {
        users = new LinkedHashMap<>();
        loaded = null;
        return;
      }
      FileTime modified = Files.getLastModifiedTime(file);
      if (modified.equals(loaded)) {
        return;
      }
      Map<String, User> read = new LinkedHashMap<>();
      JsonNode root = JSON.readTree(file.toFile());
      for (JsonNode n : root.path("users")) {
        List<User.Token> tokens = new ArrayList<>();
        for (JsonNode t : n.path("tokens")) {
          tokens.add(
              new User.Token(
                  t.path("id").asText(), t.path("sha256").asText(), t.path("createdAt").asText()));
        }
        User u =
            new User(
                n.path("username").asText(),
                Role.parse(n.path("role").asText()),
                n.path("scope").asText(""),
                n.hasNonNull("agency") ? n.get("agency").asText() : null,
                n.path("passwordHash").asText(null),
                tokens);
        read.put(u.username(), u);
      }
      users = read;
      loaded = modified;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the users file " + file, e);
    }
  }

  private void save() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("users");
    for (User u : users.values()) {
      ObjectNode n = list.addObject();
      n.put("username", u.username());
      n.put("role", u.role().label());
      n.put("scope", u.scope());
      if (u.agency() != null) {
        n.put("agency", u.agency());
      }
      n.put("passwordHash", u.passwordHash());
      ArrayNode tokens = n.putArray("tokens");
      for (User.Token t : u.tokens()) {
        tokens
            .addObject()
            .put("id", t.id())
            .put("sha256", t.sha256())
            .put("createdAt", t.createdAt());
      }
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".users-", ".json");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's ACLs apply.
      }
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      loaded = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the users file " + file, e);
    }
  }
}
