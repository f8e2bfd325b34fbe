package dev.loadgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Person processing, the work that makes {@code $identify} and friends expensive: every distinct_id
 * belongs to a person; {@code $identify}, {@code $create_alias} and {@code $merge_dangerously}
 * merge two persons (moving every distinct_id of the smaller one); {@code $set}/{@code $set_once}
 * update properties. In memory: it models the cost and the order-sensitivity, not durability.
 *
 * <p>Bounded: a person costs ~400 bytes (its id, a set and a map), so after {@link #LIMIT} distinct
 * ids the store starts again empty (counted in {@link #resets()}), like a cache in front of the
 * database: the work per event stays the same, the memory stops at ~100 MB whatever the run's
 * length.
 */
final class PersonStore {
  static final int LIMIT = 250_000;

  static final class Person {
    final Set<String> distinctIds = new HashSet<>();
    final Map<String, String> properties = new HashMap<>();
    long version;
  }

  private final Map<String, Person> byDistinctId = new ConcurrentHashMap<>();
  private final Object mergeLock = new Object();
  private final int limit;
  private volatile long resets;

  PersonStore() {
    this(LIMIT);
  }

  PersonStore(int limit) {
    this.limit = limit;
  }

  long resets() {
    return resets;
  }

  int size() {
    return byDistinctId.size();
  }

  /** Applies one event to the persons; returns the person it belongs to afterwards. */
  Person process(String distinctId, String event, JsonNode properties) {
    Person person =
        switch (event) {
          case "$identify" -> merge(distinctId, text(properties, "$anon_distinct_id"));
          case "$create_alias", "$merge_dangerously" ->
              merge(distinctId, text(properties, "alias"));
          default -> personOf(distinctId);
        };
    synchronized (person) {
      apply(person, properties.path("$set"), true);
      apply(person, properties.path("$set_once"), false);
      person.version++;
    }
    return person;
  }

  Person personOf(String distinctId) {
    Person p = byDistinctId.get(distinctId);
    if (p != null) {
      return p;
    }
    synchronized (mergeLock) {
      if (byDistinctId.size() >= limit) {
        byDistinctId.clear();
        resets++;
      }
      return byDistinctId.computeIfAbsent(
          distinctId,
          id -> {
            Person n = new Person();
            n.distinctIds.add(id);
            return n;
          });
    }
  }

  private Person merge(String distinctId, String other) {
    if (other == null || other.equals(distinctId)) {
      return personOf(distinctId);
    }
    synchronized (mergeLock) {
      Person a = personOf(distinctId);
      Person b = personOf(other);
      if (a == b) {
        return a;
      }
      Person keep = a.distinctIds.size() >= b.distinctIds.size() ? a : b;
      Person gone = keep == a ? b : a;
      synchronized (keep) {
        synchronized (gone) {
          for (String id : gone.distinctIds) {
            byDistinctId.put(id, keep);
          }
          keep.distinctIds.addAll(gone.distinctIds);
          gone.properties.forEach(keep.properties::putIfAbsent);
          keep.version++;
        }
      }
      return keep;
    }
  }

  private static void apply(Person person, JsonNode set, boolean overwrite) {
    if (set.isObject()) {
      set.fields()
          .forEachRemaining(
              e -> {
                if (overwrite) {
                  person.properties.put(e.getKey(), e.getValue().asText());
                } else {
                  person.properties.putIfAbsent(e.getKey(), e.getValue().asText());
                }
              });
    }
  }

  private static String text(JsonNode properties, String field) {
    JsonNode v = properties.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
