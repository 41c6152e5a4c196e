package io.parley.transport.sdp;

import java.util.List;

/** a=ssrc-group (RFC 5576 §4.2), e.g. FID (primary, RTX) or SIM. */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}
