/** Gatehouse for Jakarta REST 3.1: the request filter, the feature, the annotations. */
module dev.gatehouse.jaxrs {
  exports dev.gatehouse.jaxrs;

  // The implementation injects the @Context fields of the filter and the endpoints resource.
  opens dev.gatehouse.jaxrs;

  requires transitive dev.gatehouse;
  requires transitive jakarta.ws.rs;
  // @Priority and @PreDestroy on the public classes; JSR-250 roles read from the resources.
  requires transitive jakarta.annotation;
  requires org.slf4j;
  // @Nullable is part of the API's signatures; only compilers and checkers need the module.
  requires static transitive org.jspecify;
}
