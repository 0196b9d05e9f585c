package io.tcpfleet.inventory;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ansible variables tcpfleet reads from a host's merged vars; every other variable is ignored.
 * As Ansible's ssh connection resolves them, {@code ansible_ssh_host}, {@code ansible_ssh_user} and
 * {@code ansible_ssh_port} win over {@code ansible_host}, {@code ansible_user} and
 * {@code ansible_port} wherever either is set. An unusable value is a problem at the line it is
 * written on, never a guess.
 *
 * @param host         the var that gives the name handed to ssh, or null
 * @param user         the var that gives the user, or null
 * @param port         the var that gives the port, or null (its value is a valid port)
 * @param identityFile ansible_ssh_private_key_file, or null
 * @param proxyJump    the jump host from {@code -J x} / {@code -o ProxyJump=x} in the ssh args, or null
 * @param byteOrder    tcpfleet_byte_order, little-endian unless set
 * @param local        {@code ansible_connection=local} when it says so, else null
 */
record HostVars(Named host, Named user, Named port, Named identityFile, Named proxyJump, ByteOrder byteOrder, Named local) {

    /** A variable's name and value. */
    record Named(String name, Var var) {
        String value() {
            return var.value();
        }

        /** "file:line (name)", for inventory check. */
        String origin() {
            return var.where() + " (" + name + ")";
        }
    }

    // The only parts of ansible_ssh_*_args tcpfleet acts on: a jump host, and a ProxyCommand it must refuse.
    private static final Pattern JUMP = Pattern.compile("(?:-J\\s*|(?i:ProxyJump)\\s*[=\\s]\\s*)([^\\s'\"]+)");
    private static final Pattern PROXY_COMMAND = Pattern.compile("(?i)ProxyCommand\\s*[=\\s]\\s*['\"]?(?!none\\b)\\S");

    /** Reads the vars; on any unusable value adds problems and returns null. */
    static HostVars of(Map<String, Var> vars, List<InventoryProblem> problems) {
        int before = problems.size();
        Named host = pick(vars, "ansible_host", "ansible_ssh_host");
        Named user = pick(vars, "ansible_user", "ansible_ssh_user");
        Named port = pick(vars, "ansible_port", "ansible_ssh_port");
        Named key = pick(vars, "ansible_private_key_file", "ansible_ssh_private_key_file");
        Named connection = pick(vars, "ansible_connection", null);
        if (!plain(host, problems)) {
            host = null;
        }
        if (!plain(user, problems)) {
            user = null;
        }
        if (!plain(port, problems)) {
            port = null;
        }
        if (!plain(key, problems)) {
            key = null;
        }
        if (!plain(connection, problems)) {
            connection = null;
        }
        if (host != null) {
            check(host, host.value().isBlank() ? "empty" : ValueChecks.address(host.value()), problems);
        }
        if (user != null && user.value().isEmpty()) {
            user = null; // Ansible passes no user then: ssh's own choice
        }
        if (user != null) {
            check(user, ValueChecks.user(user.value()), problems);
        }
        if (port != null && port(port.value()) == null) {
            check(port, "not a number 1-65535", problems);
        }
        Named local = null;
        if (connection != null) {
            switch (connection.value().strip().toLowerCase(Locale.ROOT).replace("ansible.builtin.", "")) {
                case "local" -> local = connection;
                case "ssh", "smart", "paramiko", "paramiko_ssh" -> { }
                default -> check(connection, "tcpfleet polls over ssh, or this machine itself with 'local'", problems);
            }
        }
        Named jump = null;
        for (String name : new String[] {"ansible_ssh_common_args", "ansible_ssh_extra_args"}) {
            Var args = vars.get(name);
            if (args != null && args.value() != null) {
                Matcher m = JUMP.matcher(args.value());
                if (m.find()) {
                    jump = new Named(name, new Var(m.group(1), args.file(), args.line())); // extra args come later, so win
                }
                if (PROXY_COMMAND.matcher(args.value()).find()) {
                    check(new Named(name, args), "a ProxyCommand is not supported by tcpfleet (it would connect directly"
                            + " instead): use -J / ProxyJump, or leave the host out", problems);
                }
            }
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        Var bo = vars.get("tcpfleet_byte_order");
        if (bo != null && bo.value() != null) {
            switch (bo.value().strip().toLowerCase(Locale.ROOT)) {
                case "big", "big-endian", "big_endian" -> order = ByteOrder.BIG_ENDIAN;
                case "little", "little-endian", "little_endian" -> order = ByteOrder.LITTLE_ENDIAN;
                default -> check(new Named("tcpfleet_byte_order", bo), "use big or little", problems);
            }
        }
        return problems.size() > before ? null : new HostVars(host, user, port, key, jump, order, local);
    }

    /** A TCP port 1-65535, or null. */
    static Integer port(String text) {
        try {
            int p = Integer.parseInt(text.strip());
            return p >= 1 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** As Ansible's config resolution: the later name of the pair wins when both have a (non-null) value. */
    private static Named pick(Map<String, Var> vars, String name, String laterName) {
        Var later = laterName == null ? null : vars.get(laterName);
        if (later != null && later.value() != null) {
            return new Named(laterName, later);
        }
        Var v = vars.get(name);
        return v != null && v.value() != null ? new Named(name, v) : null;
    }

    /** False, after a problem, for a value tcpfleet cannot take as written: a Jinja template, a vault-encrypted string. */
    private static boolean plain(Named n, List<InventoryProblem> problems) {
        if (n == null) {
            return true;
        }
        String v = n.value();
        if (v.contains("{{") || v.contains("{%")) {
            check(n, "a Jinja template; tcpfleet does not evaluate templates: write the value itself", problems);
            return false;
        }
        if (v.startsWith("$ANSIBLE_VAULT;")) {
            check(n, "encrypted with ansible-vault, and tcpfleet never decrypts", problems);
            return false;
        }
        return true;
    }

    private static void check(Named n, String problem, List<InventoryProblem> problems) {
        if (problem != null) {
            problems.add(new InventoryProblem(n.var().file(), n.var().line(), "bad " + n.name() + " "
                    + ValueChecks.quote(n.value()) + ": " + problem));
        }
    }
}
