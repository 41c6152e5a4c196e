package io.parley.admin.signal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.parley.admin.auth.Grant;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.ExtensionIds;
import io.parley.core.room.MediaKind;
import io.parley.core.room.Participant;
import io.parley.core.room.ParticipantInput;
import io.parley.core.room.Room;
import io.parley.core.room.RepairStream;
import io.parley.core.room.RtpCodec;
import io.parley.core.room.Subscription;
import io.parley.core.room.Track;
import io.parley.transport.WebRtcTransport;
import io.parley.transport.ice.IceTransport;
import io.parley.transport.sdp.Codec;
import io.parley.transport.sdp.Direction;
import io.parley.transport.sdp.Fingerprint;
import io.parley.transport.sdp.IceCandidate;
import io.parley.transport.sdp.LocalIce;
import io.parley.transport.sdp.MediaAnswer;
import io.parley.transport.sdp.MediaSection;
import io.parley.transport.sdp.RtpExtensions;
import io.parley.transport.sdp.SdpWriter;
import io.parley.transport.sdp.SendStream;
import io.parley.transport.sdp.SessionDescription;

/**
 * Answers one participant's offers (the client always offers, docs/signaling.md) and brings the
 * room in line with them: m-lines the client sends on become its tracks, m-lines it lists as
 * subscriptions receive the named remote tracks, everything else is inactive. Runs on the room's
 * event loop.
 */
final class OfferAnswer {
    /** An offer the server cannot accept; the message goes back to the client. */
    static final class RejectedOffer extends Exception {
        RejectedOffer(String message) {
            super(message);
        }
    }

    private final Room room;
    private final Participant participant;
    private final WebRtcTransport transport;
    private final SignalingContext context;
    private final Grant grant;
    private String refused;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private long sessionVersion;
    private String remoteUfrag;
    /** The offer being answered allows one- and two-byte header extensions mixed (RFC 8285 §6). */
    private boolean allowMixed;

    /** For the participant that has joined on {@code place}. */
    OfferAnswer(Entrance.Place place, SignalingContext context, Grant grant) {
        this.grant = grant;
        this.room = place.room();
        this.participant = place.participant();
        this.transport = place.transport();
        this.context = context;
    }

    /**
     * @param wanted    subscribed mids to track ids, as the client sent them
     * @param onFailure called on the event loop when the transport fails later
     * @return the SDP answer
     */
    String answer(SessionDescription offer, Map<String, String> wanted, Consumer<String> onFailure)
            throws RejectedOffer {
        refused = null;
        allowMixed = offer.extmapAllowMixed();
        if (offer.media().isEmpty()) {
            throw new RejectedOffer("the offer has no m-lines");
        }
        startTransport(offer.transportSection(), onFailure);

        List<MediaAnswer> answers = new ArrayList<>();
        Set<String> subscribedTracks = new HashSet<>();
        ExtensionIds publishExtensions = participant.extensions();
        for (MediaSection m : offer.media()) {
            MediaAnswer a = answerOne(m, wanted, subscribedTracks);
            answers.add(a);
            if (a.direction() == Direction.RECVONLY && a.port() != 0) {
                publishExtensions = merge(publishExtensions, a);
            }
        }
        participant.setExtensions(publishExtensions);
        // A track whose m-line the offer no longer has is gone. JSEP (RFC 8829) keeps every m-line
        // in later offers, but a client that drops one must not leave its track, caches and SSRCs
        // behind.
        Set<String> offeredMids = new HashSet<>();
        for (MediaSection m : offer.media()) {
            offeredMids.add(m.mid());
        }
        for (Track t : new ArrayList<>(participant.tracks())) {
            if (!offeredMids.contains(t.mid())) {
                room.unpublish(t);
            }
        }
        for (Subscription s : new ArrayList<>(participant.subscriptions())) {
            if (!subscribedTracks.contains(s.track().id())) {
                room.unsubscribe(s);
            }
        }
        return SdpWriter.answer(sessionId, ++sessionVersion, localIce(), answers, offer.extmapAllowMixed());
    }

