package io.gympulse.gateway.config;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Parses the MQTTS PEM files at start-up, the forms the TLS listener loads (certificates; PKCS#8, PKCS#1
 * RSA or SEC1 EC keys), so a wrong file stops start-up with one line naming its variable instead of a
 * stack trace when the listener binds, or a listener whose handshakes all fail.
 */
final class PemFiles {

  private PemFiles() {
  }

  /** Every certificate in the file, in order; a file without one is refused. */
  static List<X509Certificate> certificates(SettingFile file) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : objects(file)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (CertificateException e) {
          throw file.invalid("a certificate in it cannot be decoded");
        }
      }
    }
    if (certificates.isEmpty()) {
      throw file.invalid("no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The first certificate, which must be valid now: the server certificate devices will see. */
  static X509Certificate currentCertificate(SettingFile file) {
    X509Certificate certificate = certificates(file).get(0);
    try {
      certificate.checkValidity(new Date());
    } catch (CertificateExpiredException e) {
      throw file.invalid("the certificate expired on " + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw file.invalid("the certificate is not valid before " + certificate.getNotBefore().toInstant());
    }
    return certificate;
  }

  /** The first private key in the file; encrypted keys are refused (the listener cannot open them). */
  static PrivateKey privateKey(SettingFile file) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object : objects(file)) {
      try {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      } catch (IOException e) {
        throw file.invalid("the private key in it cannot be decoded");
      }
      if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw file.invalid("the private key is encrypted: expected an unencrypted PEM key");
      }
    }
    throw file.invalid("no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)");
  }

  /**
   * Refuses a key that is not the certificate's: it signs a random challenge that the certificate's public
   * key must verify, which works the same for EC, RSA and EdDSA keys.
   */
  static void checkKeyMatches(SettingFile keyFile, PrivateKey key, SettingFile certificateFile,
      X509Certificate certificate) {
    PublicKey publicKey = certificate.getPublicKey();
    String mismatch = "it does not match the certificate in " + certificateFile.variable();
    if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
      throw keyFile.invalid(mismatch + " (" + key.getAlgorithm() + " key, " + publicKey.getAlgorithm() + " certificate)");
    }
    String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "ED25519", "EDDSA" -> "Ed25519";
      case "ED448" -> "Ed448";
      default -> throw keyFile.invalid("unsupported key algorithm " + key.getAlgorithm() + ": expected EC, RSA or EdDSA");
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      if (!verifier.verify(signature)) {
        throw keyFile.invalid(mismatch);
      }
    } catch (GeneralSecurityException e) {
      throw keyFile.invalid(mismatch);
    }
  }

  private static List<Object> objects(SettingFile file) {
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(file.text()))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      // PEMParser reports bad base64 or DER as IOException or as runtime exceptions of its own
      throw file.invalid("malformed PEM (not base64-encoded DER between BEGIN and END lines)");
    }
    return objects;
  }
}
