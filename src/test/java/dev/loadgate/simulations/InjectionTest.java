package dev.loadgate.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.simulation.LoadShape;
import dev.loadgate.simulation.LoadShape.Kind;
import dev.loadgate.simulation.Scale;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.concurrent.duration.FiniteDuration;

/**
 * The injection builder: profile stages -> load shape -> Gatling's own injection steps. Request
 * counts and arrival times are read back from Gatling's injection model (its users() and the
 * schedule it computes), not from ours.
 */
class InjectionTest {

  @Test
  void aBurstProfileInjectsAtOnceThenHolds() {
    // blitz-single: 0 -> 25,000 ev/s in 5 s, then 30 min; single-event requests.
    RateCurve curve =
        CapacityPlanner.rateCurve(ProfileLoader.load(Path.of("profiles/blitz-single.yaml")));
    Scale scale = Scale.forCurve(curve, 1, null, null);
    assertEquals(
        500.0 / 25_000, scale.rate(), 1e-12, "peak scaled to 500 req/s (the request budget)");
    LoadShape shape = LoadShape.of(scale.apply(curve), 1);

    LoadShape.Step burst = shape.steps().get(0);
    assertEquals(Kind.AT_ONCE, burst.kind(), "5 s of 1,805 s is 0.17 s at this scale: a burst");
    // 1,805 s become a minute: time 60/1805, so the 5 s ramp lasts 0.1662 s. Events in it, the
    // rate rising 0 -> 500 ev/s: 500 / 2 x 0.1662 = 41.55, rounded to 42, one per request.
    assertEquals(60.0 / 1805, scale.time(), 1e-12);
    assertEquals(42, burst.requests());
    LoadShape.Step hold = shape.steps().get(1);
    assertEquals(Kind.CONSTANT, hold.kind());
    assertEquals(500, hold.fromRequestsPerSecond(), 1e-9);

    List<OpenInjectionStep> gatling = ProfileSimulation.injection(shape);
    List<Long> burstTimes = schedule(gatling.get(0));
    assertEquals(burst.requests(), burstTimes.size());
    assertTrue(burstTimes.stream().allMatch(t -> t == 0), "every burst request at t = 0");
    assertEquals(0, ProfileSimulation.firstArrivalSeconds(gatling), 1e-9);
    assertEquals(hold.requests(), gatling.get(1).asScala().users());
  }

  @Test
  void aRampRampsAtTheStagesRequestRate() {
    // example: 0 -> 6,000 ev/s over 10 min, hold 30 min, down over 5 min; 50 events per request.
    RateCurve curve =
        CapacityPlanner.rateCurve(ProfileLoader.load(Path.of("profiles/example.yaml")));
    Scale scale = Scale.forCurve(curve, 50, null, null);
    assertEquals(60.0 / 2700, scale.time(), 1e-12, "45 min to about a minute");
    assertEquals(5000.0 / 6000, scale.rate(), 1e-12, "peak scaled to 5,000 ev/s");
    LoadShape shape = LoadShape.of(scale.apply(curve), 50);

    assertEquals(List.of(Kind.RAMP, Kind.CONSTANT, Kind.RAMP), kinds(shape));
    LoadShape.Step up = shape.steps().get(0);
    assertEquals(0, up.fromRequestsPerSecond(), 1e-9);
    assertEquals(5000.0 / 50, up.toRequestsPerSecond(), 1e-9, "events/s ÷ events per request");
    assertEquals(13, up.seconds(), "10 min x 60/2700 = 13.3 s, on Gatling's whole seconds");
    assertEquals(60, shape.durationSeconds(), 1e-9);

    List<OpenInjectionStep> gatling = ProfileSimulation.injection(shape);
    for (int i = 0; i < shape.steps().size(); i++) {
      assertEquals(
          shape.steps().get(i).requests(),
          gatling.get(i).asScala().users(),
          "step " + i + ": Gatling injects what the shape counts");
    }
    // Gatling ramps in per-second stairs: 100 req/s reached over 13 s sends in its first second.
    assertEquals(0, ProfileSimulation.firstArrivalSeconds(gatling), 1e-9);
    // A ramp: gaps between arrivals shrink as the rate climbs.
    List<Long> times = schedule(gatling.get(0));
    assertTrue(times.get(times.size() - 1) < 13_000);
    assertTrue(
        (times.get(times.size() - 1) - times.get(times.size() - 2)) < (times.get(2) - times.get(1)),
        "arrivals get closer");
  }

