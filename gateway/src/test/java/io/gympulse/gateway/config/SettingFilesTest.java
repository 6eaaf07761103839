package io.gympulse.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gympulse.gateway.auth.DevCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files named by settings (the MQTTS PEM files, API key digests, the catalog) are read and parsed at
 * start-up: every fault is one line naming the variable, the file and what is wrong.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SettingFilesTest {

  @TempDir
  static Path certs;
  @TempDir
  static Path foreign;
  @TempDir
  Path dir;

  @BeforeAll
  static void createCertificates() throws IOException, GeneralSecurityException {
    DevCertificates.init(certs);
    DevCertificates.init(foreign);
  }

  /** Verifies that the development CA's files are accepted as they are. */
  @Test
  void matchingPemFilesAreAccepted() {
    MqttTlsConfig tls = GatewayConfig.from(ConfigSource.of(tls(Map.of()))).mqtt().tls().orElseThrow();

    assertEquals(certs.resolve("server.pem").toString(), tls.certPath());
    assertEquals(8883, tls.port());
  }

  /** Verifies that a server key that is not the certificate's is refused, naming the key and the certificate. */
  @Test
  void keyOfAnotherCertificateIsRefused() {
    Path otherKey = foreign.resolve("server-key.pem");

    String message = refused(tls(Map.of("MQTT_TLS_KEY", otherKey.toString())));

    assertEquals("MQTT_TLS_KEY='" + otherKey + "' is invalid: it does not match the certificate in MQTT_TLS_CERT",
        message);
  }

  /** Verifies that a certificate file that is text but not PEM is refused naming MQTT_TLS_CERT. */
  @Test
  void nonPemCertificateIsRefused() throws IOException {
    Path cert = Files.writeString(dir.resolve("server.pem"), "this is not a certificate\n");

    String message = refused(tls(Map.of("MQTT_TLS_CERT", cert.toString())));

    assertEquals("MQTT_TLS_CERT='" + cert + "' is invalid: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)",
        message);
  }

  /** Verifies that PEM armour around bytes that are not base64 DER is refused rather than read as nothing. */
  @Test
  void malformedPemIsRefused() throws IOException {
    Path cert = Files.writeString(dir.resolve("server.pem"),
        "-----BEGIN CERTIFICATE-----\nnot*base64*at*all\n-----END CERTIFICATE-----\n");

    String message = refused(tls(Map.of("MQTT_TLS_CERT", cert.toString())));

    assertTrue(message.startsWith("MQTT_TLS_CERT='" + cert + "' is invalid: malformed PEM"), message);
  }

  /** Verifies that a DER (binary) certificate is refused: the listener reads PEM only. */
  @Test
  void derCertificateIsRefused() throws Exception {
    byte[] der;
    try (var in = Files.newInputStream(certs.resolve("server.pem"))) {
      der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
    }
    Path cert = Files.write(dir.resolve("server.der"), der);

    String message = refused(tls(Map.of("MQTT_TLS_CERT", cert.toString())));

    assertTrue(message.startsWith("MQTT_TLS_CERT='" + cert + "' is invalid: "), message);
  }

  /** Verifies that a certificate given as the key, and a key given as the CA bundle, are refused. */
  @Test
  void swappedFilesAreRefused() {
    String keyIsCert = refused(tls(Map.of("MQTT_TLS_KEY", certs.resolve("server.pem").toString())));
    String caIsKey = refused(tls(Map.of("MQTT_TLS_CA", certs.resolve("ca-key.pem").toString())));

    assertTrue(keyIsCert.startsWith("MQTT_TLS_KEY=") && keyIsCert.contains("no PEM private key in it"), keyIsCert);
    assertTrue(caIsKey.startsWith("MQTT_TLS_CA=") && caIsKey.contains("no PEM certificate in it"), caIsKey);
  }

  /** Verifies that a missing, empty or directory file is refused for each file variable, naming it. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"MQTT_TLS_CA", "MQTT_TLS_CERT", "MQTT_TLS_KEY", "API_KEYS_FILE", "CATALOG"})
  void missingEmptyOrDirectoryFileIsRefused(String variable) throws IOException {
    Path missing = dir.resolve("missing.pem");
    Path empty = Files.writeString(dir.resolve("empty.pem"), " \n");

    assertEquals(variable + "='" + missing + "' is invalid: no such file", refused(tls(Map.of(variable, missing.toString()))));
    assertEquals(variable + "='" + empty + "' is invalid: the file is empty", refused(tls(Map.of(variable, empty.toString()))));
    assertEquals(variable + "='" + dir + "' is invalid: it is a directory, expected a file",
        refused(tls(Map.of(variable, dir.toString()))));
  }

  /** Verifies that a file the gateway may not read is refused naming the variable (not testable as root). */
  @Test
  void unreadableFileIsRefused() throws IOException {
    Path cert = Files.copy(certs.resolve("server.pem"), dir.resolve("server.pem"));
    Files.setPosixFilePermissions(cert, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(cert), "running as root: every file is readable");

    assertEquals("MQTT_TLS_CERT='" + cert + "' is invalid: permission denied",
        refused(tls(Map.of("MQTT_TLS_CERT", cert.toString()))));
  }

  /** Verifies that a digest file without any digest is refused rather than silently turning API keys off. */
  @Test
  void apiKeysFileWithoutDigestsIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("keys.txt"), "# no keys yet\n\n");

    assertEquals("API_KEYS_FILE='" + file + "' is invalid: it lists no key digest",
        refused(Map.of("API_KEYS_FILE", file.toString())));
  }

  /** Verifies that a line that is not a digest is refused by its number, without printing it (it may be a key). */
  @Test
  void apiKeysFileLineThatIsNotADigestIsRefusedByNumber() throws IOException {
    Path file = Files.writeString(dir.resolve("keys.txt"), "# digests\n" + "ab".repeat(32) + "\nsecret-key-pasted\n");

    String message = refused(Map.of("API_KEYS_FILE", file.toString()));

    assertEquals("API_KEYS_FILE='" + file + "' is invalid: line 3 is not a SHA-256 hex digest (64 hex characters)",
        message);
    assertFalse(message.contains("secret-key-pasted"));
  }

  /** Verifies that an existing catalog file is accepted by the configuration (its content is CatalogLoader's). */
  @Test
  void readableCatalogFileIsAccepted() throws IOException {
    Path catalog = Files.writeString(dir.resolve("catalog.json"), "{}");

    assertEquals(catalog.toString(), GatewayConfig.from(ConfigSource.of(Map.of("CATALOG", catalog.toString())))
        .catalogPath().orElseThrow());
  }

  /**
   * Verifies that the upstream broker's PEM settings take the PEM text itself, as ECS injects a secret, and that
   * the gateway then holds the same text it reads from a file.
   */
  @Test
  void upstreamPemSettingsTakeThePemTextItself() throws IOException {
    Map<String, String> inline = upstream(Files.readString(certs.resolve("ca.pem")),
        Files.readString(certs.resolve("server.pem")), Files.readString(certs.resolve("server-key.pem")));
    Map<String, String> files = upstream(certs.resolve("ca.pem").toString(), certs.resolve("server.pem").toString(),
        certs.resolve("server-key.pem").toString());

    UpstreamTls fromValues = GatewayConfig.from(ConfigSource.of(inline)).upstream().orElseThrow().tls().orElseThrow();
    UpstreamTls fromFiles = GatewayConfig.from(ConfigSource.of(files)).upstream().orElseThrow().tls().orElseThrow();

    assertEquals(Files.readString(certs.resolve("server-key.pem")).strip(), fromValues.keyPem().orElseThrow().strip());
    assertEquals(fromFiles.caPem().map(String::strip), fromValues.caPem().map(String::strip));
    assertEquals(fromFiles.certPem().map(String::strip), fromValues.certPem().map(String::strip));
    assertEquals(fromFiles.keyPem().map(String::strip), fromValues.keyPem().map(String::strip));
    // a value's surrounding white space is not kept; PEM parsers ignore it
    assertFalse(fromValues.toString().contains("PRIVATE KEY"), fromValues.toString());
  }

  /** Verifies that an inline upstream key of another certificate is refused without printing the key. */
  @Test
  void inlineUpstreamKeyOfAnotherCertificateIsRefusedWithoutPrintingIt() throws IOException {
    Map<String, String> env = upstream(Files.readString(certs.resolve("ca.pem")),
        Files.readString(certs.resolve("server.pem")), Files.readString(foreign.resolve("server-key.pem")));

    String message = refused(env);

    assertEquals("MQTT_UPSTREAM_KEY='<inline PEM>' is invalid: it does not match the certificate in MQTT_UPSTREAM_CERT",
        message);
  }

  private static Map<String, String> upstream(String ca, String cert, String key) {
    return Map.of("MQTT_UPSTREAM", "mqtts://broker.example:8883", "MQTT_UPSTREAM_CA", ca, "MQTT_UPSTREAM_CERT", cert,
        "MQTT_UPSTREAM_KEY", key);
  }

  private static Map<String, String> tls(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of("MQTT_TLS_CA", certs.resolve("ca.pem").toString(),
        "MQTT_TLS_CERT", certs.resolve("server.pem").toString(), "MQTT_TLS_KEY", certs.resolve("server-key.pem").toString()));
    env.putAll(overrides);
    return env;
  }

  /** The message of the refusal, which must be one line. */
  private static String refused(Map<String, String> env) {
    String message = assertThrows(ConfigException.class, () -> GatewayConfig.from(ConfigSource.of(env))).getMessage();
    assertFalse(message.contains("\n") || message.contains("\r"), "more than one line: " + message);
    return message;
  }
}
