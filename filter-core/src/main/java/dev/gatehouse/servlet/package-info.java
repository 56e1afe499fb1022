/** See the package's public classes; everything not public is an implementation detail. */
@NullMarked
package dev.gatehouse.servlet;

import org.jspecify.annotations.NullMarked;
