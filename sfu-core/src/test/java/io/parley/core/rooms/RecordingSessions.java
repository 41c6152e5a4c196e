package io.parley.core.rooms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Sessions for the participants named in {@link #open}; writes down what the rooms asked of them. */
final class RecordingSessions implements MemberSessions {
    final Set<String> open = new HashSet<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public boolean terminate(String participantId, String reason) {
        if (!open.remove(participantId)) {
            return false;
        }
        asked.add("terminate " + participantId + ": " + reason);
        return true;
    }

    @Override
    public void tellEstimate(String participantId, long estimateBps) {
        asked.add("estimate " + participantId + " " + estimateBps);
    }
}
