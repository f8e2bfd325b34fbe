package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The edges of the range assignment (the smallest valid group, every invalid argument) and of the
 * water level (a load that exactly fits).
 */
class AssignmentAndShareRulesTest {
  @Test
  void oneConsumerOfOnePartitionIsTheSmallestGroup() {
    assertEquals(0, ConsumerAssignment.firstPartition(0, 1, 1));
    assertEquals(1, ConsumerAssignment.partitionCount(0, 1, 1));
    assertEquals(0, ConsumerAssignment.consumerOf(0, 1, 1));
  }

  @Test
  void aConsumerOrPartitionOutsideTheGroupIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.firstPartition(-1, 8, 2));
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.firstPartition(2, 8, 2));
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.partitionCount(2, 8, 2));
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.partitionCount(0, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.consumerOf(-1, 8, 2));
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.consumerOf(8, 8, 2));
    assertThrows(IllegalArgumentException.class, () -> ConsumerAssignment.consumerOf(0, 8, 0));
  }

  @Test
  void aLoadThatExactlyFitsIsNotCut() {
    // Demands 1 and 3 against a capacity of 4: everything fits, no level.
    assertEquals(
        Double.POSITIVE_INFINITY,
        FairShare.level(new double[] {1, 3}, new int[] {1, 1}, 2, 4, new int[2]));
    // Against 3: partition 1 takes its 1, the other the 2 left.
    assertEquals(2, FairShare.level(new double[] {1, 3}, new int[] {1, 1}, 2, 3, new int[2]));
  }

  @Test
  void oneOrMorePartitionsAndNoFewer() {
    // Everything lands on the only partition of a one-partition topic; none is refused.
    assertEquals(0, KeyPartitioner.partitionOfKey("phc_t:a".getBytes(), 1));
    assertThrows(
        IllegalArgumentException.class, () -> KeyPartitioner.partitionOfKey("k".getBytes(), 0));
  }
}