    private void startTransport(MediaSection m, Consumer<String> onFailure) throws RejectedOffer {
        Fingerprint fp = m.fingerprint();
        if (m.iceUfrag() == null || m.icePwd() == null) {
            throw new RejectedOffer("the offer has no ICE credentials");
        }
        if (fp == null || !"sha-256".equals(fp.algorithm())) {
            throw new RejectedOffer("the offer needs an a=fingerprint:sha-256 (RFC 8122)");
        }
        if (transport.isStarted()) {
            if (!m.iceUfrag().equals(remoteUfrag)) {
                throw new RejectedOffer("ICE restart is not supported; rejoin instead");
            }
            return;
        }
        remoteUfrag = m.iceUfrag();
        // Media goes from the transport straight into the room; signalling hears only of failure.
        transport.start(m.iceUfrag(), m.icePwd(), List.of(), fp.value(), new ParticipantInput(room, participant),
                onFailure);
    }

    /**
     * The simulcast layers a publisher sends by rid, in its a=simulcast order (RFC 8853 §5.1),
     * which is lowest resolution first for the clients we serve; only those we accepted.
     */
    private static List<String> sendRids(MediaSection m, MediaAnswer a) {
        List<String> accepted = new ArrayList<>();
        for (var r : a.recvRids()) {
            accepted.add(r.id());
        }
        List<String> out = new ArrayList<>();
        if (m.simulcast() != null) {
            for (List<String> alternatives : m.simulcast().send()) {
                if (!alternatives.isEmpty() && accepted.contains(alternatives.get(0))) {
                    out.add(alternatives.get(0));
                }
            }
        }
        return out;
    }

    /** Why the last answer turned m-lines inactive for lack of a grant, or null. */
    String refused() {
        return refused;
    }

    private MediaAnswer answerOne(MediaSection m, Map<String, String> wanted, Set<String> subscribedTracks) {
        boolean rtp = "audio".equals(m.kind()) || "video".equals(m.kind());
        if (!rtp || m.isRejected() || m.mid() == null) {
            return context.negotiator().reject(m);
        }
        String trackId = wanted.get(m.mid());
        if (trackId != null) {
            if (!grant.subscribe()) {
                refused = "this token may not subscribe";
                return context.negotiator().answerInactive(m);
            }
            return answerSubscription(m, trackId, subscribedTracks);
        }
        Track published = participant.trackByMid(m.mid());
        boolean sending = m.direction() == Direction.SENDONLY || m.direction() == Direction.SENDRECV;
        if (sending && (!grant.publish() || ("video".equals(m.kind()) && !grant.video()))) {
            refused = grant.publish() ? "this token may not publish video" : "this token may not publish";
            sending = false;
        }
        if (!sending) {
            if (published != null) {
                room.unpublish(published);
            }
            return context.negotiator().answerInactive(m);
        }
        MediaAnswer a = context.negotiator().answerPublish(m);
        if (a.port() == 0) {
            if (published != null) {
                room.unpublish(published);
            }
            return a;
        }
        if (published == null) {
            int maxLayers = context.admission().limits().layersPerTrack();
            if (m.primarySsrcs().size() > maxLayers || m.rids().size() > maxLayers) {
                context.admission().refusals().refused(Refusals.Limit.LAYERS_PER_TRACK);
                refused = "a track has at most " + maxLayers + " simulcast layers";
                return context.negotiator().answerInactive(m);
            }
            int maxTracks = context.admission().limits().tracksPerParticipant();
            if (participant.tracks().size() >= maxTracks) {
                // Every track costs each subscriber an m-line (parley.limits.media-sections) and a
                // packet cache here.
                context.admission().refusals().refused(Refusals.Limit.TRACKS_PER_PARTICIPANT);
                refused = "a participant publishes at most " + maxTracks + " tracks";
                return context.negotiator().answerInactive(m);
            }
            Codec c = a.primaryCodec();
            long[] ssrcs = m.primarySsrcs().stream().mapToLong(Long::longValue).toArray();
            room.publish(participant, m.mid(), MediaKind.fromSdp(m.kind()),
                    new RtpCodec(c.pt(), c.name(), c.clockRate(), c.channels(), c.fmtp()), ssrcs, sendRids(m, a));
        }
        return a;
    }

