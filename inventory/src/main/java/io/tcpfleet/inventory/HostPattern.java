package io.tcpfleet.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An Ansible-style host pattern, as {@code --limit} takes it: terms separated by commas (or colons
 * when no term is an IPv6 address or a range). A term is a host name, an address, a group, a glob
 * ({@code *}, {@code ?}) or {@code ~regex}; {@code !term} excludes, {@code &term} intersects.
 * A host is selected when it matches any plain term (or there is none), every {@code &} term, and
 * no {@code !} term.
 */
public final class HostPattern {

    private final List<Pattern> include = new ArrayList<>();
    private final List<Pattern> intersect = new ArrayList<>();
    private final List<Pattern> exclude = new ArrayList<>();

    private HostPattern() {
    }

    public static HostPattern parse(String spec) {
        String s = spec.trim();
        String[] terms = s.contains(",") || s.contains("::") || s.contains("[") ? s.split(",") : s.split(":");
        HostPattern p = new HostPattern();
        for (String raw : terms) {
            String t = raw.trim();
            if (t.isEmpty()) {
                continue;
            }
            List<Pattern> into = p.include;
            if (t.startsWith("!")) {
                into = p.exclude;
                t = t.substring(1);
            } else if (t.startsWith("&")) {
                into = p.intersect;
                t = t.substring(1);
            }
            into.add(t.startsWith("~") ? Pattern.compile(t.substring(1)) : glob(t));
        }
        return p;
    }

    private static Pattern glob(String g) {
        StringBuilder b = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString());
    }

    boolean matches(InventoryHost h) {
        if (!include.isEmpty() && include.stream().noneMatch(p -> term(p, h))) {
            return false;
        }
        return intersect.stream().allMatch(p -> term(p, h)) && exclude.stream().noneMatch(p -> term(p, h));
    }

    private static boolean term(Pattern p, InventoryHost h) {
        if (p.matcher(h.host().name()).matches() || p.matcher(h.host().address()).matches()) {
            return true;
        }
        return h.groups().stream().anyMatch(g -> p.matcher(g).matches());
    }
}
