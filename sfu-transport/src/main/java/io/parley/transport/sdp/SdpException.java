package io.parley.transport.sdp;

/** An SDP text the parser cannot accept; the message names the line and the reason. */
public final class SdpException extends Exception {
    private final boolean tooManyMediaSections;

    public SdpException(int line, String reason) {
        this(line, reason, false);
    }

    private SdpException(int line, String reason, boolean tooManyMediaSections) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.tooManyMediaSections = tooManyMediaSections;
    }

    /** Well formed, but with more m-lines than the caller allows: a limit reached, not a broken client. */
    static SdpException tooManyMediaSections(int line, int max) {
        return new SdpException(line, "more than " + max + " m-lines", true);
    }

    public boolean tooManyMediaSections() {
        return tooManyMediaSections;
    }
}
