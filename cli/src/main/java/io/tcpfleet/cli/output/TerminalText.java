package io.tcpfleet.cli.output;

/**
 * Text from hosts, inventories and databases made safe for a terminal: control characters, ESC
 * and Unicode bidirectional overrides would let a crafted host name rewrite the screen or hide
 * what it says, so they are printed as {@code \xNN} / {@code \u202E} escapes instead.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String safe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) // C0, DEL, C1 (ESC is 0x1B, CSI 0x9B)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) // bidi embeddings, overrides, isolates
                || c == 0x200E || c == 0x200F || c == 0x061C; // direction marks
    }
}
