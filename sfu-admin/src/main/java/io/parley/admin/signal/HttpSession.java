package io.parley.admin.signal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.auth.Grant;
import io.parley.admin.metrics.Refusals;
import io.parley.core.room.MediaKind;
import io.parley.core.room.Participant;
import io.parley.core.room.Room;
import io.parley.core.room.Track;
import io.parley.transport.sdp.Direction;
import io.parley.transport.sdp.MediaSection;
import io.parley.transport.sdp.SdpException;
import io.parley.transport.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant that exists as an HTTP resource: a WHIP publisher (RFC 9725) or a WHEP viewer of
 * one publisher. One offer, one answer (no renegotiation, no trickle: the answer carries our
 * candidates); it ends with DELETE on its resource, a transport failure, or the silence timeout.
 */
public final class HttpSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(HttpSession.class);

    /** What the HTTP handler turns into its response. */
    public record Answer(String participantId, String sdp) {}

    /** A request the session refuses, with the HTTP status to answer. */
    public static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** What a DELETE of a session's resource did. */
    public enum Ended { ENDED, NOT_FOUND, FORBIDDEN }

    private final SignalingContext context;
    /** Its identity is the owner's, whose token opened it: only they (or an admin) may end it. */
    private final Entrance.Place place;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile ScheduledFuture<?> expiry;

    private HttpSession(SignalingContext context, Entrance.Place place) {
        this.context = context;
        this.place = place;
    }

    /** Whether this grant may end the session: its owner's identity, or an admin's. */
    boolean mayBeEndedBy(Grant grant) {
        return grant.admin() || place.identity().equals(grant.identity());
    }

    /**
     * Joins the room and answers the offer. {@code publisherId} is null for WHIP (the offer's
     * send m-lines become tracks), else WHEP: the offer's receive m-lines get that publisher's
     * tracks, one per kind.
     */
    static CompletableFuture<Answer> open(SignalingContext context, String roomName, Grant grant, Instant now,
                                          String sdp, String publisherId) {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        SessionDescription offer;
        try {
            offer = check(context, roomName, grant, sdp, publisherId == null);
        } catch (Refused e) {
            return CompletableFuture.failedFuture(e);
        }
        Entrance.Place place;
        try {
            place = context.entrance().enter(roomName, grant.identity());
        } catch (LimitReached e) {
            // RFC 6585 §4: too many of this client's own; otherwise the server is full.
            int status = e.limit() == Refusals.Limit.SESSIONS_PER_IDENTITY ? 429 : 503;
            return CompletableFuture.failedFuture(new Refused(status, e.getMessage()));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new Refused(500, "cannot create a media transport"));
        }
        HttpSession session = new HttpSession(context, place);
        place.register(session);
        // WHIP and WHEP have no way to present a newer token: the session ends with this one.
        long millis = Math.max(0, Duration.between(now, grant.expires()).toMillis());
        Room room = place.room();
        session.expiry = room.loop().schedule(() -> session.end("the token expired"), millis, TimeUnit.MILLISECONDS);
        room.execute(() -> session.answer(grant, offer, publisherId, result));
        return result;
    }

    private static SessionDescription check(SignalingContext context, String roomName, Grant grant, String sdp,
                                            boolean publishing) throws Refused {
        if (context.isDraining()) {
            throw new Refused(503, "the server is shutting down");
        }
        if (!Entrance.ROOM_NAME.matcher(roomName).matches()) {
            throw new Refused(400, "room must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        if (!grant.allowsRoom(roomName)) {
            throw new Refused(403, "this token is for room '" + grant.room() + "'");
        }
        if (publishing ? !grant.publish() : !grant.subscribe()) {
            throw new Refused(403, publishing ? "this token may not publish" : "this token may not subscribe");
        }
        try {
            return context.admission().offer(sdp);
        } catch (SdpException e) {
            throw new Refused(400, "invalid SDP offer: " + e.getMessage());
        }
    }

    private void answer(Grant grant, SessionDescription offer, String publisherId, CompletableFuture<Answer> result) {
        if (terminated.get()) {
            result.completeExceptionally(new Refused(503, "ended before it started"));
            return;
        }
        Room room = place.room();
        Map<String, String> wanted = new LinkedHashMap<>();
        if (publisherId != null) {
            Participant publisher = room.participant(publisherId);
            if (publisher == null) {
                terminate("no such publisher");
                result.completeExceptionally(new Refused(404, "no participant '" + publisherId + "' in " + room.name()));
                return;
            }
            wanted = tracksFor(offer, publisher);
        }
        Participant participant = place.join(publisherId == null ? grant.identity() : grant.identity() + " (WHEP)");
        OfferAnswer offerAnswer = new OfferAnswer(place, context, grant);
        try {
            String sdp = offerAnswer.answer(offer, wanted, this::terminate);
            log.info("{} '{}' joined room {} over {}", place.id(), participant.name(), room.name(),
                    publisherId == null ? "WHIP" : "WHEP");
            result.complete(new Answer(place.id(), sdp));
        } catch (OfferAnswer.RejectedOffer e) {
            terminate("offer rejected");
            result.completeExceptionally(new Refused(400, e.getMessage()));
        }
    }

    /** The publisher's first track of each kind for the offer's receiving m-lines, in order. */
    private static Map<String, String> tracksFor(SessionDescription offer, Participant publisher) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (MediaSection m : offer.media()) {
            if (m.mid() == null || !(m.direction() == Direction.RECVONLY || m.direction() == Direction.SENDRECV)
                    || !("audio".equals(m.kind()) || "video".equals(m.kind()))) {
                continue;
            }
            for (Track t : publisher.tracks()) {
                if (t.kind() == MediaKind.fromSdp(m.kind()) && !wanted.containsValue(t.id())) {
                    wanted.put(m.mid(), t.id());
                    break;
                }
            }
        }
        return wanted;
    }

    String roomName() {
        return place.room().name();
    }

    @Override
    public void send(JsonNode message) {
        // An HTTP resource cannot be pushed to; WHIP/WHEP clients learn nothing mid-session.
    }

    @Override
    public void terminate(String reason) {
        end(reason);
    }

    /** Ends the session; false when it had ended already (a repeated DELETE finds nothing). */
    boolean end(String reason) {
        if (!terminated.compareAndSet(false, true)) {
            return false;
        }
        place.leave(reason);
        ScheduledFuture<?> e = expiry;
        if (e != null) {
            e.cancel(false);
        }
        return true;
    }
}
