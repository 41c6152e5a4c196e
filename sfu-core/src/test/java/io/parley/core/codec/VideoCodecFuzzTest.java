package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.core.rtp.RtpPacket;

/**
 * Fuzzes the payload readers the server uses to pick layers and find keyframes: the VP8 (RFC 7741)
 * payload descriptor and frame header, the VP9 (RFC 9628) payload descriptor, the AV1 dependency
 * descriptor extension, and H.264 payloads (RFC 6184 single NAL, STAP-A, FU-A) with their SPS, each
 * also as {@link FrameInfo} reads it.
 * Contract: malformed input gives false, -1 or "not a keyframe", never an exception; each reader
 * stays in the bytes it is given (the buffer ends where the input does).
 */
class VideoCodecFuzzTest {
    /** The input as the payload of a minimal RTP packet, for the readers that take a packet. */
    private static ByteBuf asRtpPayload(byte[] payload) {
        ByteBuf buf = Unpooled.buffer(12 + payload.length, 12 + payload.length);
        buf.writeByte(0x80).writeByte(96).writeShort(1).writeInt(0).writeInt(0x1234);
        buf.writeBytes(payload);
        return buf;
    }

    @FuzzTest(maxDuration = "60s")
    void vp8(byte[] data) {
        ByteBuf buf = asRtpPayload(data);
        try {
            RtpPacket p = new RtpPacket();
            assertTrue(p.wrap(buf));
            int at = p.payloadOffset();
            int end = at + p.payloadLength();
            Vp8Payload vp8 = new Vp8Payload();
            // Twice on one instance: parse must overwrite every field.
            for (int round = 0; round < 2; round++) {
                int from = round == 0 ? at : Math.min(at + 1, end);
                boolean ok = vp8.parse(buf, from, end);
                int length = vp8.length();
                assertEquals(ok, length != -1);
                assertTrue(length == -1 || (length >= 1 && from + length <= end), "descriptor length " + length);
                int tid = vp8.temporalId();
                assertTrue(tid >= -1 && tid <= 3);
                assertTrue(vp8.pictureId() >= -1 && vp8.pictureId() <= 0x7FFF);
                assertTrue(ok || !vp8.pictures().any(), "no picture numbers from a truncated descriptor");
                assertTrue(vp8.keyframe() || (vp8.width() == -1 && vp8.height() == -1), "a size only from a keyframe");
                assertTrue(vp8.width() >= -1 && vp8.width() <= 0x3FFF && vp8.height() >= -1 && vp8.height() <= 0x3FFF);
            }
            readAs(VideoCodec.VP8, p);
            readAs(VideoCodec.OTHER, p);
        } finally {
            buf.release();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void h264(byte[] data) {
        ByteBuf buf = asRtpPayload(data);
        try {
            RtpPacket p = new RtpPacket();
            assertTrue(p.wrap(buf));
            H264Payload h264 = new H264Payload();
            h264.parse(buf, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
            int width = h264.width();
            int height = h264.height();
            assertEquals(width < 0, height < 0, "width " + width + " and height " + height + " come together");
            assertTrue(width == -1 || width > 0);
            assertTrue(h264.keyframe() || width == -1, "a size only from a keyframe");
            readAs(VideoCodec.H264, p);
        } finally {
            buf.release();
        }
    }

    /** What {@link FrameInfo} makes of the packet stays in range, whatever the bytes. */
    private static void readAs(VideoCodec codec, RtpPacket p) {
        FrameInfo frame = new FrameInfo(codec, 1);
        frame.read(p, 0, 0);
        assertTrue(frame.temporalId() >= 0 && frame.temporalId() < FrameInfo.MAX_TEMPORAL_LAYERS);
        assertTrue(frame.keyframe() || frame.height() == -1, "a height only from a keyframe");
        assertTrue(codec.numbersPictures() || !frame.pictures().any());
    }

    @FuzzTest(maxDuration = "60s")
    void vp9(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            Vp9Descriptor d = new Vp9Descriptor();
            // Twice on one instance: parse must overwrite every field.
            for (int round = 0; round < 2; round++) {
                int at = round == 0 ? 0 : Math.min(1, data.length);
                boolean ok = d.parse(buf, at, data.length);
                if (ok) {
                    assertTrue(d.length() >= 1 && at + d.length() <= data.length, "length " + d.length());
                } else {
                    assertEquals(-1, d.length());
                    assertTrue(!d.isKeyframe() && !d.hasScalabilityStructure() && !d.pictures().any());
                }
                assertTrue(d.spatialLayerCount() >= 0 && d.spatialLayerCount() <= Vp9Descriptor.MAX_SPATIAL_LAYERS);
                for (int sid = -1; sid <= Vp9Descriptor.MAX_SPATIAL_LAYERS; sid++) {
                    d.width(sid);
                    d.height(sid);
                }
                assertTrue(d.temporalId() >= 0 && d.temporalId() <= 7 && d.spatialId() >= 0 && d.spatialId() <= 7);
                d.pictureId();
                d.tl0PicIdx();
                d.startOfFrame();
                d.endOfFrame();
                d.switchingUpPoint();
                d.interLayerDependency();
                d.notUpperLayerReference();
                d.flexibleMode();
                d.interPicturePredicted();
                d.hasLayerIndices();
            }
        } finally {
            buf.release();
        }
    }

    /**
     * A sequence of dependency descriptors of one stream: each chunk is a length octet and that
     * many bytes, so a structure in one packet is used to read the next ones.
     */
    @FuzzTest(maxDuration = "60s")
    void av1DependencyDescriptor(byte[] data) {
        DependencyDescriptor d = new DependencyDescriptor();
        int i = 0;
        while (i < data.length) {
            int len = Math.min(data[i] & 0xFF, data.length - i - 1);
            byte[] chunk = Arrays.copyOfRange(data, i + 1, i + 1 + len);
            i += 1 + len;
            ByteBuf buf = Unpooled.wrappedBuffer(chunk);
            try {
                int structuresBefore = d.decodeTargetCount();
                boolean ok = d.parse(buf, 0, chunk.length);
                if (!ok) {
                    assertEquals(structuresBefore, d.decodeTargetCount(), "a rejected packet keeps the structure");
                    continue;
                }
                assertTrue(d.hasStructure());
                int targets = d.decodeTargetCount();
                assertTrue(targets >= 1 && targets <= 32);
                assertTrue(d.spatialLayerCount() >= 1 && d.temporalLayerCount() >= 1);
                assertTrue(d.spatialId() >= 0 && d.spatialId() < d.spatialLayerCount());
                assertTrue(d.temporalId() >= 0 && d.temporalId() < d.temporalLayerCount());
                for (int dt = -1; dt <= 32; dt++) {
                    int dti = d.decodeTargetIndication(dt);
                    assertTrue(dti >= 0 && dti <= 3);
                    d.decodeTargetChain(dt);
                    d.decodeTargetSpatialId(dt);
                    d.decodeTargetTemporalId(dt);
                    d.chainFdiff(dt);
                }
                for (int sid = -1; sid <= d.spatialLayerCount(); sid++) {
                    d.maxWidth(sid);
                    d.maxHeight(sid);
                }
                d.activeDecodeTargets();
                d.frameNumber();
                d.startOfFrame();
                d.endOfFrame();
                d.carriesStructure();
            } finally {
                buf.release();
            }
        }
    }
}
