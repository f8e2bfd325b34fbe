package dev.loadgate.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.report.IntakeForm;
import dev.loadgate.report.PlanJson;
import dev.loadgate.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code loadgate intake form} in a real browser (headless Chromium): filled in by typing, the page
 * hands back a profile that plans as the original does; every shipped profile goes through {@code
 * --from} and back unchanged; a wrong answer shows its message and holds the download; the page
 * makes no request, weighs under 300 KB and works from the keyboard.
 */
class IntakeFormIT {
  static WebDriver browser;
  static final Path SHOTS = Path.of("target/intake-screenshots");

  @TempDir static Path dir;

  @BeforeAll
  static void open() {
    browser = Browser.chromium();
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  static void load(IntakeProfile from) throws Exception {
    Path page =
        IntakeForm.write(dir.resolve("p" + System.nanoTime()), IntakeForm.schema(), from, null);
    browser.get(page.toUri().toString());
  }

  static String yaml() {
    return browser.findElement(By.id("profile-yaml")).getText() + "\n";
  }

  static void type(String name, String text) {
    WebElement e = browser.findElement(By.name(name));
    e.clear();
    e.sendKeys(text);
  }

  static void choose(String name, String value) {
    new Select(browser.findElement(By.name(name))).selectByValue(value);
  }

  static void shot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  @Test
  void filledInByHandItPlansAsTheProfileItCameFrom() throws Exception {
    load(null);
    shot("empty");
    assertFalse(browser.findElement(By.id("download")).isEnabled(), "nothing to download yet");
    // profiles/example.yaml's answers, typed as a customer would.
    type("customer", "Example Co");
    choose("kind", "load_test");
    type("token", "phc_example");
    type("schedule.start", "2026-12-15T10:00:00+00:00");
    type("batching.events_per_request", "50");
    type("batching.endpoint", "/batch/");
    type("distinct_ids.total", "200000");
    type("distinct_ids.total_events", "14000000");
    shot("half-filled");
    type(
        "distinct_ids.top",
        "count,distinct_id\n350000,ex-checkout-bot\n98000,ex-user-000042\n61000,ex-user-031337\n"
            + "47000,ex-user-000007\n38500,ex-user-120500");
    type(
        "event_types",
        "$pageview: 0.70\n$autocapture: 0.15\n$identify: 0.05\n$set: 0.05\npurchase: 0.05");
    type("payload_bytes", "700");
    choose("apps_enabled", "false");
    type("stages.0.duration", "10m");
    type("stages.0.target", "6000");
    browser.findElement(By.id("add-stage")).click();
    type("stages.1.duration", "30m");
    type("stages.1.target", "6000");
    browser.findElement(By.id("add-stage")).click();
    type("stages.2.duration", "5m");
    type("stages.2.target", "0");
    choose("product_questions_answered", "true");
    shot("complete");
    assertTrue(browser.findElement(By.id("download")).isEnabled());

    Pipeline pipe = PipelineLoader.load(Path.of("profiles", "pipeline.yaml"));
    IntakeProfile typed = ProfileLoader.parse(Path.of("example.yaml"), yaml());
    IntakeProfile original = ProfileLoader.load(Path.of("profiles", "example.yaml"));
    assertEquals(
        PlanJson.write(CapacityPlanner.plan(original, pipe)),
        PlanJson.write(CapacityPlanner.plan(typed, pipe)));
  }

  @Test
  void everyShippedProfileGoesThroughTheFormAndBackUnchanged() throws Exception {
    List<Path> shipped = new ArrayList<>();
    for (Path d : List.of(Path.of("profiles"), Path.of("profiles", "approved"))) {
      Profiles.names(d).forEach(n -> shipped.add(d.resolve(n + ".yaml")));
    }
    assertTrue(shipped.size() >= 7, shipped.toString());
    for (Path file : shipped) {
      IntakeProfile original = ProfileLoader.load(file);
      load(original);
      IntakeProfile back = ProfileLoader.parse(file, yaml());
      // The same answers: everything but where the CSV of top ids came from.
      assertEquals(original.customer(), back.customer(), file.toString());
      assertEquals(original.kind(), back.kind(), file.toString());
      assertEquals(original.token(), back.token(), file.toString());
      assertEquals(
          original.productQuestionsAnswered(), back.productQuestionsAnswered(), file.toString());
      assertEquals(original.scheduleStart(), back.scheduleStart(), file.toString());
      assertEquals(original.stages(), back.stages(), file.toString());
      assertEquals(original.peakEventsPerSecond(), back.peakEventsPerSecond(), file.toString());
      assertEquals(original.totalDuration(), back.totalDuration(), file.toString());
      assertEquals(original.batching(), back.batching(), file.toString());
      assertEquals(original.distinctIds(), back.distinctIds(), file.toString());
      assertEquals(original.eventTypes(), back.eventTypes(), file.toString());
      assertEquals(original.appsEnabled(), back.appsEnabled(), file.toString());
      assertEquals(original.payloadBytes(), back.payloadBytes(), file.toString());
      assertEquals(original.missingAnswers(), back.missingAnswers(), file.toString());
    }
  }

  @Test
  void everyAnswerTheSchemaKnowsIsAskedAndNoOther() throws Exception {
    load(null);
    @SuppressWarnings("unchecked")
    List<String> asked =
        (List<String>)
            ((JavascriptExecutor) browser).executeScript("return window.loadgateIntake.topics");
    // The schema's answers, leaf by leaf; top_csv is the top list as a file: the page takes the
    // same CSV pasted into distinct_ids.top.
    List<String> known = new ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode props = IntakeForm.schema().get("properties");
    props
        .fieldNames()
        .forEachRemaining(
            k -> {
              com.fasterxml.jackson.databind.JsonNode p = props.get(k);
              if ("object".equals(p.path("type").asText()) && p.has("properties")) {
                p.get("properties").fieldNames().forEachRemaining(c -> known.add(k + "." + c));
              } else {
                known.add(k);
              }
            });
    known.remove("distinct_ids.top_csv");
    assertEquals(new java.util.TreeSet<>(known), new java.util.TreeSet<>(asked));
  }

  @Test
  void aHalfFilledFormMarksWhatIsStillToAnswer() throws Exception {
    IntakeProfile draft = ProfileLoader.load(Path.of("profiles", "draft-incomplete.yaml"));
    load(draft);
    List<WebElement> missing = browser.findElements(By.cssSelector(".field.missing"));
    assertEquals(draft.missingAnswers().size(), missing.size(), draft.missingAnswers().toString());
    shot("from-draft");
  }

  @Test
  void aWrongAnswerShowsItsMessageAndHoldsTheDownload() throws Exception {
    load(ProfileLoader.load(Path.of("profiles", "example.yaml")));
    WebElement download = browser.findElement(By.id("download"));
    assertTrue(download.isEnabled());
    type("stages.0.duration", "ten minutes");
    assertEquals(
        "stage 1: duration like 30s, 10m, 1h30m",
        browser.findElement(By.id("f-stages-msg")).getText());
    assertFalse(download.isEnabled());
    type("stages.0.duration", "10m");
    type("event_types", "$pageview: 0.9\n$identify: 0.8");
    assertEquals(
        "the shares add up to 1.7, not 1",
        browser.findElement(By.id("f-event-types-msg")).getText());
    assertFalse(download.isEnabled());
    type("event_types", "$pageview: 0.9\n$identify: 0.1");
    type("distinct_ids.top", "count,distinct_id\nlots,a");
    assertEquals(
        "line 2: count 'lots' is not a whole number",
        browser.findElement(By.id("f-distinct-ids-top-msg")).getText());
    type("distinct_ids.top", "100,a\n90,b");
    type("schedule.start", "next tuesday");
    assertTrue(
        browser
            .findElement(By.id("f-schedule-start-msg"))
            .getText()
            .startsWith("date, time and UTC offset"));
    assertFalse(download.isEnabled());
    type("schedule.start", "2026-12-15T10:00:00+00:00");
    assertTrue(download.isEnabled());
  }

  @Test
  void noRequestUnder300KbAndTheKeyboardReachesEveryAnswer() throws Exception {
    load(null);
    Path page =
        Files.list(dir).filter(Files::isDirectory).findFirst().orElseThrow().resolve("index.html");
    assertTrue(Files.size(page) < 300 * 1024, Files.size(page) + " bytes");
    String html = Files.readString(page);
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external script, style or link");
    long resources =
        (Long)
            ((JavascriptExecutor) browser)
                .executeScript("return performance.getEntriesByType('resource').length");
    assertEquals(0, resources, "the page fetched nothing");

    // Every answer has a label, and Tab reaches each in the page's order, then the download.
    List<String> names = new ArrayList<>();
    for (WebElement e :
        browser.findElements(By.cssSelector("#intake input, #intake select, #intake textarea"))) {
      String id = e.getAttribute("id");
      boolean labelled =
          (id != null && !browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty())
              || e.getAttribute("aria-label") != null;
      assertTrue(labelled, "a label for " + e.getAttribute("name"));
      names.add(e.getAttribute("name"));
    }
    // From the top of the page, Tab only: the focus order is the questionnaire's order.
    ((JavascriptExecutor) browser)
        .executeScript("window.scrollTo(0, 0); document.activeElement.blur()");
    List<String> visited = new ArrayList<>();
    for (int i = 0; i < names.size() + 10; i++) {
      new org.openqa.selenium.interactions.Actions(browser).sendKeys(Keys.TAB).perform();
      WebElement a = browser.switchTo().activeElement();
      if ("download".equals(a.getAttribute("id"))) {
        break;
      }
      String name = a.getAttribute("name");
      if (name != null && !name.isEmpty()) {
        if (!visited.isEmpty() && name.equals(visited.get(0))) {
          break; // round the page again: nothing after the last answer takes the focus
        }
        visited.add(name);
      }
    }
    assertEquals(names, visited);
  }
}