    private MediaAnswer answerSubscription(MediaSection m, String trackId, Set<String> subscribedTracks) {
        Track track = room.track(trackId);
        if (track == null || track.publisher() == participant || !track.kind().sdpName().equals(m.kind())
                || subscribedTracks.contains(trackId)) {
            return context.negotiator().answerInactive(m);
        }
        Subscription existing = participant.subscriptionTo(trackId);
        if (existing != null && !existing.mid().equals(m.mid())) {
            room.unsubscribe(existing);
            existing = null;
        }
        long ssrc = existing != null ? existing.ssrc() : room.newSsrc();
        long rtxSsrc = existing != null ? (existing.repair() == null ? 0 : existing.repair().ssrc())
                : track.kind() == MediaKind.VIDEO ? room.newSsrc() : 0;
        RtpCodec pc = track.codec();
        Codec publisherCodec = new Codec(pc.payloadType(), pc.name(), pc.clockRate(), pc.channels(), pc.fmtp(),
                List.of());
        SendStream stream = new SendStream(ssrc, track.publisher().id(), track.publisher().id(), track.id(), rtxSsrc);
        MediaAnswer a = context.negotiator().answerSubscribe(m, publisherCodec, stream, allowMixed);
        if (a.direction() != Direction.SENDONLY) {
            if (existing != null) {
                room.unsubscribe(existing);
            }
            return a;
        }
        subscribedTracks.add(trackId);
        if (a.extensionId(RtpExtensions.TRANSPORT_CC) > 0) {
            participant.setTransportCcId(a.extensionId(RtpExtensions.TRANSPORT_CC));
        }
        if (existing == null) {
            Codec c = a.primaryCodec();
            Codec rtx = a.codecs().size() > 1 ? a.codecs().get(1) : null;
            room.subscribe(participant, track, ssrc, m.mid(),
                    new RtpCodec(c.pt(), c.name(), c.clockRate(), c.channels(), c.fmtp()),
                    new ExtensionIds(id(a, RtpExtensions.MID), 0, 0, id(a, RtpExtensions.AUDIO_LEVEL), 0,
                            id(a, RtpExtensions.DEPENDENCY_DESCRIPTOR)),
                    rtx == null ? null : new RepairStream(rtx.pt(), rtxSsrc));
        }
        return a;
    }

    private static ExtensionIds merge(ExtensionIds known, MediaAnswer a) {
        return new ExtensionIds(
                pick(known.mid(), a.extensionId(RtpExtensions.MID)),
                pick(known.rid(), a.extensionId(RtpExtensions.RID)),
                pick(known.repairedRid(), a.extensionId(RtpExtensions.REPAIRED_RID)),
                pick(known.audioLevel(), a.extensionId(RtpExtensions.AUDIO_LEVEL)),
                pick(known.transportCc(), a.extensionId(RtpExtensions.TRANSPORT_CC)),
                pick(known.dependencyDescriptor(), a.extensionId(RtpExtensions.DEPENDENCY_DESCRIPTOR)));
    }

    private static int pick(int known, int offered) {
        return offered > 0 ? offered : known;
    }

    /** The answer's id for an extension, 0 when it was not negotiated. */
    private static int id(MediaAnswer a, String uri) {
        return Math.max(0, a.extensionId(uri));
    }

    private LocalIce localIce() {
        List<IceCandidate> candidates = new ArrayList<>();
        for (IceTransport.Candidate c : transport.iceCandidates()) {
            candidates.add(new IceCandidate(c.foundation(), 1, "udp", c.priority(), c.address(), c.port(), c.type()));
        }
        return new LocalIce(transport.iceUfrag(), transport.icePassword(), "sha-256", transport.fingerprint(),
                candidates);
    }
}
