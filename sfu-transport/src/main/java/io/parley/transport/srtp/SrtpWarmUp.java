package io.parley.transport.srtp;

import java.util.concurrent.atomic.LongAdder;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Makes jitsi-srtp choose its AES implementations before the first participant needs them. On the
 * first cipher of each kind (GCM, CTR) it benchmarks every JCE provider it knows, for seconds,
 * holding a lock every other cipher creation waits on: without this, the first subscriber's
 * first RTCP packet stalled its room's event loop for 2.4 s (measured in RelayIT on 2 cores).
 */
public final class SrtpWarmUp {
    private SrtpWarmUp() {
    }

    /** Protects and unprotects one RTP and one RTCP packet with every profile; blocks until done. */
    public static void run() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = SrtpKeys.fromExported(profile, new byte[2 * (profile.keyLength() + profile.saltLength())]);
            SrtpSession client = new SrtpSession(keys, true, new LongAdder());
            SrtpSession server = new SrtpSession(keys, false, new LongAdder());
            try {
                roundTrip(client, server, false);
                roundTrip(client, server, true);
            } finally {
                client.close();
                server.close();
            }
        }
    }

    private static void roundTrip(SrtpSession from, SrtpSession to, boolean rtcp) {
        ByteBuf packet = Unpooled.buffer(64);
        try {
            if (rtcp) {
                // An empty receiver report (RFC 3550 §6.4.2).
                packet.writeByte(0x80).writeByte(201).writeShort(1).writeInt(1);
                from.protectRtcp(packet);
                to.unprotectRtcp(packet);
            } else {
                packet.writeByte(0x80).writeByte(96).writeShort(1).writeInt(0).writeInt(1).writeZero(20);
                from.protectRtp(packet);
                to.unprotectRtp(packet);
            }
        } finally {
            packet.release();
        }
    }
}
