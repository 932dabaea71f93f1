package io.jlvs.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest {

    @Test
    void theFastPathsCodesAreTheMethodsPositions() {
        assertEquals(ForwardMethod.NAT_CODE, ForwardMethod.NAT.code());
        assertEquals(ForwardMethod.DR_CODE, ForwardMethod.DR.code());
        assertEquals(ForwardMethod.TUN_CODE, ForwardMethod.TUN.code());
        for (ForwardMethod m : ForwardMethod.values()) assertEquals(m, ForwardMethod.ofCode(m.code()));
        assertThrows(IllegalArgumentException.class, () -> ForwardMethod.ofCode(3));
    }

    @Test
    void ipvsadmSpellsTheMethodsAsItsSwitchesAndListWords() {
        assertEquals("-m Masq masquerading", ForwardMethod.NAT.option() + " " + ForwardMethod.NAT.listName() + " " + ForwardMethod.NAT.longOption());
        assertEquals("-g Route gatewaying", ForwardMethod.DR.option() + " " + ForwardMethod.DR.listName() + " " + ForwardMethod.DR.longOption());
        assertEquals("-i Tunnel ipip", ForwardMethod.TUN.option() + " " + ForwardMethod.TUN.listName() + " " + ForwardMethod.TUN.longOption());
    }

    @Test
    void dottedQuadsParseAndPrintBack() {
        assertEquals(0xc0a8010b, Ipv4Text.parse("192.168.1.11"));
        assertEquals("192.168.1.11:8080", Ipv4Text.endpoint(0xc0a8010b, 8080));
        assertEquals("255.255.255.0", Ipv4Text.format(0xffffff00));
        for (String bad : new String[] {"10.1", "10.0.0.1.2", "10.0.0.", "0x0a.0.0.1", "1.2.3.0004", "a.b.c.d", ""}) {
            assertTrue(Ipv4Text.tryParse(bad).isEmpty(), bad);
        }
        assertEquals("\"10.0.0.300\" is not an IPv4 address (300 > 255)",
                assertThrows(IllegalArgumentException.class, () -> Ipv4Text.parse("10.0.0.300")).getMessage());
        assertEquals("\"10.1\" is not an IPv4 address (expected a.b.c.d)",
                assertThrows(IllegalArgumentException.class, () -> Ipv4Text.parse("10.1")).getMessage());
    }
}
