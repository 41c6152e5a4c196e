package io.parley.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzzes the RTP header and RFC 8285 header extension parser. Contract: {@link RtpPacket#wrap}
 * returns false for anything malformed; once it returned true every accessor stays inside the
 * packet (the buffer is exactly the input, so a read past it throws). Seeds replay in
 * {@code mvn test}; {@code JAZZER_FUZZ=1} fuzzes (see docs/fuzzing.md).
 */
class RtpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void rtpHeader(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            RtpPacket p = new RtpPacket();
            if (!p.wrap(buf)) {
                return;
            }
            assertEquals(2, p.version());
            int end = p.offset() + p.length();
            assertTrue(p.headerLength() >= 12 && p.payloadOffset() <= end, "header inside the packet");
            assertTrue(p.payloadLength() >= 0, "payload length " + p.payloadLength());
            assertTrue(p.payloadOffset() + p.payloadLength() + p.paddingLength() == end);
            p.marker();
            p.payloadType();
            p.sequenceNumber();
            p.timestamp();
            p.ssrc();
            p.csrcCount();
            p.hasPadding();
            p.hasExtension();
            byte[] mid = "0".getBytes(StandardCharsets.US_ASCII);
            for (int id = -1; id <= 256; id++) {
                int at = p.extensionOffset(id);
                int len = p.extensionLength(id);
                if (at >= 0) {
                    assertTrue(len >= 0 && at >= p.offset() + 16 && at + len <= p.payloadOffset(),
                            "element " + id + " at " + at + " length " + len + " outside the extension block");
                    assertEquals(len, p.extensionAsString(id).length());
                } else {
                    assertEquals(-1, len);
                }
                p.extensionEquals(id, mid);
            }
            p.setSequenceNumber(p.sequenceNumber() + 1);
            p.setTimestamp(p.timestamp() + 1);
            p.setSsrc(p.ssrc() ^ 1);
            p.setPayloadType(p.payloadType() ^ 1);
            p.setMarker(!p.marker());
        } finally {
            buf.release();
        }
    }
}
