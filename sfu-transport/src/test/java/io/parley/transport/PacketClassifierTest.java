package io.parley.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketClassifierTest {
    @Test
    void followsRfc7983Ranges() {
        assertEquals(PacketClassifier.Kind.STUN, PacketClassifier.classify(0));
        assertEquals(PacketClassifier.Kind.STUN, PacketClassifier.classify(3));
        assertEquals(PacketClassifier.Kind.UNKNOWN, PacketClassifier.classify(4));
        assertEquals(PacketClassifier.Kind.DTLS, PacketClassifier.classify(20));
        assertEquals(PacketClassifier.Kind.DTLS, PacketClassifier.classify(63));
        assertEquals(PacketClassifier.Kind.UNKNOWN, PacketClassifier.classify(64));
        assertEquals(PacketClassifier.Kind.RTP_RTCP, PacketClassifier.classify(128));
        assertEquals(PacketClassifier.Kind.RTP_RTCP, PacketClassifier.classify(191));
        assertEquals(PacketClassifier.Kind.UNKNOWN, PacketClassifier.classify(192));
        assertTrue(PacketClassifier.isRtcp(200));
        assertTrue(PacketClassifier.isRtcp(206));
        assertFalse(PacketClassifier.isRtcp(96));
        assertFalse(PacketClassifier.isRtcp(96 | 0x80), "marker bit + PT 96 is 224: RTP");
    }
}
