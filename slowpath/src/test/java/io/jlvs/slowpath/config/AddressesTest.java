package io.jlvs.slowpath.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void ipv4AddressesAreTheirBigEndianNumberAndPrintBackTheSame() {
        assertEquals(0x0a000001, Ipv4Address.parse("10.0.0.1").bits());
        assertEquals("255.255.255.255", Ipv4Address.parse("255.255.255.255").toString());
        assertEquals(-1, Ipv4Address.parse("255.255.255.255").bits());
    }

    @Test
    void ipv4TextMustBeFourDecimalOctets() {
        for (String bad : new String[] {"10.0.0", "10.0.0.1.2", "10.0.0.256", "10.0..1", "10.0.0.-1", "a.b.c.d", "1000.0.0.1", "host"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(bad), bad);
        }
    }

    @Test
    void netmasksAreContiguousOnes() {
        assertEquals(24, Ipv4Address.parse("255.255.255.0").netmaskLength());
        assertEquals(0, Ipv4Address.parse("0.0.0.0").netmaskLength());
        assertEquals(32, Ipv4Address.parse("255.255.255.255").netmaskLength());
        assertEquals(-1, Ipv4Address.parse("255.0.255.0").netmaskLength());
    }

    @Test
    void aPrefixContainsTheAddressesOfItsSubnet() {
        Ipv4Prefix prefix = Ipv4Prefix.parse("192.0.2.10/24");

        assertTrue(prefix.contains(Ipv4Address.parse("192.0.2.255")));
        assertFalse(prefix.contains(Ipv4Address.parse("192.0.3.1")));
        assertTrue(Ipv4Prefix.parse("0.0.0.0/0").contains(Ipv4Address.parse("203.0.113.9")));
        assertEquals("192.0.2.10/24", prefix.toString());
    }

    @Test
    void macAddressesAreSixHexPairs() {
        assertEquals(0x525400123456L, MacAddress.parse("52:54:00:12:34:56").bits());
        assertEquals("52:54:00:ab:cd:ef", MacAddress.parse("52:54:00:AB:CD:EF").toString());
        for (String bad : new String[] {"52:54:00:12:34", "52-54-00-12-34-56", "52:54:00:12:34:5g", "525400123456"}) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
        }
    }

    @Test
    void groupMacAddressesAreTold() {
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertTrue(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast());
        assertFalse(MacAddress.parse("52:54:00:12:34:56").isMulticast());
    }
}
