package dev.loadgate.stack;

/**
 * The Kafka the stack produces to and consumes from: an embedded broker started here, or an
 * existing cluster named by {@code --kafka-bootstrap}. Closing an embedded broker stops it and
 * removes its data.
 */
public interface KafkaCluster extends AutoCloseable {
  String bootstrapServers();

  /** Human description for the start-up banner. */
  String describe();

  @Override
  void close();

  /** A cluster someone else runs: nothing to start or stop. */
  static KafkaCluster external(String bootstrapServers) {
    return new KafkaCluster() {
      @Override
      public String bootstrapServers() {
        return bootstrapServers;
      }

      @Override
      public String describe() {
        return "existing Kafka cluster at " + bootstrapServers;
      }

      @Override
      public void close() {}
    };
  }
}
