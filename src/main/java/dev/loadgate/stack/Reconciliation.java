package dev.loadgate.stack;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * "Every acked event consumed, duplicates counted, nothing lost", exact and in bounded memory.
 *
 * <p>Capture numbers every record it writes ({@link EventHeaders#CAPTURE_SEQ}, one counter per
 * stack run, dense from 1). Two compressed bitmaps over those numbers hold what capture acked
 * (answered 200 for) and what the consumers took: dense runs of numbers cost about 0.125 byte an
 * event each (one bit, in RoaringBitmap's bitmap containers), so 100 million events take ~25 MB
 * where a set of uuids took ~13 GB.
 *
 * <ul>
 *   <li>unconsumed (lost, once the consumers have caught up) = acked and not consumed;
 *   <li>a redelivery = a record number consumed again (a consumer that crashed before committing, a
 *       rebalance, a producer's re-send after a broker restart: the same record, same number);
 *   <li>a re-sent duplicate = the client sent the same event uuid again after capture could not
 *       confirm the first write (503) although that write reached Kafka: two records, two numbers,
 *       one uuid. Only events whose write was not confirmed are kept by uuid (the uuid and its
 *       record numbers), at most {@link #UNCONFIRMED_LIMIT}; beyond that they are counted as
 *       untracked and a re-send of them is not seen as a duplicate. A client that re-sends what
 *       capture did acknowledge is not detected: capture did its part, and no bounded structure
 *       could tell.
 * </ul>
 *
 * Thread-safe: one lock, held for a few bitmap operations per call.
 */
public final class Reconciliation {
  /** Unconfirmed writes kept by uuid; ~200 bytes each. */
  static final int UNCONFIRMED_LIMIT = 100_000;

  private final int unconfirmedLimit;
  private final Roaring64Bitmap acked = new Roaring64Bitmap();
  private final Roaring64Bitmap consumed = new Roaring64Bitmap();

  /** The records of every tracked uuid (unconfirmed ones and its acked re-sends). */
  private final Map<Long, Copies> copiesBySeq = new HashMap<>();

  private final Map<UUID, Copies> copiesByUuid = new HashMap<>();
  private long redeliveries;
  private long resentDuplicates;
  private long unconfirmedWrites;
  private long untracked;

  /** The records one event uuid was written as, once capture could not confirm one of them. */
  private static final class Copies {
    int records;
    int consumed;
  }

  public Reconciliation() {
    this(UNCONFIRMED_LIMIT);
  }

  Reconciliation(int unconfirmedLimit) {
    this.unconfirmedLimit = unconfirmedLimit;
  }

  /** What the bitmaps say, at one moment. */
  public record Result(
      long acked,
      long consumed,
      long unconsumed,
      long redeliveries,
      long resentDuplicates,
      long unconfirmedWrites,
      long unconfirmedConsumed,
      long untracked,
      long bytes) {

    /** Events consumed more than once: redelivered records and re-sent copies. */
    public long duplicates() {
      return redeliveries + resentDuplicates;
    }
  }

  /** Capture answered 200 for the event it wrote as record {@code seq}. */
  public synchronized void acked(long seq, UUID uuid) {
    acked.addLong(seq);
    if (!copiesByUuid.isEmpty() && uuid != null) {
      Copies c = copiesByUuid.get(uuid);
      if (c != null) {
        track(seq, c);
      }
    }
  }

  /** Capture answered 200 for one request: records {@code seqs}, the i-th of event uuid(i). */
  public synchronized void acked(long[] seqs, java.util.function.IntFunction<UUID> uuid) {
    for (int i = 0; i < seqs.length; i++) {
      acked(seqs[i], uuid.apply(i));
    }
  }

  /**
   * Capture wrote the event as record {@code seq} but answered an error (the client will send it
   * again): the record may still reach the consumers.
   */
  public synchronized void unconfirmed(long seq, UUID uuid) {
    unconfirmedWrites++;
    Copies c = uuid == null ? null : copiesByUuid.get(uuid);
    if (c == null) {
      if (uuid == null || copiesBySeq.size() >= unconfirmedLimit) {
        untracked++;
        return;
      }
      c = new Copies();
      copiesByUuid.put(uuid, c);
    }
    track(seq, c);
  }

  private void track(long seq, Copies c) {
    if (copiesBySeq.putIfAbsent(seq, c) == null) {
      c.records++;
      if (consumed.contains(seq)) {
        copyConsumed(c);
      }
    }
  }

  /** One more distinct record of the event consumed: from the second on, a duplicate. */
  private void copyConsumed(Copies c) {
    if (++c.consumed > 1) {
      resentDuplicates++;
    }
  }

  /**
   * A consumer took record {@code seq}.
   *
   * @return false for a redelivery (that record was consumed before)
   */
  public synchronized boolean consumed(long seq) {
    if (consumed.contains(seq)) {
      redeliveries++;
      return false;
    }
    consumed.addLong(seq);
    if (!copiesBySeq.isEmpty()) {
      Copies c = copiesBySeq.get(seq);
      if (c != null) {
        copyConsumed(c);
      }
    }
    return true;
  }

  public synchronized Result result() {
    long a = acked.getLongCardinality();
    long c = consumed.getLongCardinality();
    long both = Roaring64Bitmap.andCardinality(acked, consumed);
    return new Result(
        a,
        c,
        a - both,
        redeliveries,
        resentDuplicates,
        unconfirmedWrites,
        c - both,
        untracked,
        acked.getLongSizeInBytes() + consumed.getLongSizeInBytes() + copiesBySeq.size() * 200L);
  }

  /**
   * Converts runs of numbers to run containers where that is smaller; called now and then (a dense
   * bitmap of consecutive numbers shrinks from 8 KB to a few bytes per 65,536).
   */
  public synchronized void compact() {
    acked.runOptimize();
    consumed.runOptimize();
  }
}
