package io.jlvs.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * The padding only works if HotSpot really lays the fields out in hierarchy order: check the
 * offsets this JVM uses. 128 bytes = two cache lines (the adjacent-line prefetcher pulls pairs).
 */
class SpscLongRingLayoutTest {
    private static final long APART = 128;

    private static final Map<String, Long> OFFSETS = ClassLayout.parseClass(SpscLongRing.class).fields().stream()
            .filter(field -> !field.name().matches("p\\d\\d"))
            .collect(Collectors.toMap(FieldLayout::name, FieldLayout::offset));

    private static void assertApart(String producerField, String consumerField) {
        long distance = Math.abs(OFFSETS.get(producerField) - OFFSETS.get(consumerField));
        assertTrue(distance >= APART, producerField + " and " + consumerField + " are only " + distance
                + " bytes apart: " + OFFSETS);
    }

    @Test
    void producerFieldsAndConsumerFieldsAreOnDifferentCacheLines() {
        for (String producerField : new String[] {"producerIndex", "cachedConsumerIndex"}) {
            for (String consumerField : new String[] {"consumerIndex", "cachedProducerIndex"}) {
                assertApart(producerField, consumerField);
            }
        }
    }

    @Test
    void neitherSideWritesNearTheSharedReadOnlyFields() {
        for (String written : new String[] {"producerIndex", "cachedConsumerIndex", "consumerIndex", "cachedProducerIndex"}) {
            assertApart(written, "slots");
            assertApart(written, "mask");
        }
    }

    @Test
    void theConsumerFieldsArePaddedFromWhateverObjectFollows() {
        long instanceSize = ClassLayout.parseClass(SpscLongRing.class).instanceSize();
        long lastWritten = Math.max(OFFSETS.get("consumerIndex"), OFFSETS.get("cachedProducerIndex"));
        assertTrue(instanceSize - lastWritten >= APART, "only " + (instanceSize - lastWritten) + " bytes after " + OFFSETS);
    }
}
