package io.parley.core.room;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.parley.core.repair.PacketCache;
import io.parley.core.rtp.RtpPacket;
import io.parley.core.rtp.VideoCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One published audio or video source. It is sent once by its publisher, possibly as several RTP
 * streams (simulcast layers); this version forwards the first stream it sees, and layer choice per
 * subscriber is the job of a later layer selector.
 */
public final class Track {
    private static final Logger LOG = LoggerFactory.getLogger(Track.class);
    /** Keyframe requests to the publisher are at most this frequent, whatever the fan-out. */
    static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 300_000_000L;

    private final String id;
    private final MediaKind kind;
    private final Participant publisher;
    private final String mid;
    private final RtpCodec codec;
    private final VideoCodec videoCodec;
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** Recently forwarded packets for subscribers' NACKs; null for audio or with NACK off. */
    private final PacketCache cache;
    private long forwardedSsrc = -1;
    private boolean muted;
    /** Muted by an operator: the publisher cannot unmute it itself. */
    private boolean mutedByOperator;
    private long bytesIn;
    private long bytesAtLastSample;
    private long bitrateBps;
    /** Smoothed loudness from the RFC 6464 audio level extension, 0 (silence) .. 127 (loudest). */
    private double loudness;
    private long lastKeyframeRequestNanos;
    /** A keyframe was asked for and has not arrived: the request is repeated until it does. */
    private boolean keyframeWanted;

    Track(String id, MediaKind kind, Participant publisher, String mid, RtpCodec codec, MediaSettings settings) {
        this.id = id;
        this.kind = kind;
        this.publisher = publisher;
        this.mid = mid;
        this.codec = codec;
        this.videoCodec = kind == MediaKind.VIDEO ? VideoCodec.of(codec.name()) : VideoCodec.OTHER;
        this.cache = kind == MediaKind.VIDEO && settings.nack()
                ? new PacketCache(publisher.room().allocator(), settings.cachePackets(),
                        settings.cacheAgeMillis() * 1_000_000L)
                : null;
    }

    /** The packet cache answering NACKs, or null when this track's losses are not repaired. */
    PacketCache cache() {
        return cache;
    }

    /** Frees the packet cache; the track is gone. */
    void close() {
        if (cache != null) {
            cache.close();
        }
    }

    public String id() {
        return id;
    }

    public MediaKind kind() {
        return kind;
    }

    public Participant publisher() {
        return publisher;
    }

    /** The publisher's m-line this track arrives on. */
    public String mid() {
        return mid;
    }

    /** The codec as the publisher's link numbers it. */
    public RtpCodec codec() {
        return codec;
    }

    boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    public List<Subscription> subscriptions() {
        return Collections.unmodifiableList(subscriptions);
    }

    /** The source SSRC whose packets reach subscribers, or -1 before the first packet. */
    public long forwardedSsrc() {
        return forwardedSsrc;
    }

    void bindSsrc(long ssrc, long nowNanos) {
        if (forwardedSsrc < 0) {
            forwardedSsrc = ssrc;
            if (keyframeWanted) {
                requestKeyframe(nowNanos);
            }
        }
    }

    /** Whether an operator muted it; then only an operator unmutes it. */
    public boolean isMutedByOperator() {
        return mutedByOperator;
    }

    void setMutedByOperator(boolean mutedByOperator) {
        this.mutedByOperator = mutedByOperator;
    }

    /** What the publisher sends on all of the track's streams (simulcast layers too), bit/s. */
    public long bitrateBps() {
        return bitrateBps;
    }

    void received(int bytes) {
        bytesIn += bytes;
    }

    /** Turns the bytes since the last sample into a bitrate; called once per report interval. */
    void sampleBitrate(long elapsedNanos) {
        bitrateBps = elapsedNanos <= 0 ? 0 : (bytesIn - bytesAtLastSample) * 8 * 1_000_000_000L / elapsedNanos;
        bytesAtLastSample = bytesIn;
    }

    /** Whether the publisher muted it (microphone muted, camera off): nobody receives it. */
    public boolean isMuted() {
        return muted;
    }

    void setMuted(boolean muted, long nowNanos) {
        if (this.muted == muted) {
            return;
        }
        this.muted = muted;
        for (int i = 0, n = subscriptions.size(); i < n; i++) {
            subscriptions.get(i).pause();
        }
        if (!muted) {
            requestKeyframe(nowNanos);
        }
    }

    /** Smoothed loudness of an audio track, 0 when silent, muted or unknown. */
    double loudness() {
        return muted ? 0 : loudness;
    }

    void forward(RtpPacket packet, long nowNanos) {
        if (muted || packet.ssrc() != forwardedSsrc) {
            return;
        }
        if (kind == MediaKind.AUDIO) {
            trackLoudness(packet);
        }
        if (cache != null) {
            if (cache.contains(packet.ssrc(), packet.sequenceNumber())) {
                publisher.room().count(Counter.DUPLICATES);
                return;
            }
            cache.put(packet, nowNanos);
        }
        boolean keyframe = videoCodec != VideoCodec.OTHER && videoCodec.isKeyframe(packet);
        if (keyframe) {
            if (keyframeWanted && LOG.isDebugEnabled()) {
                LOG.debug("{}: keyframe {} ms after the request", id, (nowNanos - lastKeyframeRequestNanos) / 1_000_000);
            }
            keyframeWanted = false;
        } else if (keyframeWanted && nowNanos - lastKeyframeRequestNanos >= KEYFRAME_REQUEST_INTERVAL_NANOS) {
            sendKeyframeRequest(nowNanos);
        }
        List<Subscription> subs = subscriptions;
        for (int i = 0, n = subs.size(); i < n; i++) {
            subs.get(i).forward(packet, keyframe, nowNanos);
        }
    }

    /**
     * RFC 6464 §3: the level is -dBov, 0 the loudest, 127 silence. An exponential average over
     * about ten packets (200 ms of 20 ms frames) keeps single loud packets from winning.
     */
    private void trackLoudness(RtpPacket packet) {
        int id = publisher.extensions().audioLevel();
        int at = id > 0 ? packet.extensionOffset(id) : -1;
        if (at < 0) {
            return;
        }
        int level = packet.buffer().getUnsignedByte(at) & 0x7F;
        loudness += ((127 - level) - loudness) * 0.1;
    }

    /**
     * Asks the publisher for a keyframe (RFC 4585 §6.3.1 PLI), at most once per interval so that a
     * storm of subscriber requests becomes one upstream request. A request inside the interval is
     * not lost: it is sent when the interval ends if no keyframe came meanwhile, and so is a
     * repeat when the publisher's keyframe (or our PLI) went missing.
     */
    void requestKeyframe(long nowNanos) {
        if (kind != MediaKind.VIDEO) {
            return;
        }
        keyframeWanted = true;
        if (forwardedSsrc < 0 || (lastKeyframeRequestNanos != 0
                && nowNanos - lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL_NANOS)) {
            return;
        }
        sendKeyframeRequest(nowNanos);
    }

    private void sendKeyframeRequest(long nowNanos) {
        lastKeyframeRequestNanos = nowNanos;
        publisher.room().count(Counter.KEYFRAME_REQUESTS_SENT);
        publisher.sendPli(forwardedSsrc);
    }

    /** Whether subscribers must start at a keyframe: true for the video formats we can parse. */
    boolean startsAtKeyframe() {
        return videoCodec != VideoCodec.OTHER;
    }

    void add(Subscription subscription) {
        subscriptions.add(subscription);
    }

    void remove(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    @Override
    public String toString() {
        return "Track[" + id + " " + kind + "]";
    }
}
