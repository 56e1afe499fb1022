package dev.gatehouse;

import static dev.gatehouse.Setting.bool;
import static dev.gatehouse.Setting.choice;
import static dev.gatehouse.Setting.commaList;
import static dev.gatehouse.Setting.integer;
import static dev.gatehouse.Setting.list;
import static dev.gatehouse.Setting.millis;
import static dev.gatehouse.Setting.seconds;
import static dev.gatehouse.Setting.text;
import static dev.gatehouse.Setting.uri;

import dev.gatehouse.jwks.JwksSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Guard} from string settings, so that {@code web.xml} init-params and JAX-RS
 * properties share one set of names and one parser. Every setting is one row of {@link #TABLE}:
 * parsing, the refusal of unknown names, the issuer suffixes and the README's configuration table
 * all come from it.
 *
 * <p>Several issuers: settings suffixed {@code .1}, {@code .2}, ... describe issuer 1, 2, ...
 * ({@code issuer.1}, {@code jwks-uri.1}, {@code audience.1}); an issuer setting without a suffix
 * applies to every issuer that does not set its own, except {@code issuer}, {@code jwks-uri} and
 * {@code jwks-path}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Settings {
  /** What the guard rows apply to: the builder, plus the role mapping they build up. */
  static final class GuardTarget {
    final Guard.Builder guard;
    RoleMapping roles = RoleMapping.DEFAULT;
    @Nullable String logoutPath;
    List<String> logoutAudiences = List.of();
    java.time.@Nullable Duration logoutMaxAge;
    int feedMaxBodyBytes = BackChannelLogout.DEFAULT_MAX_BODY_BYTES;
    @Nullable String ssfPath;
    List<String> ssfAudiences = List.of();
    List<String> ssfTransmitters = List.of();
    java.time.@Nullable Duration ssfMaxAge;
    @Nullable String certificateHeader;
    List<String> trustedProxies = List.of();
    List<String> stepUpPaths = List.of();
    List<String> stepUpAcr = List.of();
    java.time.@Nullable Duration stepUpMaxAge;

    GuardTarget(Guard.Builder guard) {
      this.guard = guard;
    }

    /** The forwarded client certificate the {@code mtls-*} rows describe. */
    void addCertificateHeader() {
      if (certificateHeader == null) {
        if (!trustedProxies.isEmpty()) {
          throw new IllegalArgumentException(
              "mtls-trusted-proxies is set but mtls-certificate-header is not");
        }
        return;
      }
      if (trustedProxies.isEmpty()) {
        throw new IllegalArgumentException(
            "missing setting: mtls-trusted-proxies (needed with mtls-certificate-header)");
      }
      try {
        guard.clientCertificateHeader(certificateHeader, trustedProxies);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("mtls-trusted-proxies: " + e.getMessage(), e);
      }
    }

    /** The step-up the {@code step-up-*} rows describe, once every row has been read. */
    void addStepUp() {
      boolean asks = !stepUpAcr.isEmpty() || stepUpMaxAge != null;
      if (stepUpPaths.isEmpty() != !asks) {
        throw new IllegalArgumentException(
            stepUpPaths.isEmpty()
                ? "step-up-acr-values or step-up-max-age-seconds is set but step-up-paths is not"
                : "step-up-paths is set but neither step-up-acr-values nor"
                    + " step-up-max-age-seconds is");
      }
      if (!asks) {
        return;
      }
      Requirement stepUp = Requirement.AUTHENTICATED;
      if (!stepUpAcr.isEmpty()) {
        stepUp = stepUp.and(Requirement.acr(stepUpAcr));
      }
      if (stepUpMaxAge != null) {
        stepUp = stepUp.and(Requirement.maxAge(stepUpMaxAge));
      }
      guard.alsoRequire(stepUp, stepUpPaths);
    }

    /** Mounts the feeds the settings describe, once every row has been read. */
    void mountFeeds() {
      mountLogout();
      if (ssfPath == null) {
        if (!ssfAudiences.isEmpty() || !ssfTransmitters.isEmpty() || ssfMaxAge != null) {
          throw new IllegalArgumentException(
              "ssf-audience, ssf-transmitters or ssf-max-age-seconds is set but ssf-receiver-path"
                  + " is not");
        }
        return;
      }
      if (ssfAudiences.isEmpty() || ssfTransmitters.isEmpty()) {
        throw new IllegalArgumentException(
            "missing setting: "
                + (ssfAudiences.isEmpty() ? "ssf-audience" : "ssf-transmitters")
                + " (needed with ssf-receiver-path)");
      }
      SecurityEventReceiver.Builder ssf =
          SecurityEventReceiver.builder(guard.verifier())
              .audiences(ssfAudiences)
              .maxBodyBytes(feedMaxBodyBytes);
      try {
        ssf.transmitters(ssfTransmitters);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ssf-transmitters: " + e.getMessage(), e);
      }
      if (ssfMaxAge != null) {
        ssf.maxAge(ssfMaxAge);
      }
      guard.endpoint(ssfPath, ssf.build());
    }

    private void mountLogout() {
      if (logoutPath == null) {
        if (!logoutAudiences.isEmpty() || logoutMaxAge != null) {
          throw new IllegalArgumentException(
              "backchannel-logout-audience or -max-age-seconds is set but"
                  + " backchannel-logout-path is not");
        }
        return;
      }
      if (logoutAudiences.isEmpty()) {
        throw new IllegalArgumentException(
            "missing setting: backchannel-logout-audience (the client ids logout tokens are"
                + " for)");
      }
      BackChannelLogout.Builder logout =
          BackChannelLogout.builder(guard.verifier())
              .audiences(logoutAudiences)
              .maxBodyBytes(feedMaxBodyBytes);
      if (logoutMaxAge != null) {
        logout.maxAge(logoutMaxAge);
      }
      guard.endpoint(logoutPath, logout.build());
    }
  }

  /** The settings table, in the README's order. */
  static final List<Setting<?, ?>> TABLE =
      List.of(
          Setting.issuer(
              "issuer",
              true,
              text(),
              "required",
              "IssuerPolicy.builder(String)",
              "the exact `iss` to accept (string comparison; a trailing slash matters; no query or"
                  + " fragment)",
              (b, v) -> {}),
          Setting.issuer(
              "audience",
              false,
              list(),
              "required",
              "audiences(String...), anyAudience()",
              "comma-separated; `aud` must contain one of them (RFC 9068 §4); `*` accepts any"
                  + " audience (logged at WARN)",
              (b, v) -> {
                if (v.equals(List.of("*"))) {
                  b.anyAudience();
                } else {
                  b.audiences(v);
                }
              }),
          Setting.issuer(
              "jwks-uri",
              true,
              uri(),
              "discovered",
              "jwksUri(URI)",
              "the issuer's JWKS; `https`, or `http` only on loopback; no user information",
              IssuerPolicy.Builder::jwksUri),
          Setting.issuer(
              "jwks-path",
              true,
              text(),
              "none",
              "jwksPath(String)",
              "JWKS path relative to the issuer (e.g. `/_torii/.well-known/jwks.json`), instead of"
                  + " discovery",
              IssuerPolicy.Builder::jwksPath),
          Setting.issuer(
              "algorithms",
              false,
              list(),
              String.join(", ", JwsAlgorithm.SUPPORTED),
              "algorithms(String...)",
              "allow-list; `none` and HMAC are refused at start-up",
              IssuerPolicy.Builder::algorithms),
          Setting.issuer(
              "leeway-seconds",
              false,
              seconds(0),
              Long.toString(IssuerPolicy.DEFAULT_LEEWAY.toSeconds()),
              "leeway(Duration)",
              "clock skew allowed for `exp`, `nbf`, `iat`",
              IssuerPolicy.Builder::leeway),
          Setting.issuer(
              "require-at-jwt",
              false,
              bool(),
              "false",
              "requireAccessTokenType(boolean)",
              "require `typ: at+jwt` (RFC 9068)",
              IssuerPolicy.Builder::requireAccessTokenType),
          Setting.issuer(
              "allow-id-tokens",
              false,
              bool(),
              "false",
              "allowIdTokens(boolean)",
              "accept tokens with ID-token claims (`nonce`, `at_hash`, `c_hash`) or a `typ` claim"
                  + " naming another token type; off: an ID token is not an access token",
              IssuerPolicy.Builder::allowIdTokens),
          Setting.issuer(
              "max-token-lifetime-seconds",
              false,
              seconds(1),
              "none",
              "maxTokenLifetime(Duration)",
              "refuse tokens whose `exp - iat` is longer",
              IssuerPolicy.Builder::maxTokenLifetime),
          Setting.issuer(
              "jwks-ttl-seconds",
              false,
              seconds(1),
              Long.toString(JwksSettings.DEFAULT_TTL.toSeconds()),
              "jwksTtl(Duration)",
              "key lifetime when the JWKS response has no `Cache-Control: max-age`",
              IssuerPolicy.Builder::jwksTtl),
          Setting.issuer(
              "jwks-refresh-cooldown-seconds",
              false,
              seconds(0),
              Long.toString(JwksSettings.DEFAULT_REFRESH_COOLDOWN.toSeconds()),
              "jwksRefreshCooldown(Duration)",
              "least time between refreshes caused by unknown `kid`s; not longer than"
                  + " `jwks-ttl-seconds`",
              IssuerPolicy.Builder::jwksRefreshCooldown),
          Setting.issuer(
              "jwks-max-stale-seconds",
              false,
              seconds(0),
              JwksSettings.DEFAULT_MAX_STALE.toSeconds() + " (6 h)",
              "jwksMaxStale(Duration)",
              "how long past their lifetime cached keys serve while the issuer is down",
              IssuerPolicy.Builder::jwksMaxStale),
          Setting.issuer(
              "jwks-timeout-millis",
              false,
              millis(1, 600_000),
              Long.toString(JwksSettings.DEFAULT_TIMEOUT.toMillis()),
              "jwksTimeout(Duration)",
              "connect timeout and bound on a whole JWKS or metadata fetch",
              IssuerPolicy.Builder::jwksTimeout),
          Setting.issuer(
              "dpop",
              false,
              choice("off", "accept", "require"),
              "`off`",
              "dpop(IssuerPolicy.Dpop)",
              "DPoP (RFC 9449): `accept` (a DPoP-bound token needs its proof, a plain one may come as"
                  + " Bearer) or `require` (every token DPoP-bound); a DPoP-bound token is refused as"
                  + " Bearer whatever this says (see \"Sender-constrained tokens\")",
              (b, v) -> b.dpop(IssuerPolicy.Dpop.valueOf(v.toUpperCase(java.util.Locale.ROOT)))),
          Setting.issuer(
              "introspection-uri",
              true,
              uri(),
              "none",
              "introspectionUri(URI)",
              "RFC 7662 token introspection endpoint: tokens that are not a JWS (opaque tokens) are"
                  + " checked there; `https`, or `http` only on loopback; `discovered` takes the"
                  + " metadata's `introspection_endpoint`; one issuer at most (see \"Opaque"
                  + " tokens\")",
              (b, v) -> {
                if (v.toString().equals("discovered")) {
                  b.introspectionDiscovered();
                } else {
                  b.introspectionUri(v);
                }
              }),
          Setting.issuer(
              "introspection-client-id",
              true,
              text(),
              "required with the URI",
              "introspectionClient(String, String)",
              "the client this resource server authenticates as",
              IssuerPolicy.Builder::introspectionClientId),
          Setting.issuer(
              "introspection-client-secret",
              true,
              text(),
              "required with the URI, or the next",
              "introspectionClient(String, String)",
              "its secret; never logged, never in an error",
              IssuerPolicy.Builder::introspectionClientSecret),
          Setting.issuer(
              "introspection-client-secret-env",
              true,
              text(),
              "none",
              "introspectionClient(String, String)",
              "name of the environment variable that holds the secret instead",
              (b, name) -> {
                String secret = System.getenv(name);
                if (secret == null || secret.isEmpty()) {
                  throw new IllegalArgumentException(
                      "environment variable " + name + " is not set");
                }
                b.introspectionClientSecret(secret);
              }),
          Setting.issuer(
              "introspection-client-auth",
              true,
              choice("client_secret_basic", "client_secret_post"),
              "`client_secret_basic`",
              "introspectionSecretInForm(boolean)",
              "`client_secret_basic` (HTTP Basic) or `client_secret_post` (in the form)",
              (b, v) -> b.introspectionSecretInForm(v.equals("client_secret_post"))),
          Setting.issuer(
              "introspect-jwts",
              true,
              bool(),
              "false",
              "introspectJwts(boolean)",
              "also check every JWT of this issuer at its introspection endpoint, after local"
                  + " verification (its JWTs then skip the JWT cache)",
              IssuerPolicy.Builder::introspectJwts),
          Setting.issuer(
              "introspection-cache-max-seconds",
              true,
              seconds(1),
              "60",
              "introspectionCacheMaxAge(Duration)",
              "longest an active answer is reused (never past the token's `exp`)",
              IssuerPolicy.Builder::introspectionCacheMaxAge),
          Setting.issuer(
              "introspection-inactive-cache-seconds",
              true,
              seconds(1),
              "10",
              "introspectionInactiveCacheAge(Duration)",
              "how long an inactive answer is reused, so a flood of bad tokens costs one call each",
              IssuerPolicy.Builder::introspectionInactiveCacheAge),
          Setting.verifier(
              "token-cache-size",
              integer(0, 10_000_000),
              Integer.toString(TokenCache.DEFAULT_SIZE),
              "tokenCacheSize(int)",
              "verified tokens cached; 0 disables",
              TokenVerifier.Builder::tokenCacheSize),
          Setting.verifier(
              "token-cache-max-mib",
              integer(1, 64 * 1024),
              Long.toString(TokenCache.DEFAULT_MAX_BYTES / (1024 * 1024)),
              "tokenCacheMaxBytes(long)",
              "bound on the cache's estimated memory (token and parsed claims), whatever the token"
                  + " size",
              (b, v) -> b.tokenCacheMaxBytes(v * 1024L * 1024L)),
          Setting.verifier(
              "token-cache-max-seconds",
              seconds(1),
              Long.toString(TokenCache.DEFAULT_MAX_AGE.toSeconds()),
              "tokenCacheMaxAge(Duration)",
              "longest a verified token is served from the cache (never past its `exp`)",
              TokenVerifier.Builder::tokenCacheMaxAge),
          Setting.verifier(
              "revocation-replica-uri",
              text(),
              "none",
              "revocationReplica(String)",
              "`redis://` or `rediss://` URI of the store that shares revocations across nodes"
                  + " (module `filter-redis`); a password in it, or in `GATEHOUSE_REDIS_PASSWORD`,"
                  + " is never logged",
              TokenVerifier.Builder::revocationReplica),
          Setting.verifier(
              "revocation-max-staleness-seconds",
              seconds(1),
              "none (off)",
              "revocationMaxStaleness(Duration)",
              "answer 503 once the revocation replica has been out of step this long",
              TokenVerifier.Builder::revocationMaxStaleness),
          Setting.verifier(
              "resource",
              text(),
              "none",
              "resource(String)",
              "this resource's identifier (RFC 8707, RFC 9728), e.g. `https://api.example.com/mcp`;"
                  + " `https`, or `http` on loopback; an accepted audience of every issuer (then"
                  + " `audience` may be left out), and the filter serves its metadata (see"
                  + " \"Protected-resource metadata\")",
              TokenVerifier.Builder::resource),
          Setting.verifier(
              "event-listener",
              commaList(),
              "none",
              "listener(GatehouseListener)",
              "comma-separated classes implementing `GatehouseListener` (public, with a public"
                  + " no-argument constructor) to tell every event, e.g."
                  + " `dev.gatehouse.micrometer.GatehouseMetrics` (see \"Metrics, readiness and"
                  + " audit\")",
              (b, v) -> v.forEach(name -> b.listener(Settings.listener(name)))),
          Setting.verifier(
              "audit",
              bool(),
              "false",
              "listener(AuditLog.create(Subject))",
              "one JSON line on the logger `dev.gatehouse.audit` per refusal and per revocation",
              (b, v) -> b.audit = v),
          Setting.verifier(
              "audit-subject",
              choice("plain", "hash", "none"),
              "`hash`",
              "AuditLog.create(AuditLog.Subject)",
              "how audit lines show subjects and revoked values: `plain`, `hash` (SHA-256) or"
                  + " `none`",
              (b, v) ->
                  b.auditSubject = AuditLog.Subject.valueOf(v.toUpperCase(java.util.Locale.ROOT))),
          Setting.verifier(
              "dpop-algorithms",
              list(),
              String.join(", ", JwsAlgorithm.SUPPORTED),
              "DpopPolicy.Builder.algorithms(Collection)",
              "accepted DPoP proof algorithms (`algs` of the challenge)",
              (b, v) -> b.dpopSettings().algorithms(v)),
          Setting.verifier(
              "dpop-proof-max-age-seconds",
              seconds(1),
              Long.toString(DpopPolicy.DEFAULT_PROOF_MAX_AGE.toSeconds()),
              "DpopPolicy.Builder.proofMaxAge(Duration)",
              "oldest DPoP proof `iat` accepted (plus the issuer's leeway)",
              (b, v) -> b.dpopSettings().proofMaxAge(v)),
          Setting.verifier(
              "dpop-nonce",
              bool(),
              "false",
              "DpopPolicy.Builder.nonces(...)",
              "issue and require server nonces (RFC 9449 §8)",
              (b, v) -> b.dpopSettings().noncesOn(v)),
          Setting.verifier(
              "dpop-nonce-rotation-seconds",
              seconds(1),
              Long.toString(DpopPolicy.DEFAULT_NONCE_ROTATION.toSeconds()),
              "DpopPolicy.Builder.nonces(byte[], Duration)",
              "how long a nonce is current (then accepted as long again)",
              (b, v) -> b.dpopSettings().nonceRotation(v)),
          Setting.verifier(
              "dpop-nonce-secret-env",
              text(),
              "a random secret (one node)",
              "DpopPolicy.Builder.nonces(byte[], Duration)",
              "name of the environment variable holding the nonce secret (32 bytes or more), the"
                  + " same on every node of a cluster; never logged",
              (b, name) -> {
                String secret = System.getenv(name);
                if (secret == null || secret.isEmpty()) {
                  throw new IllegalArgumentException(
                      "environment variable " + name + " is not set");
                }
                b.dpopSettings()
                    .nonceSecret(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              }),
          Setting.verifier(
              "dpop-replay-uri",
              text(),
              "in memory (one node)",
              "DpopPolicy.Builder.replayStore(String)",
              "`redis://` or `rediss://` URI of the store that makes proofs single-use across nodes"
                  + " (module `filter-redis`)",
              (b, v) -> b.dpopSettings().replayStore(v)),
          Setting.verifier(
              "dpop-replay-fail-open",
              bool(),
              "false",
              "DpopPolicy.Builder.replayFailOpen(boolean)",
              "accept proofs while the replay store is unreachable (a replay might pass); off: 503",
              (b, v) -> b.dpopSettings().replayFailOpen(v)),
          Setting.verifier(
              "external-base-uri",
              text(),
              "the request URI as received",
              "DpopPolicy.Builder.externalBaseUri(String)",
              "scheme and authority clients reach the application at, behind a proxy, for DPoP"
                  + " `htu` (forwarded headers are never read)",
              (b, v) -> b.dpopSettings().externalBaseUri(v)),
          Setting.verifier(
              "signature-provider",
              text(),
              "`auto`",
              "signatureProvider(String)",
              "`auto` (Conscrypt if present; BouncyCastle, a default dependency, for ECDSA and EdDSA"
                  + " left; the JDK for the rest), `BouncyCastle`, `jdk`, or a JCA provider name",
              TokenVerifier.Builder::signatureProvider),
          Setting.guard(
              "mode",
              choice("required", "optional", "annotate"),
              "`required`",
              "mode(Guard.Mode)",
              "`required`, `optional` or `annotate` (see \"Authorization\")",
              (t, v) -> t.guard.mode(Guard.Mode.valueOf(v.toUpperCase(java.util.Locale.ROOT)))),
          Setting.guard(
              "required-scopes",
              list(),
              "none",
              "requiredScopes(String...)",
              "space- or comma-separated; all needed on every protected path",
              (t, v) -> t.guard.requiredScopes(v)),
          Setting.guard(
              "exclude-paths",
              commaList(),
              "none",
              "excludePaths(String...)",
              "comma-separated path patterns that skip authentication: `/health`, `/public/*`,"
                  + " `/assets/*.css`; `*`, `/*`, a bare `*.css` and a pattern with whitespace are"
                  + " refused (see \"What the filter sees\")",
              (t, v) -> t.guard.excludePaths(v)),
          Setting.guard(
              "online-check-paths",
              commaList(),
              "none",
              "onlineCheckPaths(String...)",
              "comma-separated path patterns whose requests also ask the issuer's introspection"
                  + " endpoint whether a locally valid JWT is still active (see \"Opaque tokens\")",
              (t, v) -> t.guard.onlineCheckPaths(v)),
          Setting.guard(
              "step-up-paths",
              commaList(),
              "none",
              "alsoRequire(Requirement, Collection)",
              "comma-separated path patterns whose protected requests also need the step-up below"
                  + " (RFC 9470; see \"Step-up authentication\")",
              (t, v) -> {
                v.forEach(PathPattern::parse);
                t.stepUpPaths = v;
              }),
          Setting.guard(
              "step-up-acr-values",
              list(),
              "none",
              "Requirement.acr(String...)",
              "accepted `acr` values on the step-up paths, most preferred first",
              (t, v) -> {
                Requirement.acr(v);
                t.stepUpAcr = v;
              }),
          Setting.guard(
              "step-up-max-age-seconds",
              seconds(1),
              "none",
              "Requirement.maxAge(Duration)",
              "oldest `auth_time` accepted on the step-up paths",
              (t, v) -> t.stepUpMaxAge = v),
          Setting.guard(
              "roles-claim",
              list(),
              "`roles`, else `groups`",
              "roles(RoleMapping.claims(...))",
              "claim path(s) for roles, e.g. `realm_access.roles`",
              (t, v) -> t.roles = RoleMapping.claims(v).withScopes(t.roles.fromScopes())),
          Setting.guard(
              "roles-from-scopes",
              bool(),
              "false",
              "roles(RoleMapping.withScopes(boolean))",
              "also count every scope as a role",
              (t, v) -> t.roles = t.roles.withScopes(v)),
          Setting.guard(
              "scope-matching",
              choice("exact", "hierarchical"),
              "`exact`",
              "scopeMatcher(ScopeMatcher)",
              "`exact` or `hierarchical` (see \"Authorization\")",
              (t, v) ->
                  t.guard.scopeMatcher(
                      v.equals("hierarchical") ? ScopeMatcher.HIERARCHICAL : ScopeMatcher.EXACT)),
          Setting.guard(
              "realm",
              text(),
              "none",
              "realm(String)",
              "`realm` parameter of the challenge",
              (t, v) -> t.guard.realm(v)),
          Setting.guard(
              "error-format",
              choice("json", "problem"),
              "`json`",
              "renderer(ErrorRenderer)",
              "`json` or `problem` (RFC 9457 `application/problem+json`)",
              (t, v) ->
                  t.guard.renderer(
                      v.equals("problem") ? ErrorRenderer.problemJson() : ErrorRenderer.json())),
          Setting.guard(
              "allow-query-token",
              bool(),
              "false",
              "acceptQueryToken(boolean)",
              "also accept `?access_token=` (RFC 6750 §2.3); URIs leak into logs, so only where a"
                  + " header is impossible",
              (t, v) -> t.guard.acceptQueryToken(v)),
          Setting.guard(
              "allow-form-token",
              bool(),
              "false",
              "acceptFormToken(boolean)",
              "also accept an `access_token` form parameter (RFC 6750 §2.2; not on `GET`)",
              (t, v) -> t.guard.acceptFormToken(v)),
          Setting.guard(
              "mtls-bound-paths",
              commaList(),
              "none",
              "certificateBoundPaths(Collection)",
              "comma-separated path patterns whose requests need a certificate-bound token (RFC"
                  + " 8705)",
              (t, v) -> {
                v.forEach(PathPattern::parse);
                t.guard.certificateBoundPaths(v);
              }),
          Setting.guard(
              "mtls-certificate-header",
              text(),
              "none",
              "clientCertificateHeader(String, Collection)",
              "header a TLS-terminating proxy forwards the client certificate in (`Client-Cert`,"
                  + " RFC 9440, or URL-encoded PEM)",
              (t, v) -> {
                if (!HttpMethods.isToken(v)) {
                  throw new IllegalArgumentException("not a header name: '" + v + "'");
                }
                t.certificateHeader = v;
              }),
          Setting.guard(
              "mtls-trusted-proxies",
              list(),
              "required with the header",
              "clientCertificateHeader(String, Collection)",
              "IP addresses of the proxies whose certificate header is believed",
              (t, v) -> t.trustedProxies = v),
          Setting.guard(
              "resource-name",
              text(),
              "none",
              "resourceName(String)",
              "`resource_name` of the metadata",
              (t, v) -> t.guard.resourceName(v)),
          Setting.guard(
              "resource-documentation",
              text(),
              "none",
              "resourceDocumentation(String)",
              "`resource_documentation` URL of the metadata",
              (t, v) -> t.guard.resourceDocumentation(v)),
          Setting.guard(
              "resource-metadata-uri",
              text(),
              "the RFC 9728 §3.1 URL of `resource`",
              "resourceMetadataUrl(String)",
              "the metadata URL sent as `resource_metadata` in challenges; set it when the"
                  + " application is not at the server's root",
              (t, v) -> t.guard.resourceMetadataUrl(v)),
          Setting.guard(
              "resource-scopes",
              list(),
              "none",
              "scopesSupported(Collection)",
              "scopes to list in the metadata's `scopes_supported` beyond those the rules and"
                  + " annotations name",
              (t, v) -> t.guard.scopesSupported(v)),
          Setting.guard(
              "health-path",
              text(),
              "none (off)",
              "endpoint(String, Readiness)",
              "exact path of the readiness check (200 or 503 with each issuer's key status as JSON),"
                  + " served by the filter before the bearer check (see \"Metrics, readiness and"
                  + " audit\")",
              (t, v) -> t.guard.endpoint(v, Readiness.of(t.guard.verifier()))),
          Setting.guard(
              "backchannel-logout-path",
              text(),
              "none (off)",
              "endpoint(String, BackChannelLogout)",
              "exact path of the OpenID Connect back-channel logout receiver, served by the"
                  + " filter before the bearer check (see \"Revocation\")",
              (t, v) -> {
                PathPattern.parse(v);
                t.logoutPath = v;
              }),
          Setting.guard(
              "backchannel-logout-audience",
              list(),
              "required with the path",
              "BackChannelLogout.Builder.audiences(String...)",
              "client ids a logout token's `aud` must name one of",
              (t, v) -> t.logoutAudiences = v),
          Setting.guard(
              "backchannel-logout-max-age-seconds",
              seconds(1),
              Long.toString(BackChannelLogout.DEFAULT_MAX_AGE.toSeconds()),
              "BackChannelLogout.Builder.maxAge(Duration)",
              "oldest logout token `iat` accepted (plus the leeway)",
              (t, v) -> t.logoutMaxAge = v),
          Setting.guard(
              "ssf-receiver-path",
              text(),
              "none (off)",
              "endpoint(String, SecurityEventReceiver)",
              "exact path of the Shared Signals push receiver (RFC 8935), served by the filter"
                  + " before the bearer check (see \"Revocation\")",
              (t, v) -> {
                PathPattern.parse(v);
                t.ssfPath = v;
              }),
          Setting.guard(
              "ssf-audience",
              list(),
              "required with the path",
              "SecurityEventReceiver.Builder.audiences(String...)",
              "what a security event token's `aud` must name one of",
              (t, v) -> t.ssfAudiences = v),
          Setting.guard(
              "ssf-transmitters",
              list(),
              "required with the path",
              "SecurityEventReceiver.Builder.transmitters(String...)",
              "configured issuers whose security event tokens are accepted (verified with their"
                  + " keys)",
              (t, v) -> t.ssfTransmitters = v),
          Setting.guard(
              "ssf-max-age-seconds",
              seconds(1),
              Long.toString(SecurityEventReceiver.DEFAULT_MAX_AGE.toSeconds()),
              "SecurityEventReceiver.Builder.maxAge(Duration)",
              "oldest security event token `iat` accepted (plus the leeway)",
              (t, v) -> t.ssfMaxAge = v),
          Setting.guard(
              "feed-max-body-bytes",
              integer(1024, 1024 * 1024),
              Integer.toString(BackChannelLogout.DEFAULT_MAX_BODY_BYTES),
              "maxBodyBytes(int) of both receivers",
              "largest body a revocation feed reads; longer ones get 413",
              (t, v) -> t.feedMaxBodyBytes = v));

  private static final Map<String, Setting<?, ?>> BY_NAME = byName();

  private static final Pattern NUMBERED = Pattern.compile("([a-z-]+)\\.([1-9][0-9]?)");

  /** An environment variable's setting with its issuer number, {@code jwks-uri-2}. */
  private static final Pattern NUMBERED_VARIABLE = Pattern.compile("(.+)-([1-9][0-9]?)");

  private Settings() {}

  private static Map<String, Setting<?, ?>> byName() {
    Map<String, Setting<?, ?>> out = new LinkedHashMap<>();
    for (Setting<?, ?> row : TABLE) {
      out.put(row.name, row);
    }
    return out;
  }

  /** Whether {@code name} is one of the setting names, with or without an issuer number. */
  public static boolean isSettingName(String name) {
    if (BY_NAME.containsKey(name)) {
      return true;
    }
    Matcher numbered = NUMBERED.matcher(name);
    if (!numbered.matches()) {
      return false;
    }
    Setting<?, ?> row = BY_NAME.get(numbered.group(1));
    return row != null
        && (row.scope == Setting.Scope.ISSUER || row.scope == Setting.Scope.ISSUER_OWN);
  }

  /**
   * The guard these settings describe.
   *
   * @throws IllegalArgumentException naming the setting that is missing, unknown or invalid (and,
   *     for an unknown one, the nearest known name)
   */
  public static Guard guard(Map<String, String> settings) {
    return guard(settings, Trace.NONE);
  }

  /** The guard these settings describe, its verifier reporting its checks to {@code trace}. */
  static Guard guard(Map<String, String> settings, Trace trace) {
    for (String name : settings.keySet()) {
      if (!isSettingName(name)) {
        throw new IllegalArgumentException("unknown setting: " + name + suggestion(name));
      }
    }
    boolean anyIssuer =
        value(settings, "issuer") != null
            || settings.keySet().stream()
                .anyMatch(n -> n.startsWith("issuer.") && value(settings, n) != null);
    if (!anyIssuer) {
      throw new IllegalArgumentException("missing setting: issuer");
    }
    for (String name : settings.keySet()) {
      requireItsIssuer(settings, name);
    }
    TokenVerifier.Builder verifier = TokenVerifier.builder().trace(trace);
    for (IssuerPolicy policy : issuers(settings)) {
      verifier.issuer(policy);
    }
    apply(Setting.Scope.VERIFIER, verifier, settings, "");
    GuardTarget target = new GuardTarget(Guard.builder(verifier.build()));
    try {
      apply(Setting.Scope.GUARD, target, settings, "");
      target.guard.roles(target.roles);
      target.addStepUp();
      target.addCertificateHeader();
      target.mountFeeds();
      return target.guard.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      target.guard.verifier().close();
      throw e;
    }
  }

  /** A suffixed setting, or an issuer's own one, without that issuer would silently do nothing. */
  private static void requireItsIssuer(Map<String, String> settings, String name) {
    Matcher numbered = NUMBERED.matcher(name);
    String issuer =
        numbered.matches()
            ? "issuer." + numbered.group(2)
            : Objects.requireNonNull(BY_NAME.get(name), name).scope == Setting.Scope.ISSUER_OWN
                ? "issuer"
                : null;
    if (issuer != null && !name.equals(issuer) && value(settings, issuer) == null) {
      throw new IllegalArgumentException(name + " is set but " + issuer + " is not");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void apply(
      Setting.Scope scope, T target, Map<String, String> settings, String suffix) {
    for (Setting<?, ?> row : TABLE) {
      boolean issuerRow =
          row.scope == Setting.Scope.ISSUER || row.scope == Setting.Scope.ISSUER_OWN;
      if (row.scope != scope && !(scope == Setting.Scope.ISSUER && issuerRow)) {
        continue;
      }
      String written = row.name + suffix;
      String value = value(settings, written);
      if (value == null && !suffix.isEmpty() && row.scope == Setting.Scope.ISSUER) {
        written = row.name;
        value = value(settings, written);
      }
      if (value != null) {
        ((Setting<T, ?>) row).apply(target, value, written);
      }
    }
  }

  private static @Nullable String value(Map<String, String> settings, String name) {
    String value = settings.get(name);
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static List<IssuerPolicy> issuers(Map<String, String> settings) {
    List<IssuerPolicy> out = new ArrayList<>();
    Set<Integer> numbers = new TreeSet<>();
    for (String name : settings.keySet()) {
      Matcher m = NUMBERED.matcher(name);
      if (m.matches()) {
        numbers.add(Integer.parseInt(m.group(2)));
      }
    }
    if (value(settings, "issuer") != null) {
      out.add(issuer(settings, ""));
    }
    for (int n : numbers) {
      out.add(issuer(settings, "." + n));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("missing setting: issuer");
    }
    return out;
  }

  private static IssuerPolicy issuer(Map<String, String> settings, String suffix) {
    String issuer = value(settings, "issuer" + suffix);
    if (issuer == null) {
      throw new IllegalArgumentException("missing setting: issuer" + suffix);
    }
    if (value(settings, "audience" + suffix) == null
        && value(settings, "audience") == null
        && value(settings, "resource") == null) {
      throw new IllegalArgumentException(
          "missing setting: audience"
              + suffix
              + " (RFC 9068 §4: the audience must be checked; set resource, or audience=* to"
              + " accept any)");
    }
    IssuerPolicy.Builder b;
    try {
      b = IssuerPolicy.builder(issuer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("issuer" + suffix + ": " + e.getMessage(), e);
    }
    apply(Setting.Scope.ISSUER, b, settings, suffix);
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("issuer" + suffix + ": " + e.getMessage(), e);
    }
  }

  /** The prefix of a setting's system property: {@code gatehouse.issuer}. */
  public static final String PROPERTY_PREFIX = "gatehouse.";

  /** The prefix of a setting's environment variable: {@code GATEHOUSE_ISSUER}. */
  public static final String ENVIRONMENT_PREFIX = "GATEHOUSE_";

  /**
   * {@code explicit} (init-params, JAX-RS properties) with the container's values added for the
   * names it does not set: MicroProfile Config's {@code gatehouse.<name>} when the runtime has it
   * (see {@link #microProfileConfig()}), else the system property {@code gatehouse.<name>}, else
   * the environment variable {@code GATEHOUSE_<NAME>} ({@code -} and {@code .} as {@code _}: {@code
   * GATEHOUSE_JWKS_URI_2} is {@code jwks-uri.2}). An unknown {@code gatehouse.*} system property is
   * refused like an unknown init-param; an environment variable that names no setting is left alone
   * (the environment is shared: {@code GATEHOUSE_REDIS_PASSWORD} is read by {@code filter-redis}),
   * and so is a MicroProfile Config name that names no setting, since its sources include the
   * environment ({@code GATEHOUSE_REDIS_PASSWORD} appears as {@code gatehouse.redis.password}).
   *
   * @throws IllegalArgumentException for an unknown {@code gatehouse.*} system property
   */
  public static Map<String, String> withContainerDefaults(Map<String, String> explicit) {
    Map<String, String> merged = new LinkedHashMap<>(explicit);
    for (Map.Entry<String, String> entry : microProfileConfig().entrySet()) {
      merged.putIfAbsent(entry.getKey(), entry.getValue());
    }
    Map<String, String> properties = new LinkedHashMap<>();
    System.getProperties()
        .forEach(
            (name, value) -> {
              if (name instanceof String n && value instanceof String v) {
                properties.put(n, v);
              }
            });
    return withContainerDefaults(merged, properties, System.getenv());
  }

  /**
   * MicroProfile Config's {@code gatehouse.*} settings, without the prefix, when the runtime has
   * MicroProfile Config (WildFly, Open Liberty with {@code mpConfig}, Payara, Helidon, Quarkus);
   * empty otherwise. Read through {@code ConfigProvider.getConfig()} of the calling thread's class
   * loader, so on RESTEasy with MicroProfile Config (WildFly) the JAX-RS servlet's {@code web.xml}
   * init-params are among them.
   */
  public static Map<String, String> microProfileConfig() {
    return MicroProfileSettings.read();
  }

  /** The names of the table, without issuer numbers. */
  static java.util.Set<String> names() {
    return BY_NAME.keySet();
  }

  /** {@link #withContainerDefaults(Map)} from the given system properties and environment. */
  static Map<String, String> withContainerDefaults(
      Map<String, String> explicit, Map<String, String> properties, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>(explicit);
    for (Map.Entry<String, String> property : properties.entrySet()) {
      String key = property.getKey();
      if (!key.startsWith(PROPERTY_PREFIX)) {
        continue;
      }
      String name = key.substring(PROPERTY_PREFIX.length());
      if (!isSettingName(name)) {
        throw new IllegalArgumentException(
            "unknown setting in system property " + key + suggestion(name));
      }
      out.putIfAbsent(name, property.getValue());
    }
    for (Map.Entry<String, String> variable : env.entrySet()) {
      String key = variable.getKey();
      if (!key.startsWith(ENVIRONMENT_PREFIX)) {
        continue;
      }
      String name = settingOfVariable(key.substring(ENVIRONMENT_PREFIX.length()));
      if (name != null) {
        out.putIfAbsent(name, variable.getValue());
      }
    }
    return out;
  }

  /** The setting an environment variable's suffix names ({@code JWKS_URI_2}), or null. */
  private static @Nullable String settingOfVariable(String suffix) {
    String name = suffix.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    Matcher numbered = NUMBERED_VARIABLE.matcher(name);
    if (numbered.matches() && isSettingName(numbered.group(1) + "." + numbered.group(2))) {
      return numbered.group(1) + "." + numbered.group(2);
    }
    return BY_NAME.containsKey(name) ? name : null;
  }

  /** " (did you mean x?)" for the nearest known name within three edits, else "". */
  static String suggestion(String name) {
    String base = name;
    Matcher numbered = NUMBERED.matcher(name);
    String suffix = "";
    if (numbered.matches()) {
      base = numbered.group(1);
      suffix = "." + numbered.group(2);
    }
    String best = null;
    int bestDistance = 4;
    for (String known : BY_NAME.keySet()) {
      int d = distance(base, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean " + best + suffix + "?)";
  }

  /** A new instance of the listener class {@code name}, for the setting {@code event-listener}. */
  static GatehouseListener listener(String name) {
    Class<?> type;
    try {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      type = Class.forName(name, true, context != null ? context : Settings.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("no such class: " + name, e);
    }
    if (!GatehouseListener.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(name + " does not implement GatehouseListener");
    }
    try {
      return (GatehouseListener) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new IllegalArgumentException(
          name + " has no public no-argument constructor that works: " + e, e);
    }
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The README's configuration table, derived from {@link #TABLE}. */
  static String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append("| name | scope | default | builder | meaning |\n");
    out.append("|---|---|---|---|---|\n");
    for (Setting<?, ?> row : TABLE) {
      String scope =
          switch (row.scope) {
            case ISSUER -> "issuer";
            case ISSUER_OWN -> "issuer (own)";
            case VERIFIER, GUARD -> "global";
          };
      out.append("| `")
          .append(row.name)
          .append("` | ")
          .append(scope)
          .append(" | ")
          .append(row.defaultText)
          .append(" | `")
          .append(row.builder)
          .append("` | ")
          .append(row.doc)
          .append(" |\n");
    }
    return out.toString();
  }

  /**
   * Path patterns separated by commas only: whitespace inside a pattern is refused by the matcher,
   * so a stray space can never split {@code "/public /*"} into a pattern that opens everything.
   */
  static List<String> paths(@Nullable String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String item : value.split(",", -1)) {
      String pattern = item.strip();
      if (!pattern.isEmpty()) {
        out.add(pattern);
      }
    }
    return out;
  }
}
