package io.tcpfleet.inventory;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI inventory value as Ansible reads it: {@code ast.literal_eval} when the text is a Python
 * literal, else the text itself. So {@code 2022} and {@code "2022"} are both 2022, {@code 'a b'} is
 * {@code a b}, {@code None} is null, and {@code www # note} stays exactly that (not a literal).
 * Only what connection values can be is decoded: strings, integers, booleans and None; a list,
 * dict or tuple is structured and of no use to tcpfleet.
 */
final class PythonLiteral {

    /** A decoded value: text (null for None) or a structured value. */
    record Value(String text, boolean structured) {
    }

    private static final String COMMENT = "\\s*(?:#.*)?";
    private static final Pattern STRING = Pattern.compile("(?s)([rRuU]?)('(?:[^'\\\\\\n]|\\\\.)*'|\"(?:[^\"\\\\\\n]|\\\\.)*\")" + COMMENT);
    private static final Pattern INTEGER = Pattern.compile("([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[1-9][0-9_]*|0+)" + COMMENT);
    private static final Pattern CONSTANT = Pattern.compile("(True|False|None)" + COMMENT);
    private static final Pattern CONTAINER = Pattern.compile("(?s)[\\[({].*[\\])}]" + COMMENT);

    private PythonLiteral() {
    }

    static Value eval(String raw) {
        String v = raw.strip();
        Matcher m = STRING.matcher(v);
        if (m.matches()) {
            String body = m.group(2).substring(1, m.group(2).length() - 1);
            return new Value(m.group(1).equalsIgnoreCase("r") ? body : unescape(body), false);
        }
        m = INTEGER.matcher(v);
        if (m.matches() && !m.group(2).endsWith("_") && !m.group(2).contains("__")) {
            return integer(m.group(1), m.group(2)).map(t -> new Value(t, false)).orElse(new Value(raw, false));
        }
        m = CONSTANT.matcher(v);
        if (m.matches()) {
            return new Value(m.group(1).equals("None") ? null : m.group(1), false);
        }
        if (CONTAINER.matcher(v).matches()) {
            return new Value(null, true); // literal_eval may or may not take it; either way not a host, user or port
        }
        return new Value(raw, false);
    }

    private static Optional<String> integer(String sign, String digits) {
        String d = digits.replace("_", "");
        int radix = 10;
        if (d.length() > 1 && Character.isLetter(d.charAt(1))) {
            radix = switch (Character.toLowerCase(d.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            d = d.substring(2);
        }
        if (d.isEmpty()) {
            return Optional.empty();
        }
        BigInteger n = new BigInteger(d, radix);
        return Optional.of((sign.equals("-") ? n.negate() : n).toString());
    }

    /** Python's common string escapes; an unknown escape keeps its backslash, as Python does. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case '\\', '\'', '"' -> out.append(e);
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }
}
