package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * A port chosen free can be taken before the broker binds it. The broker is then started again on
 * new ports, and the process holding the port keeps it.
 */
class EmbeddedKafkaPortIT {
  @Test
  void aPortTakenBeforeTheBrokerBindsItMeansNewPortsNotAFailure() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The first choice is the taken port (as if another process had bound it meanwhile); then
      // free ones.
      Deque<Integer> first = new ArrayDeque<>();
      first.add(taken.getLocalPort());
      int[] chosen = {0};
      try (EmbeddedKafka kafka =
          EmbeddedKafka.start(
              "192m",
              () -> {
                chosen[0]++;
                return first.isEmpty() ? EmbeddedKafka.freePort() : first.poll();
              })) {
        assertEquals(4, chosen[0], "two ports for the failed start, two for the second");
        assertNotEquals("127.0.0.1:" + taken.getLocalPort(), kafka.bootstrapServers());
        try (Admin admin =
            Admin.create(
                java.util.Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
          assertTrue(
              !admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).isEmpty(),
              "the broker answers on its new port");
        }
      }
      assertTrue(taken.isBound() && !taken.isClosed(), "the holder keeps its port");
    }
  }
}
