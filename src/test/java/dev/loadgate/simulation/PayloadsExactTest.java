package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.plan.SkewModel;
import dev.loadgate.profile.TopDistinctId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The bodies to the byte: every padded event is exactly payload_bytes, every uuid a version 4. */
class PayloadsExactTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyPaddedEventIsExactlyPayloadBytesLong() throws Exception {
    DistinctIdSampler ids =
        new DistinctIdSampler(SkewModel.of(List.of(new TopDistinctId("hot", 10)), 1000, 1_000));
    Payloads payloads =
        new Payloads("phc_x", false, 20, 600, ids, Map.of("$pageview", 0.5, "$set", 0.5));
    assertEquals(20, payloads.eventsPerRequest());
    SplittableRandom random = new SplittableRandom(7);
    for (int r = 0; r < 50; r++) {
      byte[] body = payloads.next(random);
      JsonNode batch = JSON.readTree(body).get("batch");
      assertEquals(20, batch.size());
      for (JsonNode e : batch) {
        // The body is compact JSON of plain ASCII: re-written, each event is its bytes in the body.
        byte[] event = JSON.writeValueAsBytes(e);
        assertEquals(600, event.length, new String(event, StandardCharsets.UTF_8));
        assertEquals(
            true,
            new String(body, StandardCharsets.UTF_8)
                .contains(new String(event, StandardCharsets.UTF_8)));
      }
    }
  }

  /** The events of 20 bodies of 20, each as its own bytes (compact ASCII JSON, re-written). */
  private static List<Integer> eventSizes(Integer payloadBytes) throws Exception {
    DistinctIdSampler ids =
        new DistinctIdSampler(SkewModel.of(List.of(new TopDistinctId("hot", 10)), 1000, 1_000));
    Payloads payloads =
        new Payloads("phc_x", false, 20, payloadBytes, ids, Map.of("$pageview", 1.0));
    SplittableRandom random = new SplittableRandom(11);
    List<Integer> sizes = new java.util.ArrayList<>();
    for (int r = 0; r < 20; r++) {
      for (JsonNode e : JSON.readTree(payloads.next(random)).get("batch")) {
        sizes.add(JSON.writeValueAsBytes(e).length);
      }
    }
    return sizes;
  }

  @Test
  void anEventWithRoomForExactlyAnEmptyPadFieldGetsItAndComesOutExact() throws Exception {
    // Unpadded, the events' sizes vary by a few bytes (the url's number, the timestamp's
    // digits). Asked for the commonest size plus 10, the room an empty ,"$pad":"" takes, those
    // events must get the empty field and be exactly that long; the rest are padded to it, or
    // up to 9 bytes under when even an empty field does not fit.
    List<Integer> natural = eventSizes(null);
    int common =
        natural.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    n -> n, java.util.stream.Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    int target = common + 10;
    List<Integer> sizes = eventSizes(target);
    assertEquals(true, sizes.contains(target), sizes::toString);
    for (int size : sizes) {
      assertEquals(true, size == target || (size > target - 10 && size < target), sizes::toString);
    }
  }

  /** Returns {@code l} for every long. */
  private static RandomGenerator longs(long l) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return l;
      }
    };
  }

  @Test
  void aUuidKeepsItsRandomBitsAndSetsVersion4AndTheIetfVariant() {
    // All ones: the version nibble (bits 12-15 of the high half) becomes 0100, the two top bits of
    // the low half 10.
    UUID ones = Payloads.uuid(longs(-1L));
    assertEquals(0xFFFFFFFFFFFF4FFFL, ones.getMostSignificantBits());
    assertEquals(0xBFFFFFFFFFFFFFFFL, ones.getLeastSignificantBits());
    UUID zeros = Payloads.uuid(longs(0L));
    assertEquals(0x0000000000004000L, zeros.getMostSignificantBits());
    assertEquals(0x8000000000000000L, zeros.getLeastSignificantBits());
    for (UUID u : List.of(ones, zeros)) {
      assertEquals(4, u.version());
      assertEquals(2, u.variant());
    }
  }
}
