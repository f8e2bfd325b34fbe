package dev.loadgate.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds profiles by name in a profiles directory, or by path. */
public final class Profiles {
  public static final Path DEFAULT_DIR = Path.of("profiles");
  public static final String PIPELINE_FILE = "pipeline.yaml";

  private Profiles() {}

  /**
   * {@code acme} means {@code <dir>/acme.yaml}; anything that names an existing file, or ends in
   * {@code .yaml}/{@code .yml}, is a path.
   */
  public static Path resolve(String nameOrPath, Path dir) {
    Path asPath = Path.of(nameOrPath);
    if (Files.isRegularFile(asPath)
        || nameOrPath.endsWith(".yaml")
        || nameOrPath.endsWith(".yml")
        || nameOrPath.contains("/")) {
      if (!Files.isRegularFile(asPath)) {
        throw new ProfileException(asPath, 0, "", "no such file", available(dir));
      }
      return asPath;
    }
    Path named = dir.resolve(nameOrPath + ".yaml");
    if (!Files.isRegularFile(named)) {
      throw new ProfileException(
          named, 0, "", "no profile named '" + nameOrPath + "'", available(dir));
    }
    return named;
  }

  /**
   * Names of the profiles in {@code dir} (every {@code *.yaml} but the pipeline files, {@code
   * pipeline*.yaml}), sorted.
   */
  public static List<String> names(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".yaml"))
          // pipeline.yaml and its variants (pipeline-local.yaml) describe the pipeline, not a load
          .filter(p -> !p.getFileName().toString().startsWith("pipeline"))
          .map(ProfileLoader::nameOf)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String available(Path dir) {
    List<String> names = names(dir);
    return names.isEmpty()
        ? "no profiles found in " + dir
        : "profiles in " + dir + ": " + String.join(", ", names);
  }
}
