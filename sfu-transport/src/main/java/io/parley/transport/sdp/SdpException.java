package io.parley.transport.sdp;

/** An SDP text the parser cannot accept; the message names the line and the reason. */
public final class SdpException extends Exception {
    public SdpException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
    }
}
