package io.tcpfleet.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The kind of an inventory file, from its name and, failing that, its content. */
enum InventoryFormat {
    /** One {@code [user@]host[:port]} per line. */
    PLAIN,
    INI,
    YAML,
    /** {@code ansible-inventory --list} output, or a YAML inventory written as JSON. */
    JSON,
    /** An executable inventory (a {@code #!} line): tcpfleet reads its output, never runs it. */
    SCRIPT;

    /** An INI section header; an IPv6 host in brackets ({@code [2001:db8::1]:22}) is none. */
    private static final Pattern INI_HEADER = Pattern.compile("\\[[^\\]:\\s]+(:\\w*)?]\\s*(#.*)?");
    /** A YAML mapping key opening the document: {@code all:}, {@code web: {hosts: ...}}. */
    private static final Pattern YAML_KEY = Pattern.compile("[A-Za-z0-9_.-]+:(\\s.*)?");

    /**
     * A {@code #!} first line is a script; then by extension (.yml/.yaml, .json, .ini); else a
     * document opening with {@code {} is JSON, with {@code ---} or a mapping key ({@code all:})
     * YAML; one with a section header or {@code key=value} anywhere is INI, anything else a host list.
     */
    static InventoryFormat detect(Path file, List<String> lines) {
        if (!lines.isEmpty() && lines.get(0).startsWith("#!")) {
            return SCRIPT;
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            return YAML;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".ini")) {
            return INI;
        }
        boolean first = true;
        for (String l : lines) {
            String s = l.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            if (first && s.startsWith("{")) {
                return JSON;
            }
            if (first && (s.equals("---") || s.startsWith("--- ") || YAML_KEY.matcher(l).matches())) {
                return YAML;
            }
            first = false;
            if (INI_HEADER.matcher(s).matches() || s.contains("=")) {
                return INI;
            }
        }
        return PLAIN;
    }
}
