package dev.loadgate.profile;

/**
 * What the customer is about to send: a load test of live-like traffic, or a backfill of old
 * events.
 */
public enum Kind {
  LOAD_TEST("load_test"),
  HISTORICAL_IMPORT("historical_import");

  private final String yaml;

  Kind(String yaml) {
    this.yaml = yaml;
  }

  public String yaml() {
    return yaml;
  }

  static Kind fromYaml(String text) {
    for (Kind k : values()) {
      if (k.yaml.equals(text)) {
        return k;
      }
    }
    return null;
  }
}
