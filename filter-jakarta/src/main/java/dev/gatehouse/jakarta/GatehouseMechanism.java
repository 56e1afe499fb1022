package dev.gatehouse.jakarta;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthFailure;
import dev.gatehouse.Decision;
import dev.gatehouse.Endpoint;
import dev.gatehouse.FailureReason;
import dev.gatehouse.Guard;
import dev.gatehouse.RequestView;
import dev.gatehouse.Settings;
import dev.gatehouse.servlet.ServletViews;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta Security mechanism: every request is decided by the core {@link Guard} (in {@code
 * optional} mode unless the settings say otherwise), and a verified token becomes the container's
 * caller, its roles (the guard's role mapping) the caller's groups, so {@code @RolesAllowed} on CDI
 * beans and EJBs, {@code SecurityContext.getCallerPrincipal()}, {@code
 * HttpServletRequest.isUserInRole} and JAX-RS {@code SecurityContext} all use the server's own
 * security. Refusals are Gatehouse's (status, challenge, JSON body): an invalid token always, and a
 * request without a token to a resource the container protects (a security constraint).
 *
 * <p>Registered by {@link GatehouseExtension}; the guard is built on the first request from the
 * settings of {@link GatehouseAuthenticationMechanismDefinition}, MicroProfile Config, system
 * properties and the environment, and a misconfiguration answers every request 500 (logged once).
 *
 * <p>Thread-safe.
 */
public final class GatehouseMechanism implements HttpAuthenticationMechanism {
  private static final Logger LOG = LoggerFactory.getLogger(GatehouseMechanism.class);

  private final Supplier<Map<String, String>> settings;
  private final Object lock = new Object();
  private volatile @Nullable Guard guard;
  private volatile @Nullable String misconfigured;

  /** Whether the guard was built here from settings, so this mechanism must release it. */
  private final boolean ownsGuard;

  /** A mechanism whose guard {@code settings} describe, read on the first request. */
  GatehouseMechanism(Supplier<Map<String, String>> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ownsGuard = true;
  }

  /** A mechanism around {@code guard}, for an application that builds it in code. */
  public GatehouseMechanism(Guard guard) {
    this.settings = Map::of;
    this.guard = Objects.requireNonNull(guard, "guard");
    this.ownsGuard = false;
  }

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Guard current = guard();
    try {
      if (current == null) {
        response.sendError(500, "Gatehouse is misconfigured");
        return AuthenticationStatus.SEND_FAILURE;
      }
      RequestView view = ServletViews.of(request);
      Endpoint endpoint = current.endpoint(view);
      if (endpoint != null) {
        ServletViews.write(response, endpoint.handle(view, request.getInputStream()));
        return AuthenticationStatus.SEND_FAILURE;
      }
      Decision decision = current.decide(view);
      if (decision instanceof Decision.Refuse refuse) {
        ServletViews.write(response, refuse.rejection());
        return AuthenticationStatus.SEND_FAILURE;
      }
      Auth auth = decision.auth();
      request.setAttribute(Auth.REQUEST_ATTRIBUTE, auth);
      AuthFailure failure = current.mode() == Guard.Mode.ANNOTATE ? decision.failure() : null;
      request.setAttribute(AuthFailure.REQUEST_ATTRIBUTE, failure);
      if (auth != null) {
        return context.notifyContainerAboutLogin(auth, current.roles().roles(auth));
      }
      if (context.isProtected() && current.mode() != Guard.Mode.ANNOTATE) {
        // The container protects this resource: a token is needed, and the refusal is ours.
        ServletViews.write(
            response,
            current.rejection(AuthFailure.of(FailureReason.MISSING_TOKEN, "no bearer token")));
        return AuthenticationStatus.SEND_FAILURE;
      }
      return context.doNothing();
    } catch (IOException e) {
      // The client went away mid-request; nothing more can be sent.
      return AuthenticationStatus.SEND_FAILURE;
    }
  }

  /** The guard, built from the settings once. */
  @Nullable Guard guard() {
    Guard current = guard;
    if (current != null || misconfigured != null) {
      return current;
    }
    synchronized (lock) {
      if (guard == null && misconfigured == null) {
        Map<String, String> explicit = new java.util.LinkedHashMap<>(settings.get());
        // Unauthenticated requests reach unprotected resources unless the settings say otherwise.
        explicit.putIfAbsent("mode", "optional");
        try {
          Guard built = Settings.guard(Settings.withContainerDefaults(explicit));
          guard = built;
          LOG.info("Gatehouse Jakarta Security mechanism: {}", built.summary());
        } catch (IllegalArgumentException | IllegalStateException e) {
          misconfigured = e.getMessage();
          LOG.error(
              "Gatehouse mechanism is misconfigured; every request gets 500: {}", e.getMessage());
        }
      }
      return guard;
    }
  }

  /** Releases a guard this mechanism built from settings. */
  void close() {
    Guard current;
    synchronized (lock) {
      current = ownsGuard ? guard : null;
      guard = null;
      misconfigured = "closed";
    }
    if (current != null) {
      current.verifier().close();
    }
  }
}
