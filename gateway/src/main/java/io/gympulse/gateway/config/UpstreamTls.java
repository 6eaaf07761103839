package io.gympulse.gateway.config;

import java.util.Optional;

/**
 * TLS towards the upstream broker.
 *
 * @param caPath PEM bundle of the CAs that sign the broker's certificate; empty trusts the JVM's CAs (Amazon's
 *     roots are among them)
 * @param certPath PEM client certificate, for mutual TLS (IoT Core identifies the gateway by it)
 * @param keyPath PEM (PKCS#8) private key of the client certificate
 * @param alpn the ALPN protocol to offer; {@code x-amzn-mqtt-ca} lets IoT Core take MQTT with client
 *     certificates on port 443
 */
public record UpstreamTls(Optional<String> caPath, Optional<String> certPath, Optional<String> keyPath,
    Optional<String> alpn) {
}
