package dev.loadgate.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loadgate.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plan as JSON (SPEC §4): snake_case fields in the order of {@link Plan}. Reports are rendered
 * from this.
 */
public final class PlanJson {
  /**
   * Shared mapper for loadgate's JSON outputs: snake_case, indented, tolerant of fields added
   * later.
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private PlanJson() {}

  public static String write(Plan plan) {
    try {
      return MAPPER.writeValueAsString(plan) + System.lineSeparator();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Plan plan, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, write(plan));
  }

  public static Plan read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), Plan.class);
  }

  public static Plan read(String json) throws IOException {
    return MAPPER.readValue(json, Plan.class);
  }
}
