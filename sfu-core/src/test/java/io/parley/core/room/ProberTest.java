package io.parley.core.room;

import static io.parley.core.room.RoomFixtures.deliver;
import static io.parley.core.room.RoomFixtures.rtp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.core.bwe.BandwidthEstimator;
import io.parley.core.room.RoomFixtures.FakeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probing a subscriber's link while video is held back: padding on the RTX stream, gaps that grow. */
class ProberTest {
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, "");
    private static final long RTX_SSRC = 0xABCL;
    private static final long MS = 1_000_000L;

    private final Room room = new Room("test", ImmediateEventExecutor.INSTANCE, new PooledByteBufAllocator(false),
            MediaSettings.defaults(), new RoomFixtures.RecordingListener(new ArrayList<>()));
    private final Participant alice = room.join("alice", "Alice", new FakeTransport());
    private final FakeTransport bobsLink = new FakeTransport();
    private final Participant bob = room.join("bob", "Bob", bobsLink);
    private final Track video = room.publish(alice, "1", MediaKind.VIDEO, VP8, new long[] {0x100L});
    private final Subscription sub = room.subscribe(bob, video, 0x900L, "v", VP8, ExtensionIds.NONE,
            new RepairStream(97, RTX_SSRC));
    private final BandwidthEstimator bandwidth = new BandwidthEstimator();
    private final Prober prober = new Prober("bob", room, bandwidth);

    @AfterEach
    void everyoneLeaves() {
        RoomFixtures.leaveAll(room);
    }

    @Test
    void aProbeSendsPaddingOnTheRepairStreamForAMomentAndAFailedOneDoublesTheGap() {
        deliver(room, alice, rtp(96, 1, 0, 0x100L, RoomFixtures.VP8_KEYFRAME), false);
        assertTrue(sub.hasSent(), "a carrier must have sent media first");
        long t = 10_000 * MS;
        prober.consider(List.of(sub), 100_000, false, t);
        assertNull(prober.carrier(), "nothing held back: no probe");

        prober.consider(List.of(sub), 100_000, true, t);
        assertSame(sub, prober.carrier());
        long padding = 2 * bandwidth.estimateBps() - 100_000;
        bobsLink.rtp.clear();
        prober.sendPadding(true, t + 20 * MS);
        long expected = padding * 20 / 1000 / 8 / Prober.PADDING_BYTES;
        assertTrue(expected > 0, "the default estimate leaves room for padding");
        assertEquals(expected, bobsLink.rtp.size(), "20 ms of padding at " + padding + " bit/s");
        for (byte[] p : bobsLink.rtp) {
            assertEquals(RTX_SSRC, RoomFixtures.ssrc(p), "on the repair stream");
            assertEquals(0x20, p[0] & 0x20, "padding bit set");
        }

        prober.sendPadding(true, t + 300 * MS);
        assertNull(prober.carrier(), "a probe lasts 250 ms");
        // The estimate did not rise: the next probe waits 2 s instead of 1.
        prober.consider(List.of(sub), 100_000, true, t + 301 * MS);
        prober.consider(List.of(sub), 100_000, true, t + 1_500 * MS);
        assertNull(prober.carrier(), "still within the doubled gap");
        prober.consider(List.of(sub), 100_000, true, t + 2_400 * MS);
        assertNotNull(prober.carrier(), "after the gap");
    }

    @Test
    void aProbeStopsWhenItsCarrierIsUnsubscribed() {
        deliver(room, alice, rtp(96, 1, 0, 0x100L, RoomFixtures.VP8_KEYFRAME), false);
        prober.consider(List.of(sub), 100_000, true, 0);
        assertSame(sub, prober.carrier());
        bobsLink.rtp.clear();
        prober.sendPadding(false, 20 * MS);
        assertNull(prober.carrier());
        assertTrue(bobsLink.rtp.isEmpty(), "no padding for a subscription that is gone");
    }
}
