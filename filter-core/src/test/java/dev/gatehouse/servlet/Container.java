package dev.gatehouse.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * {@link ServletApp} behind {@code RequireAuthFilter}, mapped for every dispatcher type, on a real
 * container on 127.0.0.1; requests go over a raw socket so that no client normalises the path.
 */
abstract class Container {
  /** The status and body of a raw HTTP/1.1 exchange. */
  record Answer(int status, String head, String body) {}

  abstract int port();

  abstract String name();

  /** Stops the container; not {@code AutoCloseable}, so parameterized tests never close it. */
  abstract void stop();

  @Override
  public String toString() {
    return name();
  }

  /** Sends {@code method} {@code target} exactly as given, with {@code headers} lines. */
  Answer send(String method, String target, String... headers) {
    return exchange(method, target, null, headers);
  }

  /** POSTs {@code body} (a form) to {@code target} exactly as given. */
  Answer postForm(String target, String body) {
    return exchange("POST", target, body, "Content-Type", "application/x-www-form-urlencoded");
  }

  private Answer exchange(
      String method, String target, @Nullable String content, String... headers) {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(port()).append("\r\n");
    request.append("Connection: close\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    if (content != null) {
      request.append("Content-Length: ").append(content.length()).append("\r\n");
    } else if (method.equals("POST")) {
      request.append("Content-Length: 0\r\n");
    }
    request.append("\r\n");
    if (content != null) {
      request.append(content);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = response.indexOf("\r\n\r\n");
      String head = end < 0 ? response : response.substring(0, end);
      String body = end < 0 ? "" : response.substring(end + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Answer(status, head, body);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + target, e);
    }
  }

  static Container jetty(Filter gatehouse) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(
        new FilterHolder(new ServletApp.Planter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    FilterHolder filter = new FilterHolder(gatehouse);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    ServletHolder dispatching = new ServletHolder(new ServletApp.Dispatching());
    dispatching.setAsyncSupported(true);
    context.addServlet(dispatching, "/open/*");
    ServletHolder secret = new ServletHolder(new ServletApp.Protected());
    secret.setAsyncSupported(true);
    context.addServlet(secret, "/protected/*");
    context.addServlet(new ServletHolder(new ServletApp.Echo()), "/");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(418, "/protected/data");
    context.setErrorHandler(errors);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    return new Container() {
      @Override
      int port() {
        return connector.getLocalPort();
      }

      @Override
      String name() {
        return "Jetty " + Server.getVersion();
      }

      @Override
      void stop() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  static Container tomcat(Filter gatehouse) {
    Path base;
    try {
      base = Files.createTempDirectory("gatehouse-tomcat");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    filter(context, "planter", new ServletApp.Planter(), EnumSet.of(DispatcherType.REQUEST));
    filter(context, "gatehouse", gatehouse, EnumSet.allOf(DispatcherType.class));
    servlet(context, "dispatching", new ServletApp.Dispatching(), "/open/*");
    servlet(context, "protected", new ServletApp.Protected(), "/protected/*");
    servlet(context, "echo", new ServletApp.Echo(), "/");
    ErrorPage page = new ErrorPage();
    page.setErrorCode(418);
    page.setLocation("/protected/data");
    context.addErrorPage(page);
    try {
      tomcat.start();
    } catch (Exception e) {
      throw new IllegalStateException("Tomcat did not start", e);
    }
    return new Container() {
      @Override
      int port() {
        return connector.getLocalPort();
      }

      @Override
      String name() {
        return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber();
      }

      @Override
      void stop() {
        try {
          tomcat.stop();
          tomcat.destroy();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          } catch (IOException e) {
            // best effort
          }
        }
      }
    };
  }

  private static void filter(
      Context context, String name, Filter filter, EnumSet<DispatcherType> types) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setAsyncSupported("true");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPatternDecoded("/*");
    for (DispatcherType type : types) {
      map.setDispatcher(type.name());
    }
    context.addFilterMap(map);
  }

  private static void servlet(
      Context context, String name, jakarta.servlet.Servlet servlet, String pattern) {
    Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded(pattern, name);
  }
}
