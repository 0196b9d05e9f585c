package io.tcpfleet.model;

/**
 * Makes text from inventories, hosts and files safe to print on a terminal: a name must not be
 * able to move the cursor, recolour the screen (ESC sequences), hide itself, or reorder what is
 * printed after it (Unicode bidi overrides, "Trojan Source").
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * {@code text} with every control character (C0, DEL and C1, so ESC too), invisible format
     * character (bidi marks, embeddings, overrides and isolates; zero-width and tag characters),
     * line or paragraph separator and lone surrogate written as {@code \xNN}, {@code \u005CuNNNN} or
     * {@code \u005CUNNNNNNNN}, and backslashes doubled so that the result reads back unambiguously.
     * Text with none of these is returned as is.
     */
    public static String escape(String text) {
        if (text == null || text.codePoints().noneMatch(TerminalText::needsEscape)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (cp == '\\') {
                out.append("\\\\");
            } else if (!needsEscape(cp)) {
                out.appendCodePoint(cp);
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        });
        return out.toString();
    }

    private static boolean needsEscape(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true; // a surrogate code point here is a lone half
            default -> cp == '\\';
        };
    }
}
