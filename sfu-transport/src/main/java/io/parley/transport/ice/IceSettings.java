package io.parley.transport.ice;

/**
 * Where the shared ICE endpoint listens and what it advertises.
 *
 * @param udpPort           the one UDP port every participant's media uses
 * @param bindAddress       the local address to bind, or empty for every usable interface of the host
 * @param advertisedAddress a public address to announce as well (static NAT mapping), or empty
 */
public record IceSettings(int udpPort, String bindAddress, String advertisedAddress) {
    public IceSettings {
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("udp port out of range: " + udpPort);
        }
        bindAddress = bindAddress == null ? "" : bindAddress.trim();
        advertisedAddress = advertisedAddress == null ? "" : advertisedAddress.trim();
    }
}
