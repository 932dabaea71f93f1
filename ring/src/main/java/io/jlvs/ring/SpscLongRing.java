package io.jlvs.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * Why written by hand rather than taken from JCTools or Agrona: both libraries' array queues
 * (JCTools SpscArrayQueue, Agrona OneToOneConcurrentArrayQueue) hold objects, so a long mbuf
 * address would be boxed on every offer, and neither moves a burst with one index publication.
 * Agrona's OneToOneRingBuffer moves byte messages with a header per record. What the workers
 * need is a ring of primitive longs that moves a whole rx burst with two array copies and one
 * release store. The technique is theirs: power-of-two slots, padded indexes, cached opposite
 * index, release/acquire publication (Lamport's ring with FastFlow's caching).
 *
 * Field layout: HotSpot places a superclass's fields before its subclass's, so the hierarchy
 * below puts 128 bytes of padding (two cache lines, for the adjacent-line prefetcher) between
 * the fields each side writes.
 */

abstract class SpscLongRingConfiguration {
    final long[] slots;
    final long mask;
    final int capacity;

    SpscLongRingConfiguration(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2, got " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slots = new long[capacity];
    }

    static VarHandle longField(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            return lookup.findVarHandle(owner, name, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

abstract class SpscLongRingPadAfterConfiguration extends SpscLongRingConfiguration {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscLongRingPadAfterConfiguration(int capacity) {
        super(capacity);
    }
}

/** Written only by the producer thread (producerIndex is read by the consumer). */
abstract class SpscLongRingProducerFields extends SpscLongRingPadAfterConfiguration {
    static final VarHandle PRODUCER_INDEX = longField(MethodHandles.lookup(), SpscLongRingProducerFields.class, "producerIndex");

    volatile long producerIndex;
    long cachedConsumerIndex;

    SpscLongRingProducerFields(int capacity) {
        super(capacity);
    }
}

abstract class SpscLongRingPadAfterProducer extends SpscLongRingProducerFields {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscLongRingPadAfterProducer(int capacity) {
        super(capacity);
    }
}

/** Written only by the consumer thread (consumerIndex is read by the producer). */
abstract class SpscLongRingConsumerFields extends SpscLongRingPadAfterProducer {
    static final VarHandle CONSUMER_INDEX = longField(MethodHandles.lookup(), SpscLongRingConsumerFields.class, "consumerIndex");

    volatile long consumerIndex;
    long cachedProducerIndex;

    SpscLongRingConsumerFields(int capacity) {
        super(capacity);
    }
}

abstract class SpscLongRingPadAfterConsumer extends SpscLongRingConsumerFields {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    SpscLongRingPadAfterConsumer(int capacity) {
        super(capacity);
    }
}

/**
 * A bounded ring of {@code long}s (mbuf addresses) for exactly one producer thread and one
 * consumer thread. Offer and drain move as many values as fit and return how many moved: they
 * never block, never allocate, never throw on full or empty.
 *
 * <p>Slots are written with plain stores and published by a release store of the producer
 * index; the consumer reads that index with an acquire load before reading the slots, and hands
 * the slots back by a release store of the consumer index. Each side re-reads the other side's
 * index only when its cached copy says the ring is full (or empty).
 *
 * <p>Calling a producer method from two threads at once, or a consumer method from two threads
 * at once, corrupts the ring. {@link #size()} may be called from any thread and is approximate.
 */
public final class SpscLongRing extends SpscLongRingPadAfterConsumer {

    /** @param capacity number of slots, a power of two >= 2 */
    public SpscLongRing(int capacity) {
        super(capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Producer side: adds one value; false when the ring is full. */
    public boolean offer(long value) {
        final long producer = (long) PRODUCER_INDEX.getOpaque(this);
        if (writable(producer, 1) == 0) {
            return false;
        }
        slots[(int) (producer & mask)] = value;
        PRODUCER_INDEX.setRelease(this, producer + 1);
        return true;
    }

    /**
     * Producer side: adds {@code src[from] .. src[from + count - 1]}, as many as fit, in order.
     *
     * @return how many values were added, from 0 to {@code count}
     */
    public int offer(long[] src, int from, int count) {
        final long producer = (long) PRODUCER_INDEX.getOpaque(this);
        final int moved = writable(producer, count);
        if (moved > 0) {
            final int start = (int) (producer & mask);
            final int untilWrap = Math.min(moved, capacity - start);
            System.arraycopy(src, from, slots, start, untilWrap);
            System.arraycopy(src, from + untilWrap, slots, 0, moved - untilWrap);
            PRODUCER_INDEX.setRelease(this, producer + moved);
        }
        return moved;
    }

    /**
     * Producer side: adds longs {@code from .. from + count - 1} of an off-heap array (an rx
     * burst's mbuf pointers, native byte order), as many as fit, in order.
     *
     * @return how many values were added, from 0 to {@code count}
     */
    public int offer(MemorySegment src, long from, int count) {
        final long producer = (long) PRODUCER_INDEX.getOpaque(this);
        final int moved = writable(producer, count);
        if (moved > 0) {
            final int start = (int) (producer & mask);
            final int untilWrap = Math.min(moved, capacity - start);
            MemorySegment.copy(src, ValueLayout.JAVA_LONG, from * Long.BYTES, slots, start, untilWrap);
            MemorySegment.copy(src, ValueLayout.JAVA_LONG, (from + untilWrap) * Long.BYTES, slots, 0, moved - untilWrap);
            PRODUCER_INDEX.setRelease(this, producer + moved);
        }
        return moved;
    }

    /** How many of {@code wanted} slots are free, re-reading the consumer's index only when the cache says too few. */
    private int writable(long producer, int wanted) {
        long free = capacity - (producer - cachedConsumerIndex);
        if (free < wanted) {
            cachedConsumerIndex = (long) CONSUMER_INDEX.getAcquire(this);
            free = capacity - (producer - cachedConsumerIndex);
        }
        return (int) Math.max(0, Math.min(free, wanted));
    }

    /**
     * Consumer side: removes up to {@code max} values, oldest first, into {@code dst[0 ..]}.
     *
     * @return how many values were removed, from 0 to {@code max}
     */
    public int drain(long[] dst, int max) {
        return drain(dst, 0, max);
    }

    /**
     * Consumer side: removes up to {@code max} values, oldest first, into
     * {@code dst[from] .. dst[from + max - 1]}.
     *
     * @return how many values were removed, from 0 to {@code max}
     */
    public int drain(long[] dst, int from, int max) {
        final long consumer = (long) CONSUMER_INDEX.getOpaque(this);
        final int moved = readable(consumer, max);
        if (moved > 0) {
            final int start = (int) (consumer & mask);
            final int untilWrap = Math.min(moved, capacity - start);
            System.arraycopy(slots, start, dst, from, untilWrap);
            System.arraycopy(slots, 0, dst, from + untilWrap, moved - untilWrap);
            CONSUMER_INDEX.setRelease(this, consumer + moved);
        }
        return moved;
    }

    /**
     * Consumer side: removes up to {@code max} values, oldest first, into longs
     * {@code from .. from + max - 1} of an off-heap array (a tx burst's mbuf pointers).
     *
     * @return how many values were removed, from 0 to {@code max}
     */
    public int drain(MemorySegment dst, long from, int max) {
        final long consumer = (long) CONSUMER_INDEX.getOpaque(this);
        final int moved = readable(consumer, max);
        if (moved > 0) {
            final int start = (int) (consumer & mask);
            final int untilWrap = Math.min(moved, capacity - start);
            MemorySegment.copy(slots, start, dst, ValueLayout.JAVA_LONG, from * Long.BYTES, untilWrap);
            MemorySegment.copy(slots, 0, dst, ValueLayout.JAVA_LONG, (from + untilWrap) * Long.BYTES, moved - untilWrap);
            CONSUMER_INDEX.setRelease(this, consumer + moved);
        }
        return moved;
    }

    /** How many of {@code wanted} values are ready, re-reading the producer's index only when the cache says too few. */
    private int readable(long consumer, int wanted) {
        long available = cachedProducerIndex - consumer;
        if (available < wanted) {
            cachedProducerIndex = (long) PRODUCER_INDEX.getAcquire(this);
            available = cachedProducerIndex - consumer;
        }
        return (int) Math.max(0, Math.min(available, wanted));
    }

    /** Values in the ring at some moment during the call; exact only when both sides are quiet. */
    public int size() {
        while (true) {
            final long consumerBefore = (long) CONSUMER_INDEX.getVolatile(this);
            final long producer = (long) PRODUCER_INDEX.getVolatile(this);
            final long consumerAfter = (long) CONSUMER_INDEX.getVolatile(this);
            if (consumerBefore == consumerAfter) {
                return (int) (producer - consumerAfter);
            }
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
