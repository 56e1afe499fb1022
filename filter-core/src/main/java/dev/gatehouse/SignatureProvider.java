package dev.gatehouse;

import java.lang.reflect.Method;
import java.security.Provider;
import java.security.Security;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider signatures are verified with: {@code null} for the JDK's own providers.
 * Conscrypt (BoringSSL) verifies ES256 roughly 10 to 20 times faster than the JDK; {@code auto}
 * uses it when it is on the class path and its native library loads on this platform.
 *
 * @param name {@code jdk} or the provider's name
 * @param provider the provider, or null for the JDK's default providers
 */
record SignatureProvider(String name, @Nullable Provider provider) {
  static final String AUTO = "auto";
  static final String JDK = "jdk";
  static final SignatureProvider JDK_DEFAULT = new SignatureProvider(JDK, null);
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
      return conscrypt == null
          ? JDK_DEFAULT
          : new SignatureProvider(conscrypt.getName(), conscrypt);
    }
    if (setting.equalsIgnoreCase(CONSCRYPT) && conscrypt != null) {
      return new SignatureProvider(conscrypt.getName(), conscrypt);
    }
    Provider named = Security.getProvider(setting);
    if (named == null) {
      throw new IllegalArgumentException("signature provider is not registered: " + setting);
    }
    return new SignatureProvider(named.getName(), named);
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
