package io.parley.core.room;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.parley.core.codec.FrameInfo;
import io.parley.core.codec.VideoCodec;
import io.parley.core.repair.PacketCache;
import io.parley.core.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One published audio or video source. It is sent once by its publisher, possibly as several RTP
 * streams (simulcast layers, lowest resolution first); every subscription picks the layer that
 * fits what its subscriber asked for and switches at that layer's keyframes.
 */
public final class Track {
    private static final Logger LOG = LoggerFactory.getLogger(Track.class);

    private final String id;
    private final MediaKind kind;
    private final Participant publisher;
    private final String mid;
    private final RtpCodec codec;
    /** What the packet being forwarded says about its frame. */
    private final FrameInfo frame;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Layer[] layers;
    /** Simulcast rids in layer order, empty when layers are told apart by SSRC alone. */
    private final List<String> rids;
    private boolean muted;
    /** Muted by an operator: the publisher cannot unmute it itself. */
    private boolean mutedByOperator;
    /** From the RFC 6464 audio levels of an audio track's packets. */
    private final Loudness loudness = new Loudness();

    /**
     * @param layerCount its RTP streams: 1, or the number of simulcast layers
     * @param rids       the layers' rids, lowest first, or empty
     */
    Track(String id, MediaKind kind, Participant publisher, String mid, RtpCodec codec, MediaSettings settings,
          int layerCount, List<String> rids) {
        this.id = id;
        this.kind = kind;
        this.publisher = publisher;
        this.mid = mid;
        this.codec = codec;
        this.rids = List.copyOf(rids);
        this.layers = new Layer[Math.max(1, layerCount)];
        this.frame = new FrameInfo(kind == MediaKind.VIDEO ? VideoCodec.of(codec.name()) : VideoCodec.OTHER,
                layers.length);
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(i, kind == MediaKind.VIDEO && settings.nack()
                    ? new PacketCache(publisher.room().allocator(), settings.cachePackets(),
                            settings.cacheAgeMillis() * 1_000_000L)
                    : null);
        }
    }

    /** The packet cache of one layer, or null when this track's losses are not repaired. */
    PacketCache cache(int layer) {
        return layers[layer].cache;
    }

    /** Frees the packet caches; the track is gone. */
    void close() {
        for (Layer l : layers) {
            if (l.cache != null) {
                l.cache.close();
            }
        }
    }

    public int layerCount() {
        return layers.length;
    }

    /** The source SSRC of a layer, or -1 before it was seen. */
    public long layerSsrc(int layer) {
        return layers[layer].ssrc;
    }

    /** A layer's picture height from its last keyframe, 0 while unknown. */
    public int layerHeight(int layer) {
        return layers[layer].height;
    }

    /** The layer a simulcast rid names, or 0 for an unknown or absent rid (one-layer tracks). */
    int layerOfRid(String rid) {
        int i = rid == null ? -1 : rids.indexOf(rid);
        return i < 0 || i >= layers.length ? 0 : i;
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

    /**
     * A stream of this track was identified (declared in SDP, or by its mid and rid). A new SSRC
     * for a layer replaces the old one: the publisher restarted that stream.
     */
    void bindSsrc(long ssrc, int layer, long nowNanos) {
        Layer l = layers[layer];
        l.ssrc = ssrc;
        if (l.keyframes.isWanted()) {
            requestKeyframe(layer, nowNanos);
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
        long sum = 0;
        for (Layer l : layers) {
            sum += l.bitrateBps;
        }
        return sum;
    }

    /** Turns each layer's bytes since the last sample into its bitrate; once per report interval. */
    void sampleBitrate(long elapsedNanos) {
        for (Layer l : layers) {
            l.sampleBitrate(elapsedNanos);
        }
    }

    /** What one layer's frames up to a temporal layer take, bit/s (0 until measured). */
    long layerBitrateBps(int layer, int temporal) {
        return layers[layer].bitrateBps(temporal);
    }

    /** The temporal layers a layer was seen with: 1 without temporal scalability. */
    public int temporalLayerCount(int layer) {
        return layers[layer].temporalLayers;
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
            for (int i = 0, n = subscriptions.size(); i < n; i++) {
                subscriptions.get(i).requestKeyframe();
            }
        }
    }

    /** Smoothed loudness of an audio track, 0 when silent, muted or unknown. */
    double loudness() {
        return muted ? 0 : loudness.value();
    }

    /** One packet of one layer: cached, checked for a keyframe, offered to every subscription. */
    void forward(RtpPacket packet, int layerIndex, long nowNanos) {
        Layer layer = layers[layerIndex];
        if (packet.ssrc() != layer.ssrc) {
            return;
        }
        int descriptorId = publisher.extensions().dependencyDescriptor();
        frame.read(packet, layerIndex, descriptorId);
        if (kind == MediaKind.VIDEO) {
            PacketDump.capture(id, packet, descriptorId);
        }
        int temporalId = frame.temporalId();
        if (muted) {
            layer.received(packet.length(), temporalId);
            return;
        }
        layer.lastPacketNanos = nowNanos;
        if (kind == MediaKind.AUDIO) {
            loudness.hear(packet, publisher.extensions().audioLevel());
        }
        if (layer.cache != null) {
            if (layer.cache.contains(packet.ssrc(), packet.sequenceNumber())) {
                publisher.room().count(Counter.DUPLICATES);
                return;
            }
            layer.cache.put(packet, nowNanos);
        }
        if (packet.payloadLength() > 0) {
            // Media only: padding (the publisher probing its uplink) is not what forwarding costs.
            layer.received(packet.length(), temporalId);
        }
        if (frame.keyframe()) {
            keyframeArrived(layer, frame.height(), nowNanos);
        } else if (layer.keyframes.repeatDue(nowNanos)) {
            sendKeyframeRequest(layer);
        }
        List<Subscription> subs = subscriptions;
        for (int i = 0, n = subs.size(); i < n; i++) {
            subs.get(i).forward(packet, layerIndex, frame, nowNanos);
        }
    }

    private void keyframeArrived(Layer layer, int height, long nowNanos) {
        if (layer.keyframes.arrived() && LOG.isDebugEnabled()) {
            LOG.debug("{}: keyframe of layer {} {} ms after the request", id, layer.index,
                    layer.keyframes.sinceLastSentNanos(nowNanos) / 1_000_000);
        }
        if (height > 0 && height != layer.height) {
            layer.height = height;
            selectLayers(nowNanos);
        }
    }

    /** Lets every subscription pick its layer again (sizes, activity or wishes changed). */
    void selectLayers(long nowNanos) {
        if (layers.length < 2) {
            return;
        }
        for (int i = 0, n = subscriptions.size(); i < n; i++) {
            subscriptions.get(i).selectLayer(nowNanos);
        }
    }

    /**
     * The layer for a subscriber that wants at most {@code maxHeight} pixels: the smallest active
     * layer at least that tall, else the tallest active one below it. Layers that paused (a
     * publisher drops its top layers when its uplink is short) are skipped; with none active,
     * the highest layer seen. Only layers up to {@code highest} count (what the subscriber's
     * bandwidth and its own choice allow).
     */
    int chooseLayer(int maxHeight, int highest, long nowNanos) {
        int best = -1;
        for (int i = 0; i <= Math.min(highest, layers.length - 1); i++) {
            Layer l = layers[i];
            if (!l.isActive(nowNanos)) {
                continue;
            }
            best = i;
            if (maxHeight != Integer.MAX_VALUE && l.height >= maxHeight) {
                return i;
            }
        }
        if (best >= 0) {
            return best;
        }
        for (int i = Math.min(highest, layers.length - 1); i >= 0; i--) {
            if (layers[i].ssrc >= 0) {
                return i;
            }
        }
        return layers.length - 1;
    }

    /** Asks the publisher for a keyframe of one layer, throttled by {@link KeyframeRequests}. */
    void requestKeyframe(int layerIndex, long nowNanos) {
        if (kind != MediaKind.VIDEO) {
            return;
        }
        Layer layer = layers[layerIndex];
        if (layer.keyframes.request(nowNanos, layer.ssrc >= 0)) {
            sendKeyframeRequest(layer);
        }
    }

    private void sendKeyframeRequest(Layer layer) {
        publisher.room().count(Counter.KEYFRAME_REQUESTS_SENT);
        publisher.sendPli(layer.ssrc);
    }

    /** Whether subscribers must start at a keyframe: true for the video formats we can parse. */
    boolean startsAtKeyframe() {
        return frame.codec().knowsKeyframes();
    }

    /** The video format its packets are read as ({@link VideoCodec#OTHER} for audio). */
    VideoCodec videoCodec() {
        return frame.codec();
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
