package io.tcpfleet.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An Ansible-style host pattern, as {@code --limit} takes it: terms separated by commas, or, when
 * there is none and the whole pattern is not one host identifier (with a port, like
 * {@code 10.0.0.1:2222}), by colons. A term is a host name, an address, a group, a glob
 * ({@code *}, {@code ?}) or {@code ~regex}; {@code !term} excludes, {@code &term} intersects. A
 * host is selected when it matches any plain term (or there is none), every {@code &} term, and no
 * {@code !} term.
 */
public final class HostPattern {

    /** Ansible's fallback split: runs of anything but blanks, ':' and brackets, or a bracketed expression. */
    private static final Pattern COLON_TERM = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");

    private final List<Pattern> include = new ArrayList<>();
    private final List<Pattern> intersect = new ArrayList<>();
    private final List<Pattern> exclude = new ArrayList<>();

    private HostPattern() {
    }

    /** Throws IllegalArgumentException for a {@code ~regex} term that does not compile. */
    public static HostPattern parse(String spec) {
        HostPattern p = new HostPattern();
        for (String raw : terms(spec.strip())) {
            String t = raw.strip();
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
            into.add(t.startsWith("~") ? regex(t.substring(1)) : glob(t));
        }
        return p;
    }

    /** As Ansible's {@code split_host_pattern}. */
    private static List<String> terms(String s) {
        if (s.contains(",")) {
            return List.of(s.split(","));
        }
        if (AnsibleAddress.parse(s.replaceFirst("^[!&]", "")) != null) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        Matcher m = COLON_TERM.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Pattern regex(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '~" + re + "' in host pattern: " + e.getDescription(), e);
        }
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
