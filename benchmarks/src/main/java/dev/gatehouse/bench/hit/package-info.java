/** The cache-hit path: an {@code Authorization} header already verified, to its {@code Auth}. */
@NullMarked
package dev.gatehouse.bench.hit;

import org.jspecify.annotations.NullMarked;
