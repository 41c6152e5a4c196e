package io.parley.core.room;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.parley.core.codec.FrameInfo;
import io.parley.core.codec.PictureFields;
import io.parley.core.forward.PictureNumbering;
import io.parley.core.rtp.RtpHeaderWriter;
import io.parley.core.rtp.RtpPacket;

/**
 * Writes one subscription's copies of a track's packets and hands them to the subscriber's
 * transport: the subscriber's SSRC, payload type and numbering, the header extensions it
 * negotiated, the payload as is, and retransmissions on the RTX stream when there is one.
 */
final class CopyWriter {
    /** Room for the SRTP auth tag (16 bytes for AEAD_AES_128_GCM, RFC 7714 §7.2): no regrowth. */
    private static final int SRTP_TAILROOM = 16;
    /** For {@link #write}: a packet sent for the first time, numbered by the live picture numbering. */
    private static final int LIVE = -1;
    /**
     * The extension block beside its variable elements (mid, dependency descriptor): the block
     * header, four two-byte element headers, transport-cc's 2 bytes, the audio level's 1, padding.
     */
    private static final int EXTENSION_OVERHEAD = 4 + 4 * 2 + 2 + 1 + 3;

    private final Participant subscriber;
    private final Track track;
    private final long ssrc;
    private final RtpCodec codec;
    private final ExtensionIds extensions;
    private final byte[] midValue;
    /** Whether the mid or audio level id the subscriber negotiated needs the two-byte form in every packet. */
    private final boolean twoByteIds;
    /** Where retransmissions go, or null to resend them as the original packets. */
    private final RepairStream repair;
    /** VP8/VP9 picture numbering of the subscription; null for other formats. */
    private final PictureNumbering pictures;
    /** Reads where a resent packet keeps its picture numbers; null without picture numbering. */
    private final FrameInfo resent;
    private int repairSeq;

    CopyWriter(Participant subscriber, Track track, long ssrc, String mid, RtpCodec codec, ExtensionIds extensions,
               RepairStream repair, PictureNumbering pictures, int initialRepairSeq) {
        this.subscriber = subscriber;
        this.track = track;
        this.ssrc = ssrc;
        this.codec = codec;
        this.extensions = extensions;
        this.midValue = mid.getBytes(StandardCharsets.US_ASCII);
        this.twoByteIds = extensions.mid() > 0 && !RtpHeaderWriter.fitsOneByte(extensions.mid(), midValue.length)
                || extensions.audioLevel() > RtpHeaderWriter.ONE_BYTE_MAX_ID;
        this.repair = repair;
        this.pictures = pictures;
        this.resent = pictures == null ? null : new FrameInfo(track.videoCodec(), 1);
        this.repairSeq = initialRepairSeq;
    }

    /**
     * Sends the subscriber's copy of a packet for the first time, its picture numbers (where
     * {@code fields} says they are, as read when it arrived) continuing the live numbering.
     */
    void send(RtpPacket packet, PictureFields fields, int seq, long timestamp) {
        write(packet, seq, timestamp, false, fields, LIVE);
    }

    /**
     * Sends the subscriber's copy of a packet again (a cached one, as RTX when {@code rtx}) with
     * the picture numbering {@code pictureDeltas} it first went out with.
     */
    void resend(RtpPacket packet, int seq, long timestamp, boolean rtx, int pictureDeltas) {
        PictureFields fields = null;
        if (pictures != null) {
            resent.read(packet, 0, 0);
            fields = resent.pictures();
        }
        write(packet, seq, timestamp, rtx, fields, pictureDeltas);
    }

    /**
     * Writes the subscriber's copy of one packet: a fresh header in the subscriber's numbering,
     * the header extensions the subscriber negotiated, then the payload (and padding) as is. As
     * RTX (RFC 4588 §4), the header is the repair stream's and the payload starts with the
     * original sequence number; padding is left out. The picture numbers go on from the live
     * numbering, or get {@code pictureDeltas}.
     */
    private void write(RtpPacket packet, int seq, long timestamp, boolean rtx, PictureFields fields,
                       int pictureDeltas) {
        int body = rtx ? packet.payloadLength() : packet.length() - packet.headerLength();
        int descriptorLength = descriptorLength(packet);
        ByteBuf out = subscriber.room().allocator()
                .buffer(12 + extensionCapacity(descriptorLength) + 2 + body + SRTP_TAILROOM);
        int start = out.writerIndex();
        if (rtx) {
            RtpHeaderWriter.writeFixedHeader(out, false, packet.marker(), repair.payloadType(), repairSeq,
                    timestamp, repair.ssrc());
            repairSeq = (repairSeq + 1) & 0xFFFF;
        } else {
            RtpHeaderWriter.writeFixedHeader(out, packet.hasPadding(), packet.marker(), codec.payloadType(),
                    seq, timestamp, ssrc);
        }
        int transportSeq = writeExtensions(out, start, packet, descriptorLength);
        if (rtx) {
            out.writeShort(seq);
        }
        int payloadAt = out.writerIndex();
        out.writeBytes(packet.buffer(), packet.payloadOffset(), body);
        if (pictures != null) {
            if (pictureDeltas == LIVE) {
                pictures.rewrite(fields, out, payloadAt);
            } else {
                PictureNumbering.apply(fields, out, payloadAt, pictureDeltas);
            }
        }
        transmit(out, transportSeq);
    }

