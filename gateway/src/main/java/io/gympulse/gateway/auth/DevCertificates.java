package io.gympulse.gateway.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority for device mTLS, so a newcomer can try MQTTS in minutes:
 *
 * <pre>
 * java -cp gateway/target/gympulse-gateway.jar io.gympulse.gateway.auth.DevCertificates init certs
 * java -cp gateway/target/gympulse-gateway.jar io.gympulse.gateway.auth.DevCertificates device certs gym-hk-central-caine-hub
 * </pre>
 *
 * {@code init} writes {@code ca.pem}, {@code ca-key.pem}, {@code server.pem} and {@code server-key.pem}
 * (for localhost/127.0.0.1); {@code device} writes {@code <clientId>.pem} and {@code <clientId>-key.pem},
 * the certificate's CN being the device identity. EC P-256 keys, PEM files. Not for production: there
 * AWS IoT Core (or your own PKI) issues device certificates.
 */
public final class DevCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevCertificates() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && "init".equals(args[0])) {
      Path dir = Files.createDirectories(Path.of(args[1]));
      init(dir);
      System.out.println("wrote ca.pem, ca-key.pem, server.pem, server-key.pem to " + dir);
    } else if (args.length >= 3 && "device".equals(args[0])) {
      Path dir = Path.of(args[1]);
      device(dir, args[2]);
      System.out.println("wrote " + args[2] + ".pem and " + args[2] + "-key.pem to " + dir);
    } else {
      System.err.println("usage: DevCertificates init <dir> | DevCertificates device <dir> <clientId>");
      System.exit(2);
    }
  }

  /** Creates the CA and the gateway's server certificate in {@code dir}. */
  public static void init(Path dir) throws IOException, GeneralSecurityException {
    KeyPair ca = keyPair();
    X509Certificate caCert = sign(new X500Name("CN=GymPulse development CA"), ca, new X500Name("CN=GymPulse development CA"),
        ca, Duration.ofDays(5 * 365), true, List.of());
    write(dir.resolve("ca.pem"), "CERTIFICATE", caCert.getEncoded());
    write(dir.resolve("ca-key.pem"), "PRIVATE KEY", ca.getPrivate().getEncoded());
    KeyPair server = keyPair();
    X509Certificate serverCert = sign(new X500Name("CN=localhost"), server, new X500Name(caCert.getSubjectX500Principal().getName()),
        new KeyPair(caCert.getPublicKey(), ca.getPrivate()), Duration.ofDays(365), false,
        List.of(new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    write(dir.resolve("server.pem"), "CERTIFICATE", serverCert.getEncoded());
    write(dir.resolve("server-key.pem"), "PRIVATE KEY", server.getPrivate().getEncoded());
  }

  /** Issues a device certificate whose CN is {@code clientId}, signed by the CA in {@code dir}. */
  public static void device(Path dir, String clientId) throws IOException, GeneralSecurityException {
    X509Certificate caCert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(Files.newInputStream(dir.resolve("ca.pem")));
    PrivateKey caKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(read(dir.resolve("ca-key.pem"))));
    KeyPair device = keyPair();
    X509Certificate cert = sign(new X500Name("CN=" + clientId), device, new X500Name(caCert.getSubjectX500Principal().getName()),
        new KeyPair(caCert.getPublicKey(), caKey), Duration.ofDays(365), false, List.of());
    write(dir.resolve(clientId + ".pem"), "CERTIFICATE", cert.getEncoded());
    write(dir.resolve(clientId + "-key.pem"), "PRIVATE KEY", device.getPrivate().getEncoded());
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
      Duration validity, boolean authority, List<GeneralName> altNames) throws GeneralSecurityException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(96, RANDOM),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (authority) {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }
    if (!altNames.isEmpty()) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)));
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static void write(Path file, String type, byte[] der) throws IOException {
    StringWriter pem = new StringWriter();
    pem.write("-----BEGIN " + type + "-----\n");
    pem.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der));
    pem.write("\n-----END " + type + "-----\n");
    Files.writeString(file, pem.toString());
  }

  private static byte[] read(Path pem) throws IOException {
    String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(text);
  }
}
