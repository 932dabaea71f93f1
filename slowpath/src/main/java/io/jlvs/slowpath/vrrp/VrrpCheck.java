package io.jlvs.slowpath.vrrp;

/** The verdict on a received VRRP frame; everything but OK is counted and the frame ignored. */
public enum VrrpCheck {
    OK("ok"),
    /** Not IPv4 protocol 112: not ours to judge. */
    NOT_VRRP("not vrrp"),
    TRUNCATED("truncated"),
    BAD_IP_CHECKSUM("bad ip checksum"),
    /** RFC 5798 7.1: a router MUST discard an advert whose TTL is not 255 (it crossed a router). */
    BAD_TTL("ttl not 255"),
    BAD_VERSION("version not 3"),
    BAD_CHECKSUM("bad vrrp checksum"),
    BAD_TYPE("type not advertisement"),
    /** The address count does not match the packet's length. */
    BAD_LENGTH("length does not match address count"),
    BAD_VRID("virtual router id 0"),
    BAD_INTERVAL("advertisement interval 0"),
    /** Well formed, for a virtual router this director does not run. */
    OTHER_VRID("other virtual router id"),
    /** Our own advert (multicast loop-back). */
    OWN("own advert");

    private final String text;

    VrrpCheck(String text) { this.text = text; }

    public String text() { return text; }
}
