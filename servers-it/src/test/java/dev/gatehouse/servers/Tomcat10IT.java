package dev.gatehouse.servers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checks of {@link TomcatIT} on a real Apache Tomcat 10.1 distribution (Servlet 6.0). */
final class Tomcat10IT extends TomcatIT {
  @Override
  String name() {
    return "tomcat10";
  }

  @Test
  void itIsTomcat101() {
    assertThat(serverLog()).contains("Server version name:   Apache Tomcat/10.1.");
  }
}
