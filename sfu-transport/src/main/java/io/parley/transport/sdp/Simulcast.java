package io.parley.transport.sdp;

import java.util.List;

/**
 * a=simulcast (RFC 8853 §5.1): the send and receive stream lists, each a list of alternatives
 * (rid ids with a paused '~' prefix removed).
 */
public record Simulcast(List<List<String>> send, List<List<String>> receive) {
    public Simulcast {
        send = List.copyOf(send);
        receive = List.copyOf(receive);
    }
}
