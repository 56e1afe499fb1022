package dev.gatehouse.servers;

import java.nio.file.Path;

/** The Jakarta Security WAR on a real Payara Micro 6: the checks of {@link JakartaWarContract}. */
final class PayaraMicroJakartaIT extends JakartaWarContract {
  @Override
  String name() {
    return "payara-jakarta";
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path jar = Path.of(System.getProperty("payara.micro.jar", "payara.micro.jar is not set"));
    return PayaraMicro.start(jar, war, work, "gatehouse", "/whoami");
  }
}