  @Test
  void stagesAtRateZeroAreAPauseAndTheRequestCountFollowsBatching() {
    RateCurve curve =
        RateCurve.of(
            List.of(
                new RateCurve.Point(0, 0),
                new RateCurve.Point(10, 1000),
                new RateCurve.Point(20, 0),
                new RateCurve.Point(25, 0),
                new RateCurve.Point(35, 400)));
    LoadShape shape = LoadShape.of(curve, 10);
    assertEquals(List.of(Kind.RAMP, Kind.RAMP, Kind.PAUSE, Kind.RAMP), kinds(shape));
    // 0 -> 100 req/s over 10 s: 500 requests; 100 -> 0: 500; pause; 0 -> 40 req/s over 10 s: 200.
    assertEquals(
        List.of(500L, 500L, 0L, 200L),
        shape.steps().stream().map(LoadShape.Step::requests).toList());
    assertEquals(3, shape.stepAt(27), "27 s falls in the last ramp");
    assertEquals(-1, shape.atOnceStepOf(1), "no at-once step");
    List<OpenInjectionStep> gatling = ProfileSimulation.injection(shape);
    assertEquals(5, gatling.get(2).asScala().duration().toSeconds());
    assertEquals(0, gatling.get(2).asScala().users());

    // A slow ramp (0 -> 10 req/s over 6 s) sends nothing in its first second: the stages' clock
    // must start from Gatling's first arrival, not from the step's start.
    LoadShape slow =
        LoadShape.of(
            RateCurve.of(List.of(new RateCurve.Point(0, 0), new RateCurve.Point(6, 10))), 1);
    assertEquals(
        1.0, ProfileSimulation.firstArrivalSeconds(ProfileSimulation.injection(slow)), 1e-9);
  }

  @Test
  void theModelSeesTheLoadAsGatlingInjectsIt() {
    // burst-batched: 0 -> 40,000 ev/s in 10 s, then 20 min, 100 events per request. At this scale
    // the ramp lasts 0.5 s, less than Gatling's whole second: it leaves at once, and the model
    // that the replay is compared with must take it at once too, not as the profile's ramp.
    for (String name : List.of("docs/miniature/burst-batched.yaml", "profiles/example.yaml")) {
      var profile = ProfileLoader.load(Path.of(name));
      int epr = profile.batching().eventsPerRequest();
      RateCurve curve = CapacityPlanner.rateCurve(profile);
      LoadShape shape = LoadShape.of(Scale.forCurve(curve, epr, null, null).apply(curve), epr);
      RateCurve injected = shape.injectedCurve();

      // Gatling's own schedule, events by second of the run.
      List<OpenInjectionStep> gatling = ProfileSimulation.injection(shape);
      double[] bySecond = new double[(int) Math.ceil(shape.durationSeconds()) + 1];
      for (int i = 0; i < gatling.size(); i++) {
        long start = Math.round(shape.steps().get(i).startSeconds() * 1000);
        for (long ms : schedule(gatling.get(i))) {
          bySecond[(int) ((start + ms) / 1000)] += epr;
        }
      }
      double total = 0;
      for (int k = 0; k < bySecond.length; k++) {
        double modelled = integral(injected, k, k + 1);
        total += modelled;
        assertEquals(
            bySecond[k], modelled, 1.5 * epr, name + ": second " + k + " within a request or so");
      }
      assertEquals(shape.requests() * epr, total, epr, name + ": every injected event, once");
    }
  }

  /** ∫ r(t) dt from a to b, by the midpoint rule on 1 ms slices: independent of the corners. */
  private static double integral(RateCurve c, double a, double b) {
    double sum = 0;
    for (double t = a + 0.0005; t < b; t += 0.001) {
      sum += c.rateAt(t) * 0.001;
    }
    return sum;
  }

  private static List<Kind> kinds(LoadShape shape) {
    return shape.steps().stream().map(LoadShape.Step::kind).toList();
  }

  /** The arrival times Gatling computes for one step, in ms from its start. */
  private static List<Long> schedule(OpenInjectionStep step) {
    List<Long> out = new ArrayList<>();
    scala.collection.Iterator<FiniteDuration> it =
        step.asScala().chain(scala.collection.Iterator$.MODULE$.empty());
    while (it.hasNext()) {
      out.add(it.next().toMillis());
    }
    return out;
  }
}
