package dev.gatehouse.servers;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The Jakarta Security variant's Jakarta REST application, at {@code /rest}, with no provider. */
@ApplicationPath("/rest")
public class WhoAmIApplication extends Application {}
