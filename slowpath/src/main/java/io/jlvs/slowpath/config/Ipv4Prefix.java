package io.jlvs.slowpath.config;

/** An interface address with its prefix length, {@code 10.0.0.2/24}. */
public record Ipv4Prefix(Ipv4Address address, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not in 0..32");
        }
    }

    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(Ipv4Address.quoted(text) + " has no prefix length (expected a.b.c.d/len)");
        }
        Ipv4Address address = Ipv4Address.parse(text.substring(0, slash));
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)
                || Integer.parseInt(length) > 32) {
            throw new IllegalArgumentException(Ipv4Address.quoted(text) + ": prefix length must be 0..32");
        }
        return new Ipv4Prefix(address, Integer.parseInt(length));
    }

    /** True when {@code other} is in this prefix's subnet. */
    public boolean contains(Ipv4Address other) {
        int mask = Ipv4Address.netmask(length).bits();
        return (address.bits() & mask) == (other.bits() & mask);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
