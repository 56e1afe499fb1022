package dev.gatehouse.servers;

import jakarta.servlet.ServletConfig;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * Open Liberty only, added to its copy of the WAR at test time (see {@code OpenLibertyIT}): copies
 * the {@code gatehouse.*} init-params of the application's servlet into the Jakarta REST
 * configuration, as Jersey does by itself and RESTEasy does not (it reads only the {@code
 * resteasy.*} parameters it knows), so that {@code BearerAuthFilter} finds the settings {@code
 * web.xml} gives it. Registered through RESTEasy's {@code resteasy.providers}, which RESTEasy
 * configures before the application's own classes.
 *
 * <p>Thread-safe: used once, at the application's start.
 */
public final class InitParamsFeature implements Feature {
  @Context private @Nullable ServletConfig servlet;

  @Override
  public boolean configure(FeatureContext context) {
    ServletConfig config = servlet;
    if (config == null) {
      throw new IllegalStateException("RESTEasy injected no ServletConfig into " + getClass());
    }
    for (String name : Collections.list(config.getInitParameterNames())) {
      if (name.startsWith("gatehouse.")) {
        context.property(name, config.getInitParameter(name));
      }
    }
    return true;
  }
}
