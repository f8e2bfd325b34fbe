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
