package io.parley.core.forward;

import io.netty.buffer.ByteBuf;
import io.parley.core.codec.PictureFields;
import io.parley.core.codec.VideoCodec;
import io.parley.core.codec.Vp8Payload;
import io.parley.core.codec.Vp9Descriptor;

/**
 * A {@link PictureNumbering} fed raw VP8 or VP9 payloads: each is read by its format's reader, as
 * a track reads its packets, and numbered where the reader found its picture numbers.
 */
final class DescriptorNumbering {
    private final VideoCodec codec;
    private final PictureNumbering numbering;
    private final Vp8Payload vp8 = new Vp8Payload();
    private final Vp9Descriptor vp9 = new Vp9Descriptor();

    DescriptorNumbering(VideoCodec codec) {
        this.codec = codec;
        this.numbering = new PictureNumbering(codec);
    }

    /** See {@link PictureNumbering#rewrite}; the payload is {@code [at, end)}. */
    int rewrite(ByteBuf buf, int at, int end) {
        return numbering.rewrite(read(buf, at, end), buf, at);
    }

    void skip(ByteBuf buf, int at, int end) {
        numbering.skip(read(buf, at, end));
    }

    int fate(ByteBuf buf, int at, int end) {
        return numbering.fate(read(buf, at, end));
    }

    void switchSource() {
        numbering.switchSource();
    }

    int deltas() {
        return numbering.deltas();
    }

    /** See {@link PictureNumbering#apply}. */
    void apply(ByteBuf buf, int at, int end, int deltas) {
        PictureNumbering.apply(read(buf, at, end), buf, at, deltas);
    }

    private PictureFields read(ByteBuf buf, int at, int end) {
        if (codec == VideoCodec.VP8) {
            vp8.parse(buf, at, end);
            return vp8.pictures();
        }
        vp9.parse(buf, at, end);
        return vp9.pictures();
    }
}
