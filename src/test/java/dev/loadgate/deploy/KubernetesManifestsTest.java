package dev.loadgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loadgate.simulation.Shard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/: the manifests are what Kubernetes takes (a batch/v1 Indexed Job of N pods, a
 * merge Job, a shared volume) and their shell turns the pod index into every shard 1/N..N/N once.
 * They cannot run on this machine (no cluster): their shell lines are run here with sh, as the pods
 * would.
 */
class KubernetesManifestsTest {
  static final Path DIR = Path.of("deploy", "kubernetes");
  static final YAMLMapper YAML = new YAMLMapper();
  static final Map<String, String> ENV =
      Map.of(
          "SHARDS", "3",
          "START_AT", "2026-12-15T10:00:00Z",
          "PROFILE", "acme",
          "TARGET", "http://capture.staging:8010");

  /**
   * What {@code envsubst '${SHARDS} ${START_AT} ${PROFILE} ${TARGET}'} does before {@code kubectl
   * apply}: those four, everywhere; the scripts' own variables ({@code ${SHARD}}, {@code ${DIRS}})
   * are left for the pod's shell.
   */
  static JsonNode manifest(String name) throws IOException {
    String text = Files.readString(DIR.resolve(name));
    for (var e : ENV.entrySet()) {
      text = text.replace("${" + e.getKey() + "}", e.getValue());
    }
    return YAML.readTree(text);
  }

  static void assertJob(JsonNode job) {
    assertEquals("batch/v1", job.path("apiVersion").asText());
    assertEquals("Job", job.path("kind").asText());
    assertTrue(job.path("metadata").path("name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
    JsonNode pod = job.path("spec").path("template").path("spec");
    assertTrue(Set.of("Never", "OnFailure").contains(pod.path("restartPolicy").asText()));
    JsonNode c = pod.path("containers").get(0);
    assertNotNull(c, "a container");
    assertTrue(c.path("image").asText().startsWith("loadgate-injector"));
    assertEquals("/results", c.path("volumeMounts").get(0).path("mountPath").asText());
    assertEquals(
        "loadgate-results",
        pod.path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText());
  }

  /** Runs a manifest's shell script with sh, as the pod would, and returns what it prints. */
  static String sh(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.trim();
  }

  @Test
  void theInjectorsAreAnIndexedJobOfNPodsEachOneShard() throws Exception {
    JsonNode job = manifest("injectors-job.yaml");
    assertJob(job);
    JsonNode spec = job.path("spec");
    assertEquals("Indexed", spec.path("completionMode").asText());
    int n = Integer.parseInt(ENV.get("SHARDS"));
    assertEquals(n, spec.path("completions").asInt(), "one pod per shard");
    assertEquals(n, spec.path("parallelism").asInt(), "all shards at once");
    String script =
        spec.path("template").path("spec").path("containers").get(0).path("args").get(0).asText();
    assertTrue(script.contains("-Dshard=\"${SHARD}\""), script);
    assertTrue(script.contains("-Dstart.at=\"2026-12-15T10:00:00Z\""), script);
    assertTrue(script.contains("-Dtarget.allow-remote=true"), script);
    // The shard arithmetic, run by sh for each pod index Kubernetes gives (0..N-1).
    String shardLine = script.lines().filter(l -> l.startsWith("SHARD=")).findFirst().orElseThrow();
    Set<Shard> shards = new HashSet<>();
    List<String> dirs = new ArrayList<>();
    for (int index = 0; index < n; index++) {
      Map<String, String> env = Map.of("JOB_COMPLETION_INDEX", String.valueOf(index));
      shards.add(Shard.parse(sh(shardLine + "; echo \"$SHARD\"", env)));
      dirs.add(sh("echo /results/shard-$((JOB_COMPLETION_INDEX + 1))", env));
    }
    Set<Shard> expected = new HashSet<>();
    for (int k = 1; k <= n; k++) {
      expected.add(new Shard(k, n));
    }
    assertEquals(expected, shards, "every shard once");

    // The merge reads the folders the injectors wrote, every one of them.
    JsonNode merge = manifest("merge-job.yaml");
    assertJob(merge);
    String mergeScript =
        merge
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("args")
            .get(0)
            .asText();
    String dirsLine =
        mergeScript.lines().filter(l -> l.startsWith("DIRS=")).findFirst().orElseThrow();
    String merged = sh(dirsLine + "; echo \"$DIRS\"", Map.of());
    List<String> expectedDirs = dirs.stream().map(d -> d + "/acme").toList();
    assertEquals(String.join(" ", expectedDirs), merged);
    assertTrue(mergeScript.contains("loadgate.jar merge ${DIRS}"), mergeScript);
  }

  @Test
  void theResultsVolumeIsSharedByAllPods() throws IOException {
    JsonNode pvc = manifest("results-pvc.yaml");
    assertEquals("PersistentVolumeClaim", pvc.path("kind").asText());
    assertEquals("loadgate-results", pvc.path("metadata").path("name").asText());
    assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").get(0).asText());
  }
}