    /**
     * Sends a padding-only packet on the RTX stream (RFC 3550 §5.1 padding): bytes that cost the
     * subscriber's decoder nothing, for probing its link. RFC 4588 §4 wants an original sequence
     * number in every RTX payload; padding-only RTX packets without one are what libwebrtc itself
     * probes with, and its receivers drop them after counting them for the estimate. Needs a
     * repair stream; {@code timestamp} is the stream's latest.
     */
    void sendPadding(int paddingBytes, long timestamp) {
        ByteBuf out = subscriber.room().allocator()
                .buffer(12 + extensionCapacity(0) + paddingBytes + SRTP_TAILROOM);
        int start = out.writerIndex();
        RtpHeaderWriter.writeFixedHeader(out, true, false, repair.payloadType(), repairSeq,
                timestamp, repair.ssrc());
        repairSeq = (repairSeq + 1) & 0xFFFF;
        int transportSeq = writeExtensions(out, start, null, 0);
        out.writeZero(paddingBytes - 1);
        out.writeByte(paddingBytes);
        transmit(out, transportSeq);
    }

    /**
     * Bytes of the publisher's dependency descriptor that go into this subscriber's copy of
     * {@code packet} (AV1: the subscriber's decoder finds frame boundaries and references in it),
     * 0 when there is none or the subscriber did not negotiate it.
     */
    private int descriptorLength(RtpPacket packet) {
        int in = track.publisher().extensions().dependencyDescriptor();
        if (extensions.dependencyDescriptor() <= 0 || in <= 0) {
            return 0;
        }
        return Math.max(0, packet.extensionLength(in));
    }

    /** The most bytes the extension block can take: its header, each element's, padding. */
    private int extensionCapacity(int descriptorLength) {
        return EXTENSION_OVERHEAD + midValue.length + descriptorLength;
    }

    /**
     * The header extensions the subscriber negotiated: mid, a transport-wide sequence number
     * (returned, -1 without), the audio level and the dependency descriptor ({@code
     * descriptorLength} bytes) {@code source} carried, if any. The two-byte form (RFC 8285 §4.3)
     * when an element needs it: a descriptor with its template structure runs to tens of bytes.
     */
    private int writeExtensions(ByteBuf out, int headerStart, RtpPacket source, int descriptorLength) {
        int descriptorId = extensions.dependencyDescriptor();
        int transportCc = subscriber.transportCcId();
        boolean twoByte = twoByteIds || transportCc > RtpHeaderWriter.ONE_BYTE_MAX_ID
                || (descriptorLength > 0 && !RtpHeaderWriter.fitsOneByte(descriptorId, descriptorLength));
        int block = RtpHeaderWriter.beginExtensions(out, twoByte);
        if (extensions.mid() > 0) {
            RtpHeaderWriter.addExtension(out, twoByte, extensions.mid(), midValue);
        }
        int transportSeq = -1;
        if (transportCc > 0) {
            transportSeq = subscriber.nextTransportSeq();
            RtpHeaderWriter.addShortExtension(out, twoByte, transportCc, transportSeq);
        }
        ExtensionIds in = track.publisher().extensions();
        if (source != null && extensions.audioLevel() > 0 && in.audioLevel() > 0) {
            int at = source.extensionOffset(in.audioLevel());
            // RFC 6464 §3: one byte; anything else from the publisher is not an audio level.
            if (at >= 0 && source.extensionLength(in.audioLevel()) == 1) {
                RtpHeaderWriter.addExtension(out, twoByte, extensions.audioLevel(), source.buffer(), at, 1);
            }
        }
        if (source != null && descriptorLength > 0) {
            RtpHeaderWriter.addExtension(out, twoByte, descriptorId, source.buffer(),
                    source.extensionOffset(in.dependencyDescriptor()), descriptorLength);
        }
        RtpHeaderWriter.endExtensions(out, headerStart, block);
        return transportSeq;
    }

    private void transmit(ByteBuf out, int transportSeq) {
        subscriber.room().countOut(track.kind(), out.readableBytes());
        if (transportSeq >= 0) {
            subscriber.sentTransportSeq(transportSeq, out.readableBytes());
        }
        subscriber.transport().sendRtp(out);
    }
}
