package dev.gatehouse;

import java.lang.reflect.Method;
import java.security.Provider;
import java.security.Security;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where signatures are verified: a JCA provider ({@code null} for the JDK's own), and whether ECDSA
 * and EdDSA the provider lacks go to BouncyCastle's lightweight API ({@link BouncyCastle}).
 * BouncyCastle verifies ES256 4 to 13 times faster than the JDK, in pure Java on every platform;
 * Conscrypt (BoringSSL), where its native library loads, faster still for ECDSA and RSA but has no
 * EdDSA. {@code auto} takes Conscrypt when it loads (only an application that added it has it),
 * BouncyCastle for the ECDSA and EdDSA left when it is present (a default dependency), and the JDK
 * for the rest.
 *
 * @param name {@code jdk}, {@code BouncyCastle}, the provider's name, or {@code
 *     Conscrypt+BouncyCastle}
 * @param provider the JCA provider, or null for the JDK's default providers
 * @param bouncyCastle whether ECDSA and EdDSA that {@code provider} lacks go to BouncyCastle
 */
record SignatureProvider(String name, @Nullable Provider provider, boolean bouncyCastle) {
  static final String AUTO = "auto";
  static final String JDK = "jdk";
  static final SignatureProvider JDK_DEFAULT = new SignatureProvider(JDK, null, false);
  private static final String CONSCRYPT = "Conscrypt";
  private static final Logger LOG = LoggerFactory.getLogger(SignatureProvider.class);

  /**
   * The provider for a setting.
   *
   * @throws IllegalArgumentException for a named provider that is not registered
   */
  static SignatureProvider select(String setting) {
    if (setting.equalsIgnoreCase(JDK)) {
      return JDK_DEFAULT;
    }
    Provider conscrypt = Conscrypt.PROVIDER;
    if (setting.equalsIgnoreCase(AUTO)) {
      return auto(conscrypt, BouncyCastle.PRESENT);
    }
    if (setting.equalsIgnoreCase(BouncyCastle.NAME)) {
      if (!BouncyCastle.PRESENT) {
        throw new IllegalArgumentException(
            "signature provider is not on the class path: "
                + setting
                + " (add org.bouncycastle:bcprov-jdk18on)");
      }
      return new SignatureProvider(BouncyCastle.NAME, null, true);
    }
    if (setting.equalsIgnoreCase(CONSCRYPT) && conscrypt != null) {
      return new SignatureProvider(conscrypt.getName(), conscrypt, false);
    }
    Provider named = Security.getProvider(setting);
    if (named == null) {
      throw new IllegalArgumentException("signature provider is not registered: " + setting);
    }
    return new SignatureProvider(named.getName(), named, false);
  }

  private static SignatureProvider auto(@Nullable Provider conscrypt, boolean bouncyCastle) {
    if (conscrypt == null) {
      return bouncyCastle ? new SignatureProvider(BouncyCastle.NAME, null, true) : JDK_DEFAULT;
    }
    String name = conscrypt.getName() + (bouncyCastle ? "+" + BouncyCastle.NAME : "");
    return new SignatureProvider(name, conscrypt, bouncyCastle);
  }

  /**
   * Conscrypt when it is present and loads, else null. Never registered with {@code
   * Security.addProvider}: {@code Signature.getInstance(name, provider)} takes the instance, and a
   * JVM-wide registration would outlive an undeployed web application.
   */
  private static final class Conscrypt {
    static final @Nullable Provider PROVIDER = load();

    private static @Nullable Provider load() {
      try {
        Class<?> type = Class.forName("org.conscrypt.Conscrypt");
        Method available = type.getMethod("isAvailable");
        if (!Boolean.TRUE.equals(available.invoke(null))) {
          return null;
        }
        Provider existing = Security.getProvider(CONSCRYPT);
        if (existing != null) {
          return existing;
        }
        return (Provider) type.getMethod("newProvider").invoke(null);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        LOG.debug("Conscrypt not used: {}", e.toString());
        return null;
      }
    }
  }
}
