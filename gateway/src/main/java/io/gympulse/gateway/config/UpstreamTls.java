package io.gympulse.gateway.config;

import java.util.Optional;

/**
 * TLS towards the upstream broker; the PEM texts, read and checked at start-up (from files, or the variables'
 * values themselves).
 *
 * @param caPem PEM bundle of the CAs that sign the broker's certificate; empty trusts the JVM's CAs (Amazon's
 *     roots are among them)
 * @param certPem PEM client certificate, for mutual TLS (IoT Core identifies the gateway by it)
 * @param keyPem PEM private key of the client certificate
 * @param alpn the ALPN protocol to offer; {@code x-amzn-mqtt-ca} lets IoT Core take MQTT with client
 *     certificates on port 443
 */
public record UpstreamTls(Optional<String> caPem, Optional<String> certPem, Optional<String> keyPem,
    Optional<String> alpn) {

  /** Never the key: a record would print every component. */
  @Override
  public String toString() {
    return "UpstreamTls[ca=" + caPem.isPresent() + ", cert=" + certPem.isPresent() + ", key=" + (keyPem.isPresent() ? "(set)" : "none")
        + ", alpn=" + alpn.orElse("none") + "]";
  }
}
