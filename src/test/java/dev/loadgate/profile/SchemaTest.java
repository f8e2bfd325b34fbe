package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.loadgate.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas shipped for editors agree with the parser: what one accepts the other accepts.
 */
class SchemaTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private static JsonSchema schema(String name) throws IOException {
    return FACTORY.getSchema(
        new ObjectMapper()
            .readTree(Fixtures.profilesDir().resolve("schema").resolve(name).toFile()));
  }

  @Test
  void everyShippedProfileAndThePipelineValidate() throws IOException {
    JsonSchema profile = schema("intake-profile.schema.json");
    for (String name : Profiles.names(Fixtures.profilesDir())) {
      Set<ValidationMessage> errors =
          profile.validate(YAML.readTree(Fixtures.profilesDir().resolve(name + ".yaml").toFile()));
      assertEquals(Set.of(), errors, name);
    }
    JsonSchema pipeline = schema("pipeline.schema.json");
    assertEquals(
        Set.of(),
        pipeline.validate(YAML.readTree(Fixtures.profilesDir().resolve("pipeline.yaml").toFile())));
    assertEquals(
        Set.of(),
        pipeline.validate(
            YAML.readTree(Fixtures.profilesDir().resolve("pipeline-local.yaml").toFile())));
    assertEquals(Set.of(), pipeline.validate(YAML.readTree(Fixtures.SMALL_PIPELINE)));
    assertEquals(
        Set.of(),
        pipeline.validate(
            YAML.readTree(Fixtures.profilesDir().resolve("pipeline-shared.yaml").toFile())));
    Path approved = Fixtures.profilesDir().resolve("approved");
    for (String name : Profiles.names(approved)) {
      assertEquals(
          Set.of(),
          profile.validate(YAML.readTree(approved.resolve(name + ".yaml").toFile())),
          name);
    }
  }

  @Test
  void schemaAndParserBothRejectTheSameLiveLoadMistakes() throws IOException {
    JsonSchema pipeline = schema("pipeline.schema.json");
    String good =
        Files.readString(Fixtures.profilesDir().resolve("pipeline-shared.yaml"))
            .replace("# yaml-language-server", "#");
    String tue = good.lines().filter(l -> l.startsWith("    tue:")).findFirst().orElseThrow();
    for (String bad :
        new String[] {
          good.replace(tue + "\n", ""),
          good.replace(tue, tue.replace(", 4000]", "]")),
          good.replace(tue, tue.replace("[3000,", "[-3000,")),
          good.replace("peak_factor: 1.2", "peak_factor: 0.5"),
          good.replace("  weekly:", "  csv: live.csv\n  weekly:"),
          good.replace("  weekly:", "  prometheus: {url: 'http://p:9090', query: up}\n  weekly:"),
          good.replace("events_per_request: 40", "events_per_request: 0")
        }) {
      assertFalse(
          pipeline.validate(YAML.readTree(bad)).isEmpty(),
          "schema accepts: " + bad.lines().filter(l -> !good.contains(l)).findFirst().orElse(""));
      assertThrows(
          ProfileException.class, () -> PipelineLoader.parse(Path.of("pipeline.yaml"), bad));
    }
  }

  @Test
  void schemaAndParserBothRejectTheSameMistakes() throws IOException {
    JsonSchema profile = schema("intake-profile.schema.json");
    String good = Files.readString(Fixtures.profilesDir().resolve("example.yaml"));
    for (String bad :
        new String[] {
          good.replace("kind: load_test", "kind: loadtest"),
          good.replace("customer:", "custmer:"),
          good.replace("target: 6000 }\n  - { duration: 30m", "target: -1 }\n  - { duration: 30m"),
          good.replace("$pageview: 0.70", "$pageview: 1.70"),
          good.replace("duration: 10m", "duration: ten minutes"),
          good.replace("events_per_request: 50", "events_per_request: 0"),
          good.replace("endpoint: /batch/", "endpoint: /track/")
        }) {
      JsonNode tree = YAML.readTree(bad);
      assertFalse(
          profile.validate(tree).isEmpty(),
          "schema accepts: " + bad.lines().filter(l -> !good.contains(l)).findFirst().orElse(""));
      assertThrows(ProfileException.class, () -> ProfileLoader.parse(Path.of("bad.yaml"), bad));
    }
  }

  /**
   * The settings of SPEC §9.4-9.6: the schema and the parser take them, and refuse the same slips.
   */
  @Test
  void schemaAndParserAgreeOnLimiterAutoscalersAndSlo() throws IOException {
    JsonSchema pipeline = schema("pipeline.schema.json");
    String good =
        Fixtures.SMALL_PIPELINE
                .replace(
                    "overflow: { enabled: true, per_distinct_id_events_per_second: 50, burst: 500 }",
                    "overflow: { enabled: true, limiter: global_window, threshold: 6000, window: 60s,"
                        + " detection: 15s, forced_keys: [\"phc_a:bot\"] }")
                .replace(
                    "max_request_bytes: 1000000 }",
                    "max_request_bytes: 1000000, autoscaler: { cpu_target: 0.7 } }")
            + """
              slo:
                - { within: 5s, objective: 0.999 }
                - { within: 30s, objective: 0.99 }
              slo_window: 30d
            lanes:
              main:
                consumers: 4
                max_consumers: 16
                autoscaler: { lag_threshold: 1000, polling_interval: 30s, startup: 60s, scale_up: { pods: 4, period: 60s } }
              overflow: { consumers: 2, max_consumers: 8 }
              historical: { consumers: 2, max_consumers: 8 }
            """;
    assertEquals(Set.of(), pipeline.validate(YAML.readTree(good)));
    PipelineLoader.parse(Path.of("pipeline.yaml"), good);
    for (String bad :
        new String[] {
          good.replace("threshold: 6000, ", ""),
          good.replace("limiter: global_window", "limiter: sliding"),
          good.replace("[\"phc_a:bot\"]", "[bot]"),
          good.replace("objective: 0.999", "objective: 1"),
          good.replace("cpu_target: 0.7", "cpu_target: 70"),
          good.replace("lag_threshold: 1000, ", "")
        }) {
      assertFalse(
          pipeline.validate(YAML.readTree(bad)).isEmpty(),
          "schema accepts: " + bad.lines().filter(l -> !good.contains(l)).findFirst().orElse(""));
      assertThrows(
          ProfileException.class, () -> PipelineLoader.parse(Path.of("pipeline.yaml"), bad));
    }
  }
}
