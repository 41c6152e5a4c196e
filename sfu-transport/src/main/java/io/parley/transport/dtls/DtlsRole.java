package io.parley.transport.dtls;

/** Which side of the DTLS handshake we play (RFC 5763 §5: decided by a=setup). */
public enum DtlsRole { CLIENT, SERVER }
