package io.parley.transport;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A test hook that throws away a fraction of the RTP packets a transport sends, as a lossy
 * network would, so loss repair can be tested on loopback. Off (rate 0) in every shipped config.
 *
 * @param rate fraction of outgoing RTP packets to drop, 0 to 0.5
 */
public record SendLoss(double rate) {
    public static final SendLoss NONE = new SendLoss(0);

    public SendLoss {
        if (!(rate >= 0 && rate <= 0.5)) {
            throw new IllegalArgumentException("send loss must be between 0 and 0.5: " + rate);
        }
    }

    boolean dropNext() {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }
}
