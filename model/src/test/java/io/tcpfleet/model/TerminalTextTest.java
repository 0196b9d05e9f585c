package io.tcpfleet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void plainTextIsUntouched() {
        String s = "web-01.example.com [2001:db8::1]:22 caf\u00e9 \u6771\u4eac";
        assertSame(s, TerminalText.escape(s));
    }

    @Test
    void controlsEscAndBidiOverridesAreEscaped() {
        assertEquals("web\\x1b[2J\\x1b]0;pwned\\x07", TerminalText.escape("web\u001b[2J\u001b]0;pwned\u0007"));
        assertEquals("a\\x0ab\\x0dc\\x09d\\x7fe\\x9bf", TerminalText.escape("a\nb\rc\td\u007fe\u009bf"));
        // RLO/LRO/PDF, isolates, marks: each would reorder or hide what follows.
        assertEquals("x\\u202eexe.txt\\u202c\\u2066\\u2069\\u200f\\u061c",
                TerminalText.escape("x\u202eexe.txt\u202c\u2066\u2069\u200f\u061c"));
        assertEquals("zero\\u200bwidth\\ufeff", TerminalText.escape("zero\u200bwidth\ufeff"));
        assertEquals("tag\\U000e0041", TerminalText.escape("tag\uDB40\uDC41"));
        assertEquals("line\\u2028para\\u2029", TerminalText.escape("line\u2028para\u2029"));
        assertEquals("lone\\ud800", TerminalText.escape("lone\uD800"));
    }

    @Test
    void backslashesAreDoubledSoEscapesAreUnambiguous() {
        assertEquals("a\\\\x1b", TerminalText.escape("a\\x1b"));
        assertEquals("a\\\\\\x1b", TerminalText.escape("a\\\u001b"));
        assertSame(null, TerminalText.escape(null));
    }
}
