package chatpro.directory.auth;

import chatpro.common.error.ChatproException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be: 10 to 1024 characters and not one of the 10,000 most common passwords (the list ships in
 * {@code security/common-passwords.txt}, compared ignoring case).
 */
public final class PasswordPolicy {
  public static final int MIN = 10;
  public static final int MAX = 1024;
  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  /** The password if it is acceptable, else a 400 naming the field and the rule. */
  public static String check(Object value, String field) {
    if (!(value instanceof String password)) {
      throw ChatproException.badRequest(field + " is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN || length > MAX) {
      throw ChatproException.badRequest(field + " must be " + MIN + " to " + MAX + " characters");
    }
    if (isCommon(password)) {
      throw ChatproException.badRequest(field + " is too common; choose another");
    }
    return password;
  }

  public static boolean isCommon(String password) {
    return COMMON.contains(password.toLowerCase(Locale.ROOT));
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>(16_384);
    try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream("security/common-passwords.txt");
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.lines().map(l -> l.strip().toLowerCase(Locale.ROOT)).filter(l -> !l.isEmpty()).forEach(words::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
