package dev.gatehouse.jaxrs;

import java.net.URI;
import java.net.http.HttpResponse;

/** A Jakarta REST application running on a real server on 127.0.0.1. */
interface JaxrsServer extends AutoCloseable {
  URI uri(String path);

  default HttpResponse<String> get(String path, String... headers) {
    return Http.send("GET", uri(path), headers);
  }

  default HttpResponse<String> bearer(String path, String token) {
    return get(path, "Authorization", "Bearer " + token);
  }

  default HttpResponse<String> send(String method, String path, String... headers) {
    return Http.send(method, uri(path), headers);
  }

  @Override
  void close();
}
