package io.parley.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VideoCodecTest {
    @Test
    void namesMapCaseInsensitively() {
        assertEquals(VideoCodec.VP8, VideoCodec.of("vp8"));
        assertEquals(VideoCodec.H264, VideoCodec.of("H264"));
        assertEquals(VideoCodec.VP9, VideoCodec.of("Vp9"));
        assertEquals(VideoCodec.AV1, VideoCodec.of("av1"));
        assertEquals(VideoCodec.OTHER, VideoCodec.of("H265"));
        assertEquals(VideoCodec.OTHER, VideoCodec.of("opus"));
        assertEquals(VideoCodec.OTHER, VideoCodec.of("other"), "OTHER is no SDP name");
        assertEquals(VideoCodec.OTHER, VideoCodec.of(null));
    }

    @Test
    void onlyFormatsWeReadHaveKeyframesAndOnlyVp8AndVp9NumberPictures() {
        for (VideoCodec codec : VideoCodec.values()) {
            assertEquals(codec != VideoCodec.OTHER, codec.knowsKeyframes(), codec.name());
            assertEquals(codec == VideoCodec.VP8 || codec == VideoCodec.VP9, codec.numbersPictures(), codec.name());
        }
        assertTrue(VideoCodec.VP8.closesPictureGaps());
        assertFalse(VideoCodec.VP9.closesPictureGaps(), "P_DIFF and picture groups count in VP9's PictureIDs");
    }
}
