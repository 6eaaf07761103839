package io.gympulse.gateway.ingest;

import io.vertx.mqtt.MqttEndpoint;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The identity in a device's client certificate: its subject CN (verified by the TLS handshake against the CA bundle). */
final class DeviceCertificates {

  private DeviceCertificates() {
  }

  static Optional<String> commonName(MqttEndpoint endpoint) {
    try {
      Certificate[] chain = endpoint.sslSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (SSLPeerUnverifiedException | InvalidNameException | RuntimeException e) {
      // no usable certificate: no identity
    }
    return Optional.empty();
  }
}
