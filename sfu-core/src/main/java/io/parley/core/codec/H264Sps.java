package io.parley.core.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads the picture size from an H.264 sequence parameter set NAL unit (ITU-T H.264 §7.3.2.1.1),
 * in place. Its RBSP is the unit's payload minus the emulation prevention bytes (§7.4.1: a 0x03
 * following two zero bytes is not part of the RBSP), which the bit reads step over. So that
 * nothing is allocated, each read takes and returns a long holding the next bit's offset from the
 * start of the NAL unit in its low 32 bits and the value read in its high 32; {@link #NO_SPS}
 * marks a read past the end or an implausible code, and every later read passes it on, so the
 * parse checks once at the end.
 */
final class H264Sps {
    private static final long NO_SPS = -1;
    /** Larger than any RTP payload: keeps bit offsets within 31 bits. */
    private static final int MAX_NAL_BYTES = 1 << 24;
    /** §7.3.2.1.1: the profiles whose SPS carries chroma format, bit depths and scaling lists. */
    private static final int[] CHROMA_INFO_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

    private H264Sps() {
    }

    /** The width of a {@link #size}. */
    static int width(long size) {
        return (int) (size >>> 32);
    }

    /** The height of a {@link #size}. */
    static int height(long size) {
        return (int) size;
    }

    /**
     * The picture size of the SPS NAL unit {@code [nal, end)} as width << 32 | height, or -1 when
     * it is malformed: §7.3.2.1.1 seq_parameter_set_data up to the frame cropping, and the size it
     * implies (§7.4.2.1.1): macroblocks of 16 luma samples, field-coded map units counting double,
     * minus the cropping in chroma-dependent units.
     */
    static long size(ByteBuf buf, int nal, int end) {
        if (end - nal > MAX_NAL_BYTES) {
            return -1;
        }
        long s = readBits(buf, nal, end, 8, 8);                 // after the NAL header: profile_idc
        int profile = value(s);
        s = readBits(buf, nal, end, s, 16);                     // constraint_set0..5_flag, reserved, level_idc
        s = readUe(buf, nal, end, s);                           // seq_parameter_set_id
        int chromaFormat = 1;                                   // 4:2:0 when not stated
        boolean separateColourPlanes = false;
        if (hasChromaInfo(profile)) {
            s = readUe(buf, nal, end, s);                       // chroma_format_idc
            chromaFormat = value(s);
            if (chromaFormat == 3) {
                s = readBits(buf, nal, end, s, 1);              // separate_colour_plane_flag
                separateColourPlanes = value(s) == 1;
            }
            s = readUe(buf, nal, end, s);                       // bit_depth_luma_minus8
            s = readUe(buf, nal, end, s);                       // bit_depth_chroma_minus8
            s = readBits(buf, nal, end, s, 1);                  // qpprime_y_zero_transform_bypass_flag
            s = readBits(buf, nal, end, s, 1);                  // seq_scaling_matrix_present_flag
            if (value(s) == 1) {
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    s = readBits(buf, nal, end, s, 1);          // seq_scaling_list_present_flag[i]
                    if (value(s) == 1) {
                        s = skipScalingList(buf, nal, end, s, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        s = readUe(buf, nal, end, s);                           // log2_max_frame_num_minus4
        s = readUe(buf, nal, end, s);                           // pic_order_cnt_type
        int pocType = value(s);
        if (pocType == 0) {
            s = readUe(buf, nal, end, s);                       // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            s = readBits(buf, nal, end, s, 1);                  // delta_pic_order_always_zero_flag
            s = readUe(buf, nal, end, s);                       // offset_for_non_ref_pic, se(v)
            s = readUe(buf, nal, end, s);                       // offset_for_top_to_bottom_field, se(v)
            s = readUe(buf, nal, end, s);                       // num_ref_frames_in_pic_order_cnt_cycle
            for (int i = value(s); i > 0 && s >= 0; i--) {
                s = readUe(buf, nal, end, s);                   // offset_for_ref_frame[i], se(v)
            }
        }
        s = readUe(buf, nal, end, s);                           // max_num_ref_frames
        s = readBits(buf, nal, end, s, 1);                      // gaps_in_frame_num_value_allowed_flag
        s = readUe(buf, nal, end, s);                           // pic_width_in_mbs_minus1
        long widthInMbs = value(s) + 1L;
        s = readUe(buf, nal, end, s);                           // pic_height_in_map_units_minus1
        long heightInMapUnits = value(s) + 1L;
        s = readBits(buf, nal, end, s, 1);                      // frame_mbs_only_flag
        int fieldFactor = 2 - value(s);                         // map units are field pairs unless frame-only
        if (fieldFactor == 2) {
            s = readBits(buf, nal, end, s, 1);                  // mb_adaptive_frame_field_flag
        }
        s = readBits(buf, nal, end, s, 1);                      // direct_8x8_inference_flag
        s = readBits(buf, nal, end, s, 1);                      // frame_cropping_flag
        long cropX = 0;
        long cropY = 0;
        if (value(s) == 1) {
            s = readUe(buf, nal, end, s);                       // frame_crop_left_offset
            cropX = value(s);
            s = readUe(buf, nal, end, s);                       // frame_crop_right_offset
            cropX += value(s);
            s = readUe(buf, nal, end, s);                       // frame_crop_top_offset
            cropY = value(s);
            s = readUe(buf, nal, end, s);                       // frame_crop_bottom_offset
            cropY += value(s);
        }
        if (s < 0 || chromaFormat > 3 || pocType > 2) {
            return -1;
        }
        // §7.4.2.1.1 CropUnitX/CropUnitY: offsets count luma samples without chroma planes
        // (ChromaArrayType 0), else chroma samples: SubWidthC is 1 for 4:4:4, 2 otherwise;
        // SubHeightC 2 for 4:2:0 only. Vertically both double for field-coded pictures.
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
        int cropUnitX = chromaArrayType == 0 || chromaArrayType == 3 ? 1 : 2;
        int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * fieldFactor;
        long width = 16 * widthInMbs - cropUnitX * cropX;
        long height = 16 * fieldFactor * heightInMapUnits - cropUnitY * cropY;
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return -1;
        }
        return width << 32 | height;
    }

    private static boolean hasChromaInfo(int profile) {
        for (int p : CHROMA_INFO_PROFILES) {
            if (p == profile) {
                return true;
            }
        }
        return false;
    }

    /**
     * §7.3.2.1.1.1 scaling_list(): delta_scale se(v) per coefficient, until the list is complete
     * or a next scale of 0 says the rest repeats the last one.
     */
    private static long skipScalingList(ByteBuf buf, int nal, int end, long s, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0 && s >= 0; j++) {
            s = readUe(buf, nal, end, s);
            int codeNum = value(s);
            int delta = (codeNum & 1) == 1 ? (codeNum + 1) / 2 : -(codeNum / 2);   // §9.1.1 se(v) mapping
            next = Math.floorMod(last + delta, 256);
            if (next != 0) {
                last = next;
            }
        }
        return s;
    }

    /**
     * §9.1 ue(v): leading zero bits, a one, then as many bits. Codes of more than 30 leading
     * zeros (values of 2^31 - 1 and above) fit no field read here and count as malformed.
     */
    private static long readUe(ByteBuf buf, int nal, int end, long s) {
        int zeros = 0;
        s = readBits(buf, nal, end, s, 1);
        while (s >= 0 && value(s) == 0) {
            if (++zeros > 30) {
                return NO_SPS;
            }
            s = readBits(buf, nal, end, s, 1);
        }
        s = readBits(buf, nal, end, s, zeros);
        return s < 0 ? NO_SPS : ((1L << zeros) - 1 + value(s)) << 32 | offset(s);
    }

    /**
     * The next {@code n} ≤ 31 RBSP bits as an unsigned value. Entering a byte, skips it when it is
     * an emulation prevention byte: 0x03 after two zero bytes of the NAL unit's payload (§7.3.1).
     * A skipped byte is no zero, so the two zeros before a later one cannot include it.
     */
    private static long readBits(ByteBuf buf, int nal, int end, long s, int n) {
        if (s < 0) {
            return NO_SPS;
        }
        int offset = offset(s);
        long value = 0;
        for (int k = 0; k < n; k++, offset++) {
            int i = nal + (offset >>> 3);
            if ((offset & 7) == 0 && offset >= 24 && i < end && buf.getUnsignedByte(i) == 0x03
                    && buf.getUnsignedByte(i - 1) == 0 && buf.getUnsignedByte(i - 2) == 0) {
                offset += 8;
                i++;
            }
            if (i >= end) {
                return NO_SPS;
            }
            value = value << 1 | (buf.getUnsignedByte(i) >>> (7 - (offset & 7))) & 1;
        }
        return value << 32 | offset;
    }

    private static int value(long s) {
        return (int) (s >>> 32);
    }

    private static int offset(long s) {
        return (int) s;
    }
}
