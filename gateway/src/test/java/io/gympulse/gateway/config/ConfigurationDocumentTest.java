package io.gympulse.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gympulse.gateway.auth.DevCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/configuration.md} true: its table names exactly the variables the gateway reads, each
 * documented literal default is the real default, and each variable that can be wrong stops start-up with
 * one line naming it. A new variable needs only its row (and, if it takes any text, a place in
 * {@link #FREE_TEXT}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigurationDocumentTest {

  private static final Path DOCUMENT = Path.of("..", "docs", "configuration.md");
  private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
  private static final Path LOGBACK = Path.of("src", "main", "resources", "logback.xml");

  /** Variables that take any text: no value of theirs alone can be refused (pairs are checked in GatewayConfigTest). */
  private static final Set<String> FREE_TEXT = Set.of("HTTP_HOST", "MQTT_HOST", "AWS_REGION", "INSTANCE_ID", "API_KEYS",
      "JWT_ISSUER", "JWT_EXTERNAL_ISSUER", "BEDROCK_AGENT_ID", "BEDROCK_AGENT_ALIAS_ID");

  private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
  private static final Pattern LITERAL = Pattern.compile("`([^`]+)`(?:\\s*\\([^)]*\\))?");
  private static final Pattern TABLE_CELL_BAR = Pattern.compile("(?<!\\\\)\\|");

  @TempDir
  static Path certs;

  /** A valid configuration in which every part is in use, MQTTS included, and nothing is random. */
  private static Map<String, String> base;

  @BeforeAll
  static void createCertificates() throws IOException, GeneralSecurityException {
    DevCertificates.init(certs);
    base = Map.of("INSTANCE_ID", "gw-test", "JWT_SECRET", "0123456789abcdef0123456789abcdef-secret",
        "MQTT_TLS_CA", certs.resolve("ca.pem").toString(), "MQTT_TLS_CERT", certs.resolve("server.pem").toString(),
        "MQTT_TLS_KEY", certs.resolve("server-key.pem").toString());
  }

  /** Verifies that every documented variable is read, and every variable read (by any reader) is documented. */
  @Test
  void documentedVariablesAreExactlyTheVariablesRead() throws IOException {
    // GIVEN the documented table and a start-up that records what it reads
    Set<String> documented = documentedRows().keySet();
    ConfigSource source = ConfigSource.of(base);

    // WHEN the configuration is read
    GatewayConfig.from(source);
    Set<String> read = new TreeSet<>(source.variablesRead().keySet());

    // THEN both sides name the same variables
    assertEquals(Set.of(), difference(documented, read), "documented but never read");
    assertEquals(Set.of(), difference(read, documented), "read but not documented");
    // ... and no other reader goes around ConfigSource
    assertEquals(Set.of(), difference(logbackVariables(), read), "logback.xml reads variables the gateway does not");
    assertEquals(List.of(), sourcesReadingTheEnvironmentDirectly(), "only ConfigSource may read the environment");
  }

  /** Verifies that setting a variable to its documented literal default changes nothing. */
  @Test
  void documentedLiteralDefaultsAreTheRealDefaults() throws IOException {
    GatewayConfig defaults = GatewayConfig.from(ConfigSource.of(base));
    Map<String, String> literalDefaults = new LinkedHashMap<>();
    documentedRows().forEach((variable, row) -> row.literalDefault().ifPresent(d -> literalDefaults.put(variable, d)));

    List<String> wrong = new ArrayList<>();
    literalDefaults.forEach((variable, documentedDefault) -> {
      GatewayConfig explicit = GatewayConfig.from(ConfigSource.of(with(variable, documentedDefault)));
      if (!explicit.equals(defaults)) {
        wrong.add(variable + " (documented default `" + documentedDefault + "`)");
      }
    });

    assertTrue(literalDefaults.size() >= 30, "too few literal defaults found, is the table parsed? " + literalDefaults);
    assertEquals(List.of(), wrong, "the documented default is not the real one");
  }

  /** Verifies that, for every variable that can be wrong, a wrong value stops start-up with one line naming it. */
  @Test
  void everyInvalidVariableStopsStartUpWithOneLineNamingIt() throws IOException {
    ConfigSource source = ConfigSource.of(base);
    GatewayConfig.from(source);
    Map<String, Optional<String>> read = source.variablesRead();

    List<String> checked = new ArrayList<>();
    for (String variable : documentedRows().keySet()) {
      Optional<String> refused = read.getOrDefault(variable, Optional.empty());
      if (refused.isEmpty()) {
        assertTrue(FREE_TEXT.contains(variable), variable + " accepts any text: add a check, or list it in FREE_TEXT");
        continue;
      }
      assertFalse(FREE_TEXT.contains(variable), variable + " is checked: remove it from FREE_TEXT");
      ConfigException e = assertThrows(ConfigException.class,
          () -> GatewayConfig.from(ConfigSource.of(with(variable, refused.get()))), variable + "=" + refused.get());
      assertTrue(e.getMessage().startsWith(variable), variable + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), variable + ": " + e.getMessage());
      checked.add(variable);
    }

    assertTrue(checked.size() >= 35, "only " + checked.size() + " variables checked: " + checked);
  }

  /** One documented variable: its default cell when it is a literal value. */
  private record Row(Optional<String> literalDefault) {
  }

  /** Rows of the table, by variable; a row naming {@code A} / {@code B} gives both, with its defaults split likewise. */
  private static Map<String, Row> documentedRows() throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOCUMENT)) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = TABLE_CELL_BAR.split(line);
      List<String> names = all(VARIABLE, cells[1]);
      String defaultCell = cells[2].trim();
      String[] defaults = defaultCell.split(" / ");
      for (int i = 0; i < names.size(); i++) {
        String cell = defaults.length == names.size() ? defaults[i].trim() : defaultCell;
        Matcher literal = LITERAL.matcher(cell);
        Row row = new Row(literal.matches() ? Optional.of(literal.group(1)) : Optional.empty());
        if (rows.put(names.get(i), row) != null) {
          fail(names.get(i) + " has two rows");
        }
      }
    }
    return rows;
  }

  /** Variables logback.xml substitutes, e.g. {@code ${LOG_LEVEL:-INFO}}. */
  private static Set<String> logbackVariables() throws IOException {
    return new TreeSet<>(all(Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)"), Files.readString(LOGBACK)));
  }

  private static List<String> sourcesReadingTheEnvironmentDirectly() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("ConfigSource.java"))
          .filter(f -> {
            try {
              String text = Files.readString(f);
              return text.contains("System.getenv") || text.contains("System.getProperty(")
                  || text.contains("Integer.getInteger") || text.contains("Boolean.getBoolean");
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          })
          .map(Path::toString)
          .toList();
    }
  }

  private static Map<String, String> with(String variable, String value) {
    Map<String, String> env = new HashMap<>(base);
    env.put(variable, value);
    return env;
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> difference = new TreeSet<>(a);
    difference.removeAll(b);
    return difference;
  }
}
