package io.tcpfleet.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's host ranges ({@code expand_hostname_range}): {@code web[01:20].example.com} (a
 * leading zero fixes the width, so begin and end must be as wide), {@code db-[a:c]} (letters in
 * the order a-z then A-Z), an empty begin meaning 0, an optional {@code :step}; several ranges in
 * one name multiply. {@link #count} tells how many names a pattern makes without making them.
 */
final class HostRange {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** One {@code [begin:end:step]}: numbers formatted to {@code width} digits, or letters. */
    private record Range(long begin, long end, int step, int width, boolean letters) {
        long size() {
            return (end - begin) / step + 1;
        }

        String at(long i) {
            long v = begin + i * step;
            if (letters) {
                return String.valueOf(LETTERS.charAt((int) v));
            }
            String digits = Long.toString(v);
            return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        }
    }

    private HostRange() {
    }

    /** How many names {@code pattern} stands for, at most Long.MAX_VALUE; throws IllegalArgumentException if it is malformed. */
    static long count(String pattern) {
        long n = 1;
        String rest = pattern;
        while (rest.indexOf('[') >= 0) {
            String[] parts = split(rest);
            try {
                n = Math.multiplyExact(n, range(parts[1]).size());
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
            rest = parts[2];
        }
        if (rest.indexOf(']') >= 0) {
            throw new IllegalArgumentException("unmatched ']' in host name '" + pattern + "'");
        }
        return n;
    }

    /** The names; check {@link #count} first: this makes them all. */
    static List<String> expand(String pattern) {
        if (pattern.indexOf('[') < 0) {
            return List.of(pattern);
        }
        String[] parts = split(pattern);
        Range r = range(parts[1]);
        List<String> tails = expand(parts[2]);
        List<String> out = new ArrayList<>();
        for (long i = 0; i < r.size(); i++) {
            String m = parts[0] + r.at(i);
            tails.forEach(t -> out.add(m + t));
        }
        return out;
    }

    /** head, range body, tail around the first {@code [...]}. */
    private static String[] split(String pattern) {
        int open = pattern.indexOf('[');
        int close = pattern.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("unclosed '[' in host range '" + pattern + "'");
        }
        if (pattern.lastIndexOf(']', open) >= 0) {
            throw new IllegalArgumentException("unmatched ']' in host name '" + pattern + "'");
        }
        return new String[] {pattern.substring(0, open), pattern.substring(open + 1, close), pattern.substring(close + 1)};
    }

    private static Range range(String body) {
        String[] b = body.split(":", -1);
        if (b.length != 2 && b.length != 3) {
            throw new IllegalArgumentException("host range '[" + body + "]' is not [begin:end] or [begin:end:step]");
        }
        String begin = b[0].isEmpty() ? "0" : b[0];
        String end = b[1];
        if (end.isEmpty()) {
            throw new IllegalArgumentException("host range '[" + body + "]' has no end");
        }
        int step = b.length == 3 && b[2].matches("[0-9]{1,6}") ? Integer.parseInt(b[2]) : b.length == 3 ? 0 : 1;
        if (step < 1) {
            throw new IllegalArgumentException("bad step '" + b[2] + "' in host range '[" + body + "]'");
        }
        int width = begin.length() > 1 && begin.startsWith("0") ? begin.length() : 0;
        if (width > 0 && end.length() != width) {
            throw new IllegalArgumentException("host range '[" + body + "]': a zero-padded begin and its end must have the same width");
        }
        long from;
        long to;
        boolean letters = begin.matches("[a-zA-Z]") && end.matches("[a-zA-Z]");
        if (letters) {
            from = LETTERS.indexOf(begin);
            to = LETTERS.indexOf(end);
        } else if (begin.matches("[0-9]{1,15}") && end.matches("[0-9]{1,15}")) {
            from = Long.parseLong(begin);
            to = Long.parseLong(end);
        } else {
            throw new IllegalArgumentException("host range '[" + body + "]' must be numeric ([01:20]) or alphabetic ([a:f])");
        }
        if (from > to) {
            throw new IllegalArgumentException("host range '[" + body + "]' ends before it starts");
        }
        return new Range(from, to, step, width, letters);
    }
}
