package io.gympulse.gateway.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file named by a setting (a PEM file, the API key digests, the catalog), read once at start-up so its
 * problems are reported as one line naming the variable rather than as a stack trace when first used.
 *
 * @param variable the variable that names the file
 * @param path the file
 * @param text its content (UTF-8), never blank
 */
public record SettingFile(String variable, Path path, String text) {

  /** What stands for the path of a setting whose value is the PEM text itself. */
  static final String INLINE = "<inline PEM>";

  /** Reads the file {@code raw} names; a missing, unreadable, non-UTF-8 or blank file is refused. */
  static SettingFile read(String variable, String raw) {
    Path path = Path.of(raw);
    SettingFile named = new SettingFile(variable, path, "");
    if (Files.isDirectory(path)) {
      throw named.invalid("it is a directory, expected a file");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
    } catch (NoSuchFileException e) {
      throw named.invalid("no such file");
    } catch (AccessDeniedException e) {
      throw named.invalid("permission denied");
    } catch (CharacterCodingException e) {
      throw named.invalid("not a text file (not UTF-8)");
    } catch (IOException e) {
      throw named.invalid("cannot be read: " + e.getClass().getSimpleName());
    }
    if (text.isBlank()) {
      throw named.invalid("the file is empty");
    }
    return new SettingFile(variable, path, text);
  }

  /**
   * The PEM text {@code raw} holds itself, or else the file it names: ECS injects a secret from Secrets Manager
   * as a variable's value, not as a file. An inline value is never printed; errors name it {@code <inline PEM>}.
   */
  static SettingFile readPem(String variable, String raw) {
    if (raw.stripLeading().startsWith("-----BEGIN ")) {
      return new SettingFile(variable, Path.of(INLINE), raw);
    }
    return read(variable, raw);
  }

  /** The one-line error for this file: {@code VARIABLE='path' is invalid: reason}. */
  public ConfigException invalid(String reason) {
    return new ConfigException(variable + "='" + path + "' is invalid: " + reason);
  }
}
