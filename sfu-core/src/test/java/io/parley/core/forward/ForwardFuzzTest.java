package io.parley.core.forward;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.core.codec.VideoCodec;

/**
 * Fuzzes the per-subscriber rewriting state over packet sequences. The input is a list of
 * operations: an op octet, then for {@link PictureNumbering} a length octet and that many
 * payload bytes (the VP8/VP9 descriptor, read by its format's reader), for {@link StreamRewriter} a source, sequence number
 * and timestamp. Contract: no exception, no write outside the payload given, and the outgoing
 * numbers stay in range.
 */
class ForwardFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void pictureNumbering(byte[] data) {
        DescriptorNumbering vp8 = new DescriptorNumbering(VideoCodec.VP8);
        DescriptorNumbering vp9 = new DescriptorNumbering(VideoCodec.VP9);
        int i = 0;
        while (i + 1 < data.length) {
            int op = data[i] & 0xFF;
            int len = Math.min(data[i + 1] & 0xFF, data.length - i - 2);
            byte[] payload = Arrays.copyOfRange(data, i + 2, i + 2 + len);
            i += 2 + len;
            boolean isVp9 = (op & 0x80) != 0;
            DescriptorNumbering numbering = isVp9 ? vp9 : vp8;
            // The payload sits between guard bytes, which no operation may touch.
            byte[] framed = new byte[len + 4];
            Arrays.fill(framed, (byte) 0x5A);
            System.arraycopy(payload, 0, framed, 2, len);
            ByteBuf buf = Unpooled.wrappedBuffer(framed);
            try {
                int at = 2;
                int end = 2 + len;
                switch (op & 0x07) {
                    case 0, 1, 2 -> {
                        int picture = numbering.rewrite(buf, at, end);
                        assertTrue(picture >= -1 && picture <= 0x7FFF, "picture id " + picture);
                    }
                    case 3 -> numbering.skip(buf, at, end);
                    case 4 -> {
                        int fate = numbering.fate(buf, at, end);
                        assertTrue(fate >= PictureNumbering.UNKNOWN && fate <= PictureNumbering.LEFT_OUT);
                    }
                    case 5 -> numbering.switchSource();
                    case 6 -> numbering.apply(buf, at, end, numbering.deltas());
                    default -> numbering.apply(buf, at, end, op << 16 | len << 8 | op);
                }
                for (int g : new int[] {0, 1, len + 2, len + 3}) {
                    assertTrue(framed[g] == 0x5A, "wrote outside the payload at " + (g - 2));
                }
            } finally {
                buf.release();
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void streamRewriter(byte[] data) {
        if (data.length < 4) {
            return;
        }
        int clockRate = 1 + ((data[0] & 0xFF) << 8 | (data[1] & 0xFF)) * 1000;
        StreamRewriter r = new StreamRewriter(clockRate, (data[2] & 0xFF) << 8 | (data[3] & 0xFF), data[0] * 12345L);
        long now = 1_000_000_000L;
        for (int i = 4; i + 7 <= data.length; i += 7) {
            int op = data[i] & 0xFF;
            long ssrc = 0x1000 + (op >> 4);
            int seq = (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
            long ts = ((data[i + 3] & 0xFFL) << 24 | (data[i + 4] & 0xFF) << 16 | (data[i + 5] & 0xFF) << 8
                    | (data[i + 6] & 0xFF)) & 0xFFFFFFFFL;
            now += (op & 0x0F) * 100_000_000L;
            switch (op & 0x03) {
                case 0, 1 -> {
                    if (r.rewrite(ssrc, seq, ts, now)) {
                        assertTrue(r.sequenceNumber() >= 0 && r.sequenceNumber() <= 0xFFFF);
                        assertTrue(r.timestamp() >= 0 && r.timestamp() <= 0xFFFFFFFFL);
                    }
                }
                case 2 -> r.skip(ssrc, seq);
                default -> {
                    r.isLate(ssrc, seq);
                    if ((op & 0x04) != 0) {
                        r.pause();
                    }
                }
            }
            assertTrue(r.highestSequenceNumber() >= 0 && r.highestSequenceNumber() <= 0xFFFF);
            assertTrue(r.highestTimestamp() >= 0 && r.highestTimestamp() <= 0xFFFFFFFFL);
        }
    }
}
