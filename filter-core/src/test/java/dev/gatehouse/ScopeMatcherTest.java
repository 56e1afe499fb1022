package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the hierarchical scope table (issue 4), and exact matching. */
final class ScopeMatcherTest {
  @ParameterizedTest(name = "{0} grants {1}: {2}")
  @CsvSource({
    "users:read, users:read, true",
    "users:read, users:write, false",
    "users:read, users.x:read, false",
    "users:*, users:read, true",
    "users:*, users:delete, true",
    "users:*, users.x:read, false",
    "users:**, users:read, true",
    "users:**, users.x:read, true",
    "users:**, users.x.y:write, true",
    "users:**, usersx:read, false",
    "users:**, groups:read, false",
    "*:read, users:read, true",
    "*:read, groups:read, true",
    "*:read, users:write, false",
    "*:read, users.x:read, false",
    "*:**, users:read, true",
    "*:**, users.x.y:delete, true",
    "*:**, admin, false",
    "*:*, users:read, true",
    "*:*, users.x:read, false",
    "admin, admin, true",
    "owner, admin, false",
    "*, admin, false",
    "**, member, false",
  })
  void hierarchicalMatcherFollowsTheTable(String granted, String required, boolean expected) {
    assertThat(ScopeMatcher.HIERARCHICAL.grants(Set.of(granted), required)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "exact: {0} grants {1}: {2}")
  @CsvSource({
    "users:read, users:read, true",
    "users:*, users:read, false",
    "*:**, users:read, false",
    "Admin, admin, false"
  })
  void exactMatcherComparesStrings(String granted, String required, boolean expected) {
    assertThat(ScopeMatcher.EXACT.grants(Set.of(granted), required)).isEqualTo(expected);
  }
}
