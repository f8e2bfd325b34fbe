package dev.loadgate.cli;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.SharedPipeline;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tests already approved, read from profiles and folders of profiles (such as {@code
 * profiles/approved/}) and planned each on its own, to be placed on the calendar.
 */
final class ApprovedTests {
  final List<SharedPipeline.Approved> scheduled = new ArrayList<>();
  final List<String> unscheduled = new ArrayList<>();

  private ApprovedTests() {}

  /** Every profile named or in a named folder; {@code except} (a file) is left out. */
  static ApprovedTests read(List<String> namesOrDirs, Pipeline pipe, Path except) {
    Set<Path> files = new LinkedHashSet<>();
    for (String n : namesOrDirs) {
      Path dir = Path.of(n);
      if (Files.isDirectory(dir)) {
        for (String name : Profiles.names(dir)) {
          files.add(dir.resolve(name + ".yaml"));
        }
      } else {
        files.add(Profiles.resolve(n, Profiles.DEFAULT_DIR));
      }
    }
    ApprovedTests out = new ApprovedTests();
    for (Path f : files) {
      if (except != null
          && f.toAbsolutePath().normalize().equals(except.toAbsolutePath().normalize())) {
        continue;
      }
      IntakeProfile p = ProfileLoader.load(f);
      Plan plan = CapacityPlanner.plan(p, pipe);
      SharedPipeline.Approved a = SharedPipeline.Approved.of(p, plan);
      if (a == null) {
        out.unscheduled.add(plan.profile());
      } else {
        out.scheduled.add(a);
      }
    }
    return out;
  }
}
