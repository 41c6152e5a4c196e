package io.parley.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.core.rtcp.RtcpPacket;
import io.parley.core.rtp.RtpPacket;

/**
 * Fuzzes SRTP and SRTCP unprotect (RFC 3711 §3.3, §3.4) with what arrives from the network.
 * The first input octet picks the profile and the mode; the rest is the datagram. Modes: the
 * bytes as received (unprotect must refuse them, or accept them, without throwing); or the bytes
 * as a plain packet protected by the peer first, which unprotect must then restore exactly (a
 * round trip), and refuse when replayed. Contract: a boolean, never an exception, the buffer
 * still owned by the caller.
 */
class SrtpFuzzTest {
    private static final SrtpProfile[] PROFILES = SrtpProfile.values();

    @FuzzTest(maxDuration = "60s")
    void unprotect(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int mode = data[0] & 0xFF;
        SrtpProfile profile = PROFILES[(mode >> 4) % PROFILES.length];
        byte[] packet = Arrays.copyOfRange(data, 1, data.length);
        SrtpSession client = new SrtpSession(SrtpSessionTest.keys(profile), true, new LongAdder());
        SrtpSession server = new SrtpSession(SrtpSessionTest.keys(profile), false, new LongAdder());
        boolean rtcp = (mode & 0x01) != 0;
        // Exactly the input's bytes, no more room: unprotect must not need any.
        ByteBuf buf = Unpooled.wrappedBuffer(packet.clone());
        ByteBuf roundTrip = Unpooled.buffer(packet.length + SrtpSession.RTCP_TRAILER);
        try {
            boolean accepted = rtcp ? server.unprotectRtcp(buf) : server.unprotectRtp(buf);
            assertEquals(1, buf.refCnt());
            if (accepted) {
                assertTrue(buf.readableBytes() <= packet.length);
            }
            if ((mode & 0x02) != 0 && wellFormed(packet, rtcp)) {
                roundTrip.writeBytes(packet);
                if (rtcp ? client.protectRtcp(roundTrip) : client.protectRtp(roundTrip)) {
                    byte[] wire = new byte[roundTrip.readableBytes()];
                    roundTrip.getBytes(roundTrip.readerIndex(), wire);
                    assertTrue(rtcp ? server.unprotectRtcp(roundTrip) : server.unprotectRtp(roundTrip),
                            "a packet the peer protected must unprotect");
                    byte[] out = new byte[roundTrip.readableBytes()];
                    roundTrip.getBytes(roundTrip.readerIndex(), out);
                    assertArrayEquals(packet, out, "unprotect restores what protect was given");
                    ByteBuf replay = Unpooled.wrappedBuffer(wire);
                    try {
                        // RFC 3711 §3.3.2: a replayed packet is discarded.
                        assertTrue(!(rtcp ? server.unprotectRtcp(replay) : server.unprotectRtp(replay)),
                                "a replayed packet must be refused");
                    } finally {
                        replay.release();
                    }
                }
            }
        } finally {
            buf.release();
            roundTrip.release();
            client.close();
            server.close();
        }
    }

    /** The server protects only packets it built: the round trip takes well-formed ones. */
    private static boolean wellFormed(byte[] packet, boolean rtcp) {
        ByteBuf b = Unpooled.wrappedBuffer(packet);
        try {
            if (rtcp) {
                RtcpPacket p = new RtcpPacket();
                return p.wrap(b) && p.next();
            }
            return new RtpPacket().wrap(b);
        } finally {
            b.release();
        }
    }
}
