package io.parley.core.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class VideoCodecTest {
    @Test
    void vp8KeyframeIsTheStartOfPartitionZeroWithTheInverseKeyFlagClear() {
        assertTrue(vp8(0x10, 0x00, 0x9d), "minimal descriptor, keyframe");
        assertFalse(vp8(0x10, 0x01, 0x00), "interframe");
        assertFalse(vp8(0x00, 0x00, 0x9d), "not the start of a partition: the byte is mid-frame data");
        assertFalse(vp8(0x11, 0x00, 0x9d), "start of partition 1");
        // Chrome's descriptor: X, then I with a 15-bit PictureID, L with TL0PICIDX, T/K byte.
        assertTrue(vp8(0x90, 0xE0, 0x80 | 0x12, 0x34, 0x07, 0x20, 0x50));
        assertFalse(vp8(0x90, 0xE0, 0x80 | 0x12, 0x34, 0x07, 0x20, 0x51));
        assertTrue(vp8(0x90, 0x80, 0x05, 0x00), "7-bit PictureID");
        assertFalse(vp8(0x90, 0xE0, 0x80), "truncated descriptor");
        assertFalse(vp8(), "empty payload");
    }

    @Test
    void h264KeyframesAreIdrOrSpsInAnyPacketisationMode() {
        assertTrue(h264(0x65, 0x88), "single IDR NAL unit");
        assertTrue(h264(0x67, 0x42), "SPS");
        assertFalse(h264(0x41, 0x9a), "non-IDR slice");
        assertTrue(h264(0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce), "STAP-A with SPS and PPS");
        assertFalse(h264(0x78, 0x00, 0x02, 0x41, 0x9a), "STAP-A of slices");
        assertTrue(h264(0x7C, 0x85, 0x88), "FU-A start of an IDR");
        assertFalse(h264(0x7C, 0x05, 0x88), "FU-A continuation");
        assertFalse(h264(0x7C), "truncated FU-A");
    }

    @Test
    void namesMapCaseInsensitively() {
        assertEquals(VideoCodec.VP8, VideoCodec.of("vp8"));
        assertEquals(VideoCodec.H264, VideoCodec.of("H264"));
        assertEquals(VideoCodec.OTHER, VideoCodec.of("AV1"));
        assertFalse(VideoCodec.OTHER.isKeyframe(packet(0x10, 0x00)));
    }

    @Test
    void vp8KeyframesAnnounceTheirSizeBelowTheScalingBits() {
        // Descriptor 0x10, frame tag (keyframe), start code, width 640 | scale 1, height 360 | scale 2.
        RtpPacket key = packet(0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x42, 0x68, 0x81);
        assertEquals(640, VideoCodec.VP8.keyframeWidth(key));
        assertEquals(360, VideoCodec.VP8.keyframeHeight(key));
        RtpPacket badStartCode = packet(0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2b, 0x80, 0x02, 0x68, 0x01);
        assertEquals(-1, VideoCodec.VP8.keyframeHeight(badStartCode));
        RtpPacket truncated = packet(0x10, 0x50, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68);
        assertEquals(-1, VideoCodec.VP8.keyframeWidth(truncated));
        RtpPacket interframe = packet(0x10, 0x51, 0x2A, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01);
        assertEquals(-1, VideoCodec.VP8.keyframeHeight(interframe));
        assertEquals(-1, VideoCodec.OTHER.keyframeHeight(key));
    }

    @Test
    void h264ConstrainedBaselineSpsGivesTheCroppedSize() {
        assertSize(640, 360, baselineSps(640, 360).bytes());
        assertSize(1280, 720, baselineSps(1280, 720).bytes());
        assertSize(320, 180, baselineSps(320, 180).bytes());
        assertSize(1920, 1080, baselineSps(1920, 1080).bytes());
        // The 1280x720 one byte by byte: 67 42 c0 1f, then ue(0) ue(0) ue(2) ue(1) | 0 ue(79) | ue(44)
        // 1 1 0 0 and the stop bit; 80 x 45 macroblocks, no cropping.
        assertArrayEquals(hex("6742c01fda014016e4"), baselineSps(1280, 720).bytes());
        assertSize(1280, 720, hex("6742c01fda014016e4"));
    }

    @Test
    void h264SpsFromARealEncoderWithVuiAndEmulationPrevention() {
        // SPS NAL units from ffmpeg/x264 camera captures (High 4:2:2 profile, with VUI whose bytes
        // include 00 00 03), as published with libwebrtc's SPS parser tests.
        assertSize(1280, 720, hex("677a001fbcd9405005ba1000000300c000002ae0f1831960"));
        assertSize(640, 360, hex("677a001ebcd940a02ff89840000003018000005683c58b6580"));
        assertSize(200, 400, hex("677a000dbcd943433e5e100000030060000015a0f1429960"));
    }

    @Test
    void h264HighProfileSkipsScalingListsAndUses444CropUnits() {
        BitWriter w = new BitWriter()
                .u(8, 0x67).u(8, 244).u(8, 0).u(8, 40)        // High 4:4:4 Predictive, level 4
                .ue(0)                                        // seq_parameter_set_id
                .ue(3).u(1, 0)                                // chroma_format_idc 4:4:4, separate_colour_plane_flag
                .ue(2).ue(2)                                  // bit_depth_luma/chroma_minus8
                .u(1, 0)                                      // qpprime_y_zero_transform_bypass_flag
                .u(1, 1);                                     // seq_scaling_matrix_present_flag: 12 lists for 4:4:4
        w.u(1, 1);                                            // list 0 (4x4): 16 deltas, next scale never 0
        for (int j = 0; j < 16; j++) {
            w.se(j % 2 == 0 ? 3 : -3);
        }
        w.u(1, 1).se(-8);                                     // list 1: next scale 0 at once, use the default
        w.u(1, 0).u(1, 0).u(1, 0).u(1, 0);                    // lists 2-5 absent
        w.u(1, 1);                                            // list 6 (8x8): 64 deltas wrapping modulo 256
        for (int j = 0; j < 64; j++) {
            w.se(j % 3 == 0 ? 127 : j % 3 == 1 ? -128 : 1);
        }
        w.u(1, 1).se(5).se(-13);                              // list 7: 8 + 5 - 13 = 0 stops after two
        w.u(1, 0).u(1, 0).u(1, 0);                            // lists 8-10 absent
        w.u(1, 1);                                            // list 11: 64 zero deltas
        for (int j = 0; j < 64; j++) {
            w.se(0);
        }
        w.ue(4)                                               // log2_max_frame_num_minus4
                .ue(0).ue(2)                                  // pic_order_cnt_type 0, log2_max_pic_order_cnt_lsb_minus4
                .ue(4).u(1, 0)                                // max_num_ref_frames, gaps
                .ue(119).ue(67)                               // 120 x 68 macroblocks: 1920 x 1088
                .u(1, 1).u(1, 1)                              // frame_mbs_only_flag, direct_8x8_inference_flag
                .u(1, 1).ue(2).ue(2).ue(0).ue(8)              // cropping in luma samples for 4:4:4
                .u(1, 0).trailing();
        assertSize(1916, 1080, w.bytes());
    }

    @Test
    void h264FieldCodingDoublesMapUnitsAndVerticalCropUnits() {
        BitWriter w = new BitWriter()
                .u(8, 0x67).u(8, 100).u(8, 0).u(8, 40)        // High, 4:2:0 implied by chroma_format_idc 1
                .ue(1)
                .ue(1).ue(0).ue(0).u(1, 0).u(1, 0)            // chroma 4:2:0, 8-bit, no scaling matrix
                .ue(0)
                .ue(1).u(1, 0).se(-5).se(3).ue(3)             // pic_order_cnt_type 1 with a cycle of 3
                .se(2).se(-2).se(70000)
                .ue(2).u(1, 0)
                .ue(119).ue(33)                               // 34 field macroblock rows: 68 frame rows
                .u(1, 0).u(1, 1)                              // frame_mbs_only_flag 0, mb_adaptive_frame_field_flag
                .u(1, 1)
                .u(1, 1).ue(0).ue(0).ue(0).ue(2)              // CropUnitY = SubHeightC 2 x 2 fields: 8 rows
                .u(1, 0).trailing();
        assertSize(1920, 1080, w.bytes());
    }

    @Test
    void h264MonochromeCropsInLumaSamples() {
        BitWriter w = new BitWriter()
                .u(8, 0x67).u(8, 110).u(8, 0).u(8, 30)        // High 10
                .ue(0)
                .ue(0).ue(2).ue(2).u(1, 0).u(1, 0)            // chroma_format_idc 0: no chroma planes
                .ue(0).ue(2).ue(1).u(1, 0)
                .ue(39).ue(22).u(1, 1).u(1, 1)                // 640 x 368
                .u(1, 1).ue(1).ue(3).ue(2).ue(6)              // CropUnitX = CropUnitY = 1
                .u(1, 0).trailing();
        assertSize(636, 360, w.bytes());
    }

    @Test
    void h264EmulationPreventionBytesAreSkippedWhereverTheyFall() {
        BitWriter w = new BitWriter()
                .u(8, 0x67).u(8, 66).u(8, 0xC0).u(8, 30)
                .ue(0).ue(0)
                .ue(1).u(1, 0)                                // pic_order_cnt_type 1: se(-2^28) is 29 zero
                .se(-(1 << 28)).se(0).ue(2)                   // bits, a one, 28 zeros, a one; 29 zeros hold
                .se(7).se(-(1 << 28))                         // 00 00 0x at any alignment
                .ue(1).u(1, 0)
                .ue(39).ue(22).u(1, 1).u(1, 1)
                .u(1, 1).ue(0).ue(0).ue(0).ue(4)
                .u(1, 0).trailing();
        byte[] rbsp = w.bytes();
        byte[] nal = escape(rbsp);
        assertTrue(nal.length >= rbsp.length + 2, "the NAL unit must contain emulation prevention bytes");
        // Each one ahead of the size fields shifts them by a byte unless it is skipped.
        assertSize(640, 360, nal);
    }

    @Test
    void h264SpsIsFoundInsideAStapA() {
        byte[] sps = baselineSps(640, 360).bytes();
        byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        stap.write(0x78);
        unit(stap, pps);
        unit(stap, sps);
        byte[] payload = stap.toByteArray();
        RtpPacket p = packet(payload);
        assertEquals(640, VideoCodec.H264.keyframeWidth(p));
        assertEquals(360, VideoCodec.H264.keyframeHeight(p));
        payload[1 + 2 + pps.length + 1] += 1;                 // the SPS's size now runs past the payload
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(payload)));
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(0x78, 0x00, 0x04, 0x68, 0xCE, 0x3C, 0x80)), "PPS only");
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(0x65, 0x88, 0x80)), "IDR slice, no SPS");
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(0x7C, 0x87, 0x42)), "SPS fragment");
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet()), "empty payload");
    }

    @Test
    void truncatedSpsAtEveryLengthHasNoSize() {
        for (int height : new int[] {360, 1080}) {
            BitWriter w = baselineSps(640, height);
            byte[] sps = w.bytes();
            int needed = (w.marked + 7) / 8;                  // through the last field read
            assertTrue(needed > 5 && needed <= sps.length);
            for (int length = 0; length <= sps.length; length++) {
                RtpPacket p = packet(Arrays.copyOf(sps, length));
                assertEquals(length < needed ? -1 : height, VideoCodec.H264.keyframeHeight(p), "length " + length);
                assertEquals(length < needed ? -1 : 640, VideoCodec.H264.keyframeWidth(p), "length " + length);
            }
        }
    }

    @Test
    void malformedSpsHasNoSize() {
        BitWriter badPoc = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0).u(8, 30)
                .ue(0).ue(0).ue(3)                            // pic_order_cnt_type 3 does not exist
                .ue(1).u(1, 0).ue(39).ue(22).u(1, 1).u(1, 1).u(1, 0).u(1, 0).trailing();
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(badPoc.bytes())));
        BitWriter badChroma = new BitWriter().u(8, 0x67).u(8, 100).u(8, 0).u(8, 30)
                .ue(0).ue(4)                                  // chroma_format_idc 4 does not exist
                .ue(0).ue(0).u(1, 0).u(1, 0)
                .ue(0).ue(2).ue(1).u(1, 0).ue(39).ue(22).u(1, 1).u(1, 1).u(1, 0).u(1, 0).trailing();
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(badChroma.bytes())));
        // A width code of 40 leading zeros: more than any field holds.
        BitWriter huge = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0).u(8, 30)
                .ue(0).ue(0).ue(2).ue(1).u(1, 0)
                .u(40, 0).u(1, 1).u(40, 0)                    // pic_width_in_mbs_minus1
                .ue(22).u(1, 1).u(1, 1).u(1, 0).u(1, 0).trailing();
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(huge.bytes())));
        BitWriter cropAll = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0).u(8, 30)
                .ue(0).ue(0).ue(2).ue(1).u(1, 0).ue(39).ue(22).u(1, 1).u(1, 1)
                .u(1, 1).ue(0).ue(0).ue(184).ue(0)            // 368 rows cropped by 368
                .u(1, 0).trailing();
        assertEquals(-1, VideoCodec.H264.keyframeHeight(packet(cropAll.bytes())));
    }

    /** A Constrained Baseline SPS such as WebRTC encoders send; crops to sizes off the 16-pixel grid. */
    private static BitWriter baselineSps(int width, int height) {
        int mbWidth = (width + 15) / 16;
        int mbHeight = (height + 15) / 16;
        BitWriter w = new BitWriter()
                .u(8, 0x67)                                   // forbidden_zero_bit, nal_ref_idc 3, type 7
                .u(8, 66).u(8, 0xC0).u(8, 31)                 // Baseline, constraint_set0+1: Constrained; level 3.1
                .ue(0)                                        // seq_parameter_set_id
                .ue(0)                                        // log2_max_frame_num_minus4
                .ue(2)                                        // pic_order_cnt_type
                .ue(1)                                        // max_num_ref_frames
                .u(1, 0)                                      // gaps_in_frame_num_value_allowed_flag
                .ue(mbWidth - 1).ue(mbHeight - 1)             // pic_width_in_mbs_minus1, pic_height_in_map_units_minus1
                .u(1, 1)                                      // frame_mbs_only_flag
                .u(1, 1);                                     // direct_8x8_inference_flag
        int cropRight = (mbWidth * 16 - width) / 2;           // 4:2:0: offsets count chroma samples
        int cropBottom = (mbHeight * 16 - height) / 2;
        if (cropRight == 0 && cropBottom == 0) {
            w.u(1, 0).mark();
        } else {
            w.u(1, 1).ue(0).ue(cropRight).ue(0).ue(cropBottom).mark();
        }
        return w.u(1, 0).trailing();                          // vui_parameters_present_flag, rbsp_trailing_bits
    }

    private static void assertSize(int width, int height, byte[] spsNal) {
        RtpPacket p = packet(spsNal);
        assertEquals(width, VideoCodec.H264.keyframeWidth(p), "width");
        assertEquals(height, VideoCodec.H264.keyframeHeight(p), "height");
    }

    private static void unit(ByteArrayOutputStream stap, byte[] nal) {
        stap.write(nal.length >> 8);
        stap.write(nal.length);
        stap.writeBytes(nal);
    }

    /** ITU-T H.264 §7.4.1: a 0x03 goes in wherever two zero bytes precede a byte of 0 to 3. */
    private static byte[] escape(byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros == 2 && (b & 0xFF) <= 3) {
                out.write(0x03);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** Writes syntax elements most significant bit first: u(n), ue(v), se(v) of ITU-T H.264 §7.2. */

    private static boolean vp8(int... payload) {
        return VideoCodec.VP8.isKeyframe(packet(payload));
    }

    private static boolean h264(int... payload) {
        return VideoCodec.H264.isKeyframe(packet(payload));
    }

    private static RtpPacket packet(int... payload) {
        byte[] b = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            b[i] = (byte) payload[i];
        }
        return packet(b);
    }

    private static RtpPacket packet(byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = 96;
        System.arraycopy(payload, 0, b, 12, payload.length);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(Unpooled.wrappedBuffer(b)));
        return p;
    }
}
