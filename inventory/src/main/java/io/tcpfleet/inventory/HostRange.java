package io.tcpfleet.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Ansible host ranges: {@code web[01:20].example.com} (zero padding kept), {@code db-[a:c]},
 * optional {@code :step}; several ranges in one name multiply. An IPv6 literal in brackets is not
 * a range.
 */
final class HostRange {

    private HostRange() {
    }

    /** The names a pattern stands for; throws IllegalArgumentException saying what is wrong. */
    static List<String> expand(String pattern) {
        int open = pattern.indexOf('[');
        if (open < 0) {
            return List.of(pattern);
        }
        int close = pattern.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("unclosed '[' in host range '" + pattern + "'");
        }
        String body = pattern.substring(open + 1, close);
        if (open == 0 && body.chars().filter(c -> c == ':').count() >= 2 && !body.matches("[0-9]+:[0-9]+:[0-9]+")
                && !body.matches("[a-z]:[a-z]:[0-9]+")) {
            return List.of(pattern); // [2001:db8::1]: an IPv6 literal
        }
        String[] parts = body.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("host range '[" + body + "]' is not [start:end] or [start:end:step]");
        }
        String start = parts[0];
        String end = parts[1];
        int step = 1;
        if (parts.length == 3) {
            try {
                step = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                step = 0;
            }
            if (step < 1) {
                throw new IllegalArgumentException("bad step '" + parts[2] + "' in host range '[" + body + "]'");
            }
        }
        List<String> middle = new ArrayList<>();
        if (start.matches("[0-9]+") && end.matches("[0-9]+")) {
            int a = Integer.parseInt(start);
            int b = Integer.parseInt(end);
            if (a > b) {
                throw new IllegalArgumentException("host range '[" + body + "]' ends before it starts");
            }
            if ((b - a) / step > 100_000) {
                throw new IllegalArgumentException("host range '[" + body + "]' is too large (over 100000 hosts)");
            }
            int width = start.length() > 1 && start.startsWith("0") ? start.length() : 0;
            for (int i = a; i <= b; i += step) {
                middle.add(width > 0 ? String.format("%0" + width + "d", i) : Integer.toString(i));
            }
        } else if (start.matches("[a-zA-Z]") && end.matches("[a-zA-Z]")) {
            char a = start.charAt(0);
            char b = end.charAt(0);
            if (a > b) {
                throw new IllegalArgumentException("host range '[" + body + "]' ends before it starts");
            }
            for (char c = a; c <= b; c += (char) step) {
                middle.add(String.valueOf(c));
            }
        } else {
            throw new IllegalArgumentException("host range '[" + body + "]' must be numeric ([01:20]) or alphabetic ([a:f])");
        }
        List<String> out = new ArrayList<>();
        String head = pattern.substring(0, open);
        List<String> tails = expand(pattern.substring(close + 1));
        for (String m : middle) {
            for (String tail : tails) {
                out.add(head + m + tail);
            }
        }
        return out;
    }
}
