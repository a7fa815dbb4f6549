package dev.lakewire.local.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
 * The one key pair and self-signed certificate of this JVM (EC P-256, SAN {@code 127.0.0.1}, {@code
 * ::1} and {@code localhost}), shared by every local cloud server, and the trust store that makes
 * TLS clients trust it.
 *
 * <p>There is one per JVM because the JDK's default {@link SSLContext} reads {@code
 * javax.net.ssl.trustStore} once: a second certificate could never become trusted.
 */
final class Tls {

  static final String TRUST_STORE_PASSWORD = "changeit";
  static final String ALIAS = "lakewire-local-cloud";

  private static final String TRUST_STORE = "javax.net.ssl.trustStore";
  private static final String TRUST_STORE_PASSWORD_PROPERTY = "javax.net.ssl.trustStorePassword";
  private static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

  private static Path trustStore;

  private Tls() {}

  /** Lazily generated key and certificate (class holder idiom). */
  private static final class Identity {
    static final KeyPair KEYS;
    static final X509Certificate CERT;

    static {
      try {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KEYS = gen.generateKeyPair();
        CERT = selfSigned(KEYS);
      } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
        throw new IllegalStateException("cannot create the local cloud certificate", e);
      }
    }
  }

  private static X509Certificate selfSigned(KeyPair keys)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subject = new X500Name("CN=lakewire local cloud");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(3650))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans()));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  /** Loopback, and the workspace hosts of the local run: {@code *.<shard>.<local domain>}. */
  private static GeneralName[] sans() {
    java.util.List<GeneralName> names = new java.util.ArrayList<>();
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.iPAddress, "::1"));
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    names.add(new GeneralName(GeneralName.dNSName, "accounts." + LocalCloud.DATABRICKS_DOMAIN));
    for (int shard = 0; shard < 10; shard++) {
      names.add(
          new GeneralName(GeneralName.dNSName, "*." + shard + "." + LocalCloud.DATABRICKS_DOMAIN));
    }
    return names.toArray(new GeneralName[0]);
  }

  /** The JVM-wide certificate. */
  static X509Certificate certificate() {
    return Identity.CERT;
  }

  /**
   * Writes the trust store once per JVM and returns its path. When {@code javax.net.ssl.trustStore}
   * is set, the certificate is added there (creating the file and its directories; other entries of
   * an existing store are kept); otherwise a temporary PKCS12 file is written and the {@code
   * javax.net.ssl.trustStore*} properties are set to it.
   */
  static synchronized Path trustStore() {
    if (trustStore != null) {
      return trustStore;
    }
    try {
      String configured = System.getProperty(TRUST_STORE);
      Path path;
      if (configured == null || configured.isBlank()) {
        path = Files.createTempFile("lakewire-local-cloud-", ".p12");
        path.toFile().deleteOnExit();
        Files.delete(path);
        System.setProperty(TRUST_STORE, path.toString());
        System.setProperty(TRUST_STORE_TYPE, "PKCS12");
        System.setProperty(TRUST_STORE_PASSWORD_PROPERTY, TRUST_STORE_PASSWORD);
      } else {
        path = Path.of(configured);
        if (System.getProperty(TRUST_STORE_PASSWORD_PROPERTY) == null) {
          System.setProperty(TRUST_STORE_PASSWORD_PROPERTY, TRUST_STORE_PASSWORD);
        }
      }
      write(path);
      trustStore = path;
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local cloud trust store", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the local cloud trust store", e);
    }
  }

  private static void write(Path path) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    if (Files.exists(path) && Files.size(path) > 0) {
      try (InputStream in = Files.newInputStream(path)) {
        store.load(in, TRUST_STORE_PASSWORD.toCharArray());
      } catch (IOException e) {
        throw new IOException(
            path + " exists but is not a PKCS12 store with password " + TRUST_STORE_PASSWORD, e);
      }
    } else {
      store.load(null, null);
    }
    store.setCertificateEntry(ALIAS, certificate());
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = Files.createTempFile(parent, ".truststore-", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      store.store(out, TRUST_STORE_PASSWORD.toCharArray());
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A server context presenting the JVM-wide certificate. */
  static SSLContext serverContext() {
    return Contexts.SERVER;
  }

  /** A client context that trusts the JVM-wide certificate (and nothing else). */
  static SSLContext clientContext() {
    return Contexts.CLIENT;
  }

  /** Lazily created TLS contexts (class holder idiom). */
  private static final class Contexts {
    static final SSLContext SERVER = newServerContext();
    static final SSLContext CLIENT = newClientContext();
  }

  private static SSLContext newServerContext() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = TRUST_STORE_PASSWORD.toCharArray();
      ks.setKeyEntry(ALIAS, Identity.KEYS.getPrivate(), pw, new Certificate[] {certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create the local cloud server TLS context", e);
    }
  }

  private static SSLContext newClientContext() {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry(ALIAS, certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create the local cloud client TLS context", e);
    }
  }
}
