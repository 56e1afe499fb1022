/**
 * Runnable examples of Gatehouse protecting a small API: embedded Jetty 12 ({@link
 * dev.gatehouse.examples.jetty.JettyExample}), embedded Tomcat ({@link
 * dev.gatehouse.examples.tomcat.TomcatExample}) and a {@code web.xml}-only WAR ({@code
 * src/main/webapp}). Each starts a {@link dev.gatehouse.testkit.MockIssuer}, so nothing else needs
 * to run, and prints curl commands with the answers to expect.
 *
 * <p>Never published: copy what you need.
 */
@NullMarked
package dev.gatehouse.examples;

import org.jspecify.annotations.NullMarked;
