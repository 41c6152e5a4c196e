package io.parley.admin.signal;

import java.util.HashMap;
import java.util.Map;

import io.parley.admin.config.ParleyConfig;
import io.parley.admin.metrics.Refusals;
import io.parley.transport.sdp.SdpException;
import io.parley.transport.sdp.SessionDescription;

/**
 * Who may take a place in a room: at most {@code sessions-per-identity} sessions in rooms at once
 * per token subject, so one leaked or shared token cannot fill the server; and which offers a
 * session may make. Rooms and their sizes are bounded where rooms
 * are made ({@link io.parley.core.rooms.RoomRegistry#acquire}).
 */
public final class Admission {
    private final ParleyConfig.Limits limits;
    private final Refusals refusals;
    private final Map<String, Integer> sessionsByIdentity = new HashMap<>();

    public Admission(ParleyConfig.Limits limits, Refusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
    }

    ParleyConfig.Limits limits() {
        return limits;
    }

    Refusals refusals() {
        return refusals;
    }

    /** Takes a place for this identity; false (and counted) when it has all it may have. */
    synchronized boolean enter(String identity) {
        int now = sessionsByIdentity.getOrDefault(identity, 0);
        if (now >= limits.sessionsPerIdentity()) {
            refusals.refused(Refusals.Limit.SESSIONS_PER_IDENTITY);
            return false;
        }
        sessionsByIdentity.put(identity, now + 1);
        return true;
    }

    /** A client's offer, parsed within the configured size and m-lines; one over the m-lines is counted. */
    SessionDescription offer(String sdp) throws SdpException {
        try {
            return SessionDescription.parse(sdp, limits.messageBytes(), limits.mediaSections());
        } catch (SdpException e) {
            if (e.tooManyMediaSections()) {
                refusals.refused(Refusals.Limit.MEDIA_SECTIONS);
            }
            throw e;
        }
    }

    /** Gives back a place {@link #enter} took. */
    synchronized void leave(String identity) {
        sessionsByIdentity.computeIfPresent(identity, (k, n) -> n > 1 ? n - 1 : null);
    }
}
