package io.tcpfleet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HostNameTest {

    @Test
    void namesAndIdentitiesAreValid() {
        for (String ok : new String[] {"web1", "web-01.example.com", "db_2", "10.0.0.1", "2001:db8::1",
                "ops@10.0.0.1:22", "[2001:db8::1]:22", "a", "x".repeat(255)}) {
            assertNull(HostName.problem(ok), ok);
        }
    }

    @Test
    void everythingTheZabbixCheckWouldRefuseIsInvalid() {
        for (String bad : new String[] {"", "web 1", "web1;touch x", "$(id)", "web1/../x", "web1?x", "web1#",
                "web1%2F", "-x", ".hidden", "w\u00e9b", "web\u202e1", "web\u001b[31m", "x".repeat(256)}) {
            assertFalse(HostName.isValid(bad), bad);
        }
        assertEquals("host name longer than 255 characters", HostName.problem("x".repeat(256)));
        assertTrue(TerminalText.escape(HostName.problem("web\u001b[31m")).contains("'web\\x1b[31m'"));
    }

    @Test
    void targetIsTheIdentityOfAnUnnamedHost() {
        assertEquals("ops@10.0.0.1:2222", Host.ssh("x", "10.0.0.1", 2222, "ops").target());
        assertEquals("[2001:db8::1]:22", new Host("x", "2001:db8::1", 22, null, ByteOrder.LITTLE_ENDIAN).target());
    }
}
