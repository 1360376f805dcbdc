package dev.duplex.sample.chat;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Decides who may sign in as whom: a demo user (configured under {@code chat.users}) with their password, any other
 * valid name as a guest without one.
 */
@Component
class SignIn {

  /** Names shown to everyone: letters, digits and {@code . _ -}, so nobody can impersonate with look-alike markup. */
  static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,32}");

  private final Map<String, String> users;
  private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

  SignIn(ChatProperties properties) {
    this.users = Map.copyOf(properties.getUsers());
  }

  /** The identity for these credentials; throws {@link Refused} when they do not sign anyone in. */
  Identity authenticate(String name, String password) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new Refused("bad_name", "A name is 1 to 32 letters, digits, '.', '_' or '-'.");
    }
    String hash = users.get(name);
    boolean hasPassword = password != null && !password.isEmpty();
    if (hash == null) {
      if (hasPassword) {
        throw new Refused("bad_credentials", "Only demo users have a password; leave it empty to join as a guest.");
      }
      return new Identity(name, true);
    }
    if (!hasPassword || !passwords.matches(password, hash)) {
      throw new Refused("bad_credentials", "Wrong password for " + name + ".");
    }
    return new Identity(name, false);
  }

  /** Someone signed in. */
  record Identity(String name, boolean guest) {
  }

  /** Credentials that sign nobody in, with a code for the page and a message for the person. */
  static final class Refused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    Refused(String code, String message) {
      super(message);
      this.code = code;
    }

    String code() {
      return code;
    }
  }
}
