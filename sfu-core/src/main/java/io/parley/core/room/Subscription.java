package io.parley.core.room;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.parley.core.forward.StreamRewriter;
import io.parley.core.rtp.RtpHeaderWriter;
import io.parley.core.rtp.RtpPacket;

/**
 * One subscriber's view of one track: the stable SSRC announced in the subscriber's SDP, its own
 * payload type and header extension numbering, and the sequence/timestamp rewriting that keeps
 * the stream continuous.
 */
public final class Subscription {
    /** Room for the SRTP auth tag (16 bytes for AEAD_AES_128_GCM, RFC 7714 §7.2): no regrowth. */
    static final int SRTP_TAILROOM = 16;
    /** One-byte header extensions we may write: header + mid + audio level, padded. */
    private static final int MAX_EXTENSION_BYTES = 4 + 17 + 2 + 3;

    private final Participant subscriber;
    private final Track track;
    private final long ssrc;
    private final String mid;
    private final byte[] midValue;
    private final RtpCodec codec;
    private final ExtensionIds extensions;
    private final StreamRewriter rewriter;
    private boolean muted;
    /** Video restarts (new subscriber, resume after a pause) at a keyframe the decoder can use. */
    private boolean waitingForKeyframe;

    Subscription(Participant subscriber, Track track, long ssrc, String mid, RtpCodec codec,
                 ExtensionIds extensions, int initialSeq, long initialTimestamp) {
        this.subscriber = subscriber;
        this.track = track;
        this.ssrc = ssrc;
        this.mid = mid;
        this.midValue = mid.getBytes(StandardCharsets.US_ASCII);
        this.codec = codec;
        this.extensions = extensions;
        this.rewriter = new StreamRewriter(codec.clockRate(), initialSeq, initialTimestamp);
        this.waitingForKeyframe = track.startsAtKeyframe();
    }

    public Participant subscriber() {
        return subscriber;
    }

    public Track track() {
        return track;
    }

    /** The SSRC this subscriber sees for the track. */
    public long ssrc() {
        return ssrc;
    }

    /** The subscriber's m-line that receives the track. */
    public String mid() {
        return mid;
    }

    public RtpCodec codec() {
        return codec;
    }

    /** Whether this subscriber muted the track for itself only. */
    public boolean isMuted() {
        return muted;
    }

    /**
     * Stops or resumes sending the track to this subscriber only. Resuming continues the
     * numbering without a gap and asks for a keyframe so video restarts at once.
     */
    public void setMuted(boolean muted) {
        if (this.muted == muted) {
            return;
        }
        this.muted = muted;
        pause();
        if (!muted) {
            requestKeyframe();
        }
    }

    /**
     * The stream stops here for a while (muted by either side): the numbering continues across
     * the pause, and video resumes at a keyframe since the decoder missed its references.
     */
    void pause() {
        rewriter.pause();
        waitingForKeyframe = track.startsAtKeyframe();
    }

    /** Asks the publisher for a keyframe, e.g. when the subscriber's transport just came up. */
    public void requestKeyframe() {
        track.requestKeyframe(System.nanoTime());
    }

    /**
     * Writes the subscriber's copy of one packet: a fresh header in the subscriber's numbering,
     * the header extensions the subscriber negotiated, then the payload (and padding) as is.
     */
    void forward(RtpPacket packet, boolean keyframe, long nowNanos) {
        if (muted || (waitingForKeyframe && !keyframe)) {
            return;
        }
        waitingForKeyframe = false;
        rewriter.rewrite(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), nowNanos);
        int body = packet.length() - packet.headerLength();
        ByteBuf out = subscriber.room().allocator()
                .buffer(12 + MAX_EXTENSION_BYTES + body + SRTP_TAILROOM);
        int start = out.writerIndex();
        RtpHeaderWriter.writeFixedHeader(out, packet.hasPadding(), packet.marker(), codec.payloadType(),
                rewriter.sequenceNumber(), rewriter.timestamp(), ssrc);
        int block = RtpHeaderWriter.beginExtensions(out);
        if (extensions.mid() > 0) {
            RtpHeaderWriter.addExtension(out, extensions.mid(), midValue);
        }
        int levelIn = track.publisher().extensions().audioLevel();
        if (extensions.audioLevel() > 0 && levelIn > 0) {
            int at = packet.extensionOffset(levelIn);
            if (at >= 0) {
                RtpHeaderWriter.addExtension(out, extensions.audioLevel(), packet.buffer(), at,
                        packet.extensionLength(levelIn));
            }
        }
        RtpHeaderWriter.endExtensions(out, start, block);
        out.writeBytes(packet.buffer(), packet.payloadOffset(), body);
        subscriber.transport().sendRtp(out);
    }

    @Override
    public String toString() {
        return "Subscription[" + subscriber.id() + " <- " + track.id() + " ssrc=" + ssrc + "]";
    }
}
