package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gympulse.gateway.auth.DevCertificates;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MQTTS with client certificates: the certificate is the device's identity; nothing else gets in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttTlsTest {

  private static final String HUB = Devices.HUB_CLIENT_ID;
  private static final String SENSOR = "gym-" + GYM + "-" + MACHINE;

  @TempDir
  Path certs;
  @TempDir
  Path foreignCerts;
  private GuardedVertx guarded;
  private TestGateway gateway;
  private final List<MqttClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    DevCertificates.init(certs);
    DevCertificates.device(certs, HUB);
    DevCertificates.device(certs, SENSOR);
    DevCertificates.init(foreignCerts);
    DevCertificates.device(foreignCerts, HUB);
    guarded = GuardedVertx.create();
    gateway = TestGateway.start(guarded.vertx(), Map.of("MQTT_PLAIN", "off", "MQTTS_PORT", "0",
        "MQTT_TLS_CA", certs.resolve("ca.pem").toString(), "MQTT_TLS_CERT", certs.resolve("server.pem").toString(),
        "MQTT_TLS_KEY", certs.resolve("server-key.pem").toString()), TestGateway.machineStore());
  }

  @AfterEach
  void stop() {
    clients.forEach(Devices::closeQuietly);
    gateway.stop();
    guarded.closeAndAssertNoBlocking();
  }

  /** A Paho client over TLS presenting {@code certificate} (or none), trusting the gateway's CA. */
  private MqttClient connect(String clientId, Path dir, String certificate) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLSv1.3");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    if (certificate != null) {
      keyStore.setKeyEntry("device", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
          pem(dir.resolve(certificate + "-key.pem")))), new char[0], new Certificate[] {cert(dir.resolve(certificate + ".pem"))});
    }
    keys.init(keyStore, new char[0]);
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("ca", cert(certs.resolve("ca.pem")));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

    MqttClient client = new MqttClient("ssl://127.0.0.1:" + gateway.mqttTlsPort(), clientId, new MemoryPersistence());
    clients.add(client);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(tls.getSocketFactory());
    options.setConnectionTimeout(5);
    client.setTimeToWait(5_000);
    client.connect(options);
    return client;
  }

  private static Certificate cert(Path pem) throws Exception {
    return CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(pem));
  }

  private static byte[] pem(Path file) throws Exception {
    return Base64.getDecoder().decode(Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private String status(String machineId) {
    return Http.get(gateway.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  /** Verifies that a device with a certificate of the configured CA, connecting as its CN, is served. */
  @Test
  void deviceWithValidCertificateIsServed() throws Exception {
    MqttClient hub = connect(HUB, certs, HUB);
    hub.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    assertEquals("occupied", status(MACHINE));
    assertEquals(-1, gateway.mqttPort(), "plain MQTT is off");
  }

  /** Verifies that a certificate from another CA, or none at all, fails the handshake. */
  @Test
  void foreignOrMissingCertificateIsRefused() {
    assertThrows(MqttException.class, () -> connect(HUB, foreignCerts, HUB));
    assertThrows(MqttException.class, () -> connect(HUB, certs, null));
    assertEquals("offline", status(MACHINE));
  }

  /** Verifies that a device cannot claim a client id other than its certificate's CN. */
  @Test
  void clientIdMustMatchTheCertificate() {
    MqttException refused = assertThrows(MqttException.class, () -> connect(HUB, certs, SENSOR));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    assertEquals(1, gateway.metric("gympulse.mqtt.rejections", "reason", "client_id_not_certificate"));
  }

  /** Verifies that a genuine machine certificate publishing for another machine is disconnected. */
  @Test
  void validCertificatePublishingForAnotherMachineIsDisconnected() throws Exception {
    MqttClient sensor = connect(SENSOR, certs, SENSOR);
    try {
      sensor.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status("occupied", Devices.now(), 1), 0, false);
    } catch (MqttException raced) {
      // the disconnect may beat the publish token
    }
    waitUntil(() -> !sensor.isConnected());
    assertEquals("offline", status(OTHER_MACHINE));
  }
}
