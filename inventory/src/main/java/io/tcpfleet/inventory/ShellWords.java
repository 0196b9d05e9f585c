package io.tcpfleet.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an INI host line as Ansible does, with Python's {@code shlex.split(line, comments=True)}
 * (POSIX mode): blanks separate words; {@code '...'} is literal; in {@code "..."} a backslash
 * escapes only {@code "} and itself; outside quotes it escapes any character; an unquoted
 * {@code #} ends the line.
 */
final class ShellWords {

    private ShellWords() {
    }

    /** The words; throws IllegalArgumentException for an unclosed quote or a trailing backslash. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int close = closing(line, i);
                appendQuoted(word, line, i, close);
                inWord = true;
                i = close;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("no character after the trailing backslash");
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '#') {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    private static int closing(String line, int open) {
        char q = line.charAt(open);
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        throw new IllegalArgumentException("no closing quotation (" + q + ")");
    }

    private static void appendQuoted(StringBuilder word, String line, int open, int close) {
        for (int i = open + 1; i < close; i++) {
            char c = line.charAt(i);
            if (line.charAt(open) == '"' && c == '\\' && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
    }
}
