package io.gympulse.gateway.config;

/**
 * The MQTTS listener: TLS 1.2+ with client certificates; a device's certificate CN is its identity.
 *
 * @param port port to bind; 0 picks a free port
 * @param caPath PEM bundle of the CAs whose device certificates are accepted
 * @param certPath PEM server certificate
 * @param keyPath PEM (PKCS#8) server private key
 */
public record MqttTlsConfig(int port, String caPath, String certPath, String keyPath) {
}
