package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Picture sizes from H.264 sequence parameter sets (ITU-T H.264 §7.3.2.1.1, §7.4.2.1.1). */
class H264SpsTest {
    /** Where the NAL unit starts in the test buffers. */
    private static final int AT = 12;

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
    void truncatedSpsAtEveryLengthHasNoSize() {
        for (int height : new int[] {360, 1080}) {
            BitWriter w = baselineSps(640, height);
            byte[] sps = w.bytes();
            int needed = (w.marked + 7) / 8;                  // through the last field read
            assertTrue(needed > 5 && needed <= sps.length);
            for (int length = 0; length <= sps.length; length++) {
                byte[] truncated = Arrays.copyOf(sps, length);
                assertEquals(length < needed ? -1 : height, height(truncated), "length " + length);
                assertEquals(length < needed ? -1 : 640, width(truncated), "length " + length);
            }
        }
    }

    @Test
    void malformedSpsHasNoSize() {
        BitWriter badPoc = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0).u(8, 30)
                .ue(0).ue(0).ue(3)                            // pic_order_cnt_type 3 does not exist
                .ue(1).u(1, 0).ue(39).ue(22).u(1, 1).u(1, 1).u(1, 0).u(1, 0).trailing();
        assertEquals(-1, height(badPoc.bytes()));
        BitWriter badChroma = new BitWriter().u(8, 0x67).u(8, 100).u(8, 0).u(8, 30)
                .ue(0).ue(4)                                  // chroma_format_idc 4 does not exist
                .ue(0).ue(0).u(1, 0).u(1, 0)
                .ue(0).ue(2).ue(1).u(1, 0).ue(39).ue(22).u(1, 1).u(1, 1).u(1, 0).u(1, 0).trailing();
        assertEquals(-1, height(badChroma.bytes()));
        // A width code of 40 leading zeros: more than any field holds.
        BitWriter huge = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0).u(8, 30)
                .ue(0).ue(0).ue(2).ue(1).u(1, 0)
                .u(40, 0).u(1, 1).u(40, 0)                    // pic_width_in_mbs_minus1
                .ue(22).u(1, 1).u(1, 1).u(1, 0).u(1, 0).trailing();
        assertEquals(-1, height(huge.bytes()));
        BitWriter cropAll = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0).u(8, 30)
                .ue(0).ue(0).ue(2).ue(1).u(1, 0).ue(39).ue(22).u(1, 1).u(1, 1)
                .u(1, 1).ue(0).ue(0).ue(184).ue(0)            // 368 rows cropped by 368
                .u(1, 0).trailing();
        assertEquals(-1, height(cropAll.bytes()));
    }

    /** A Constrained Baseline SPS such as WebRTC encoders send; crops to sizes off the 16-pixel grid. */
    static BitWriter baselineSps(int width, int height) {
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
        assertEquals(width, width(spsNal), "width");
        assertEquals(height, height(spsNal), "height");
    }

    private static int width(byte[] spsNal) {
        long size = size(spsNal);
        return size < 0 ? -1 : H264Sps.width(size);
    }

    private static int height(byte[] spsNal) {
        long size = size(spsNal);
        return size < 0 ? -1 : H264Sps.height(size);
    }

    /** The unit behind zero bytes, which a reader looking before it would take for emulation prevention. */
    private static long size(byte[] spsNal) {
        ByteBuf buf = Unpooled.buffer(AT + spsNal.length).writeZero(AT).writeBytes(spsNal);
        return H264Sps.size(buf, AT, AT + spsNal.length);
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
}
