package io.tcpfleet.inventory;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ansible variables tcpfleet reads from a host's merged vars; every other variable is ignored.
 * Invalid values become problems, never guesses.
 */
record HostVars(String host, String user, Integer port, String identityFile, String proxyJump, ByteOrder byteOrder) {

    private static final Pattern JUMP = Pattern.compile("(?:-J\\s*|ProxyJump[=\\s]\\s*)([^\\s'\"]+)");
    private static final Pattern PROXY_COMMAND = Pattern.compile("(?i)ProxyCommand\\s*[=\\s]\\s*['\"]?(?!none\\b)\\S");

    /** Reads the vars; returns null after adding a problem if a value is unusable. */
    static HostVars of(Map<String, String> vars, String where, List<String> errors) {
        String host = first(vars, "ansible_host", "ansible_ssh_host");
        String user = first(vars, "ansible_user", "ansible_ssh_user");
        String portText = first(vars, "ansible_port", "ansible_ssh_port");
        String key = first(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        Integer port = null;
        if (portText != null) {
            port = port(portText);
            if (port == null) {
                errors.add("bad ansible_port '" + portText + "': not a number 1-65535");
            }
        }
        String jump = null;
        for (String args : new String[] {vars.get("ansible_ssh_common_args"), vars.get("ansible_ssh_extra_args")}) {
            if (args != null) {
                Matcher m = JUMP.matcher(args);
                if (m.find()) {
                    jump = m.group(1);
                }
                if (PROXY_COMMAND.matcher(args).find()) {
                    errors.add("a ProxyCommand in ansible_ssh_common_args/extra_args is not supported by tcpfleet"
                            + " (it would connect directly instead): use -J / ProxyJump, or leave the host out");
                }
            }
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String bo = vars.get("tcpfleet_byte_order");
        if (bo != null) {
            switch (bo.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "big", "big-endian", "big_endian" -> order = ByteOrder.BIG_ENDIAN;
                case "little", "little-endian", "little_endian" -> order = ByteOrder.LITTLE_ENDIAN;
                default -> errors.add("bad tcpfleet_byte_order '" + bo + "': use big or little");
            }
        }
        if (host != null && host.isBlank()) {
            errors.add("empty ansible_host");
        }
        return new HostVars(blankToNull(host), blankToNull(user), port, blankToNull(key), jump, order);
    }

    static Integer port(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            return p >= 1 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String first(Map<String, String> vars, String a, String b) {
        String v = vars.get(a);
        return v != null ? v : vars.get(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
