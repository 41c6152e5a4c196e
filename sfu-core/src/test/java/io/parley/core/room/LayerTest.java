package io.parley.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A layer's bitrate per temporal layer. */
class LayerTest {
    @Test
    void eachTemporalLayerAddsItsBytesUpToTheHighestAVp9TidCanName() {
        Layer layer = new Layer(0, null);
        layer.received(1000, 0);
        layer.received(500, 1);
        layer.received(250, 7);
        layer.sampleBitrate(1_000_000_000L);
        assertEquals(8, layer.temporalLayers);
        assertEquals(8_000, layer.bitrateBps(0));
        assertEquals(12_000, layer.bitrateBps(1));
        assertEquals(14_000, layer.bitrateBps(7), "all of it");
    }
}
