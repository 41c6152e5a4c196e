package io.parley.admin.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.parley.admin.client.ParleyClient;
import io.parley.transport.sdp.MediaSection;
import io.parley.transport.sdp.SessionDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Java clients over real UDP, ICE, DTLS and SRTP on 127.0.0.1: what one publishes reaches the
 * other through the server, re-numbered for the receiver and byte-identical in payload.
 */
class RelayIT {
    @RegisterExtension
    static final SharedServer SHARED = new SharedServer();

    @Test
    void publishedRtpArrivesDecryptableWithTheSubscribersNumbering() throws Exception {
        try (ParleyClient alice = SHARED.connect();
             ParleyClient bob = SHARED.connect()) {
            BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
            bob.onRtp(packet -> {
                byte[] copy = new byte[packet.readableBytes()];
                packet.getBytes(packet.readerIndex(), copy);
                arrived.add(copy);
            });
            // Bob numbers opus and VP8 differently from Alice: the server must rewrite payload types.
            SessionDescription answer = PublishedCall.start(alice, bob, "relay").bobsAnswer();
            long audioSsrc = announcedSsrc(answer.media().get(0));
            long videoSsrc = announcedSsrc(answer.media().get(1));

            byte[] opusPayload = "opus-frame-payload".getBytes();
            byte[] received = null;
            for (int i = 0; i < 100 && received == null; i++) {
                alice.sendRtp(Unpooled.buffer().writeBytes(rtp(111, 1000 + i, 48000L * i, 11111111L, opusPayload)));
                received = arrived.poll(50, TimeUnit.MILLISECONDS);
            }
            assertNotNull(received, "bob receives alice's audio");
            ByteBuffer r = ByteBuffer.wrap(received);
            assertEquals(2, (r.get(0) & 0xC0) >> 6, "RTP version");
            assertEquals(109, r.get(1) & 0x7F, "bob's payload type for opus");
            assertEquals(audioSsrc, r.getInt(8) & 0xFFFFFFFFL, "the SSRC announced in bob's answer");
            assertArrayEquals(opusPayload, payload(received), "payload unchanged");

            byte[] vp8Payload = {(byte) 0x90, (byte) 0x80, 0x01, 0x10, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a};
            byte[] video = null;
            for (int i = 0; i < 100 && video == null; i++) {
                alice.sendRtp(Unpooled.buffer().writeBytes(rtp(96, 5000 + i, 90000L * i, 22222222L, vp8Payload)));
                byte[] p;
                while ((p = arrived.poll(50, TimeUnit.MILLISECONDS)) != null) {
                    if ((ByteBuffer.wrap(p).getInt(8) & 0xFFFFFFFFL) == videoSsrc) {
                        video = p;
                        break;
                    }
                }
            }
            assertNotNull(video, "bob receives alice's video");
            assertEquals(100, video[1] & 0x7F, "bob's payload type for VP8");
            assertArrayEquals(vp8Payload, payload(video));

            alice.send(alice.message("leave"));
            JsonNode left = bob.awaitType("participantLeft");
            assertEquals(alice.participantId(), left.path("participantId").asText());
        }
    }

    private static long announcedSsrc(MediaSection m) {
        assertEquals(1, m.primarySsrcs().size(), "one SSRC announced for mid " + m.mid());
        return m.primarySsrcs().get(0);
    }

    static byte[] rtp(int pt, int seq, long ts, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) pt).putShort((short) seq).putInt((int) ts).putInt((int) ssrc).put(payload);
        return b.array();
    }

    /** The payload after the fixed header, CSRCs and header extension (RFC 3550 §5.1, §5.3.1). */
    static byte[] payload(byte[] rtp) {
        ByteBuffer b = ByteBuffer.wrap(rtp);
        int offset = 12 + 4 * (rtp[0] & 0x0F);
        if ((rtp[0] & 0x10) != 0) {
            offset += 4 + 4 * (b.getShort(offset + 2) & 0xFFFF);
        }
        byte[] out = new byte[rtp.length - offset];
        System.arraycopy(rtp, offset, out, 0, out.length);
        return out;
    }
}
