package dev.gatehouse.servers;

import java.nio.file.Path;
import java.util.List;

/**
 * The sample WAR on a real Payara Micro 6, started as a process of its own: the checks of {@link
 * WebXmlWarContract}, with Payara's own {@code @RolesAllowed} handling switched off by {@code
 * payara-web.xml}.
 */
final class PayaraMicroIT extends WebXmlWarContract {
  @Override
  String name() {
    return "payara-micro";
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path jar = Path.of(System.getProperty("payara.micro.jar", "payara.micro.jar is not set"));
    return PayaraMicro.start(jar, war, work, "gatehouse", "/api/health");
  }

  @Override
  List<String> errorMarkers() {
    return List.of("SEVERE", "Exception");
  }
}
