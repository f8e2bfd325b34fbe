package dev.loadgate.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code loadgate intake serve} in headless Chromium: the plan beside the answers follows them, and
 * Save writes the profile into the profiles folder.
 */
class IntakeServeIT {
  @TempDir Path profiles;

  static void type(WebDriver b, String name, String text) {
    WebElement e = b.findElement(By.name(name));
    e.clear();
    e.sendKeys(text);
  }

  static void verdictBecomes(WebDriver b, String verdict) {
    new WebDriverWait(b, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("verdict")).getText().equals(verdict));
  }

  @Test
  void theVerdictFollowsTheAnswersAndSaveWritesTheProfile() throws Exception {
    Pipeline pipe = PipelineLoader.load(Path.of("profiles", "pipeline.yaml"));
    IntakeProfile example = ProfileLoader.load(Path.of("profiles", "example.yaml"));
    WebDriver b = Browser.chromium();
    try (IntakeServer server = new IntakeServer("127.0.0.1", 0, pipe, profiles, example)) {
      b.get(server.url());
      // example.yaml as sent: a 10-minute ramp to 6,000 ev/s, READY.
      verdictBecomes(b, "READY");
      // The same test ramping to 40,000 ev/s over an hour: more than the 27,826 ev/s the pipeline
      // takes today, but a ramp the autoscaler follows: NEEDS_SCALING.
      type(b, "stages.0.duration", "60m");
      type(b, "stages.0.target", "40000");
      type(b, "stages.1.target", "40000");
      verdictBecomes(b, "NEEDS_SCALING");
      // Its ramp removed: 40,000 ev/s within the first second, more than the pipeline takes in
      // one reaction time: a denial of service. (From READY alone a ramp removed cannot do it: a
      // READY peak fits capacity now, and no rise is larger than the peak.)
      type(b, "stages.0.duration", "1s");
      verdictBecomes(b, "REJECT");
      assertTrue(
          b.findElement(By.id("verdict-reasons")).getText().contains("denial of service"),
          b.findElement(By.id("verdict-reasons")).getText());
      Files.createDirectories(Path.of("target/intake-screenshots"));
      Files.write(
          Path.of("target/intake-screenshots/served-reject.png"),
          ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES));

      // Back to the customer's ramp, and saved: the file plans as the page said.
      type(b, "stages.0.duration", "10m");
      type(b, "stages.0.target", "6000");
      type(b, "stages.1.target", "6000");
      verdictBecomes(b, "READY");
      b.findElement(By.id("save")).click();
      Path saved = profiles.resolve("example-co.yaml");
      new WebDriverWait(b, Duration.ofSeconds(10)).until(d -> Files.exists(saved));
      assertEquals("READY", CapacityPlanner.plan(ProfileLoader.load(saved), pipe).verdict().name());
      // A second save never overwrites it.
      b.findElement(By.id("save")).click();
      new WebDriverWait(b, Duration.ofSeconds(10))
          .until(d -> d.findElement(By.id("saved")).getText().contains("exists"));
    } finally {
      b.quit();
    }
  }
}
