package io.tcpfleet.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.tcpfleet.inventory.Inventory;
import io.tcpfleet.inventory.InventoryHost;
import io.tcpfleet.inventory.InventoryProblem;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Inspect inventories without connecting anywhere.",
        subcommands = InventoryCommand.Check.class)
final class InventoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("missing subcommand: try 'tcpfleet inventory check -i FILE'");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate inventories and list the hosts as tcpfleet resolves them",
                    "(after group_vars/host_vars, ssh_config and --group/--limit), each value with where it came from.",
                    "Errors name file and line."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the inventory is valid", "2:it has errors (listed on stderr) or bad options"})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "HOST", arity = "0..*", description = "Extra hosts, as poll takes them.")
        List<String> hosts = List.of();

        @Mixin
        InventoryOptions selection;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            if (!selection.hasInventory(hosts)) {
                throw new UsageException("nothing to check: give -i INVENTORY or hosts");
            }
            if (!format.equals("table") && !format.equals("json")) {
                throw new UsageException("--format must be table or json");
            }
            PrintWriter err = spec.commandLine().getErr();
            boolean skip = selection.skipBad;
            selection.skipBad = true; // list what is valid even when something is not
            Inventory inv = selection.inventory(hosts, err);
            selection.skipBad = skip;
            Set<String> selected = new HashSet<>();
            selection.select(inv).forEach(h -> selected.add(h.name()));
            List<InventoryHost> rows = new ArrayList<>();
            inv.hosts().stream().filter(h -> selected.contains(h.host().name())).forEach(rows::add);
            if (format.equals("json")) {
                json(rows, inv.problems(), System.out);
            } else {
                table(rows, System.out);
            }
            if (inv.hasProblems()) {
                err.println("tcpfleet: " + inv.problems().size() + " inventory error(s)");
                err.flush();
                return ExitCode.USAGE;
            }
            return ExitCode.OK;
        }

        /** One row per host, then where each of its values came from; every cell escaped for the terminal. */
        private static void table(List<InventoryHost> rows, PrintStream out) {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"NAME", "TARGET", "JUMP", "KEY", "GROUPS", "DEFINED AT"});
            for (InventoryHost h : rows) {
                Host x = h.host();
                String target = x.isLocal() ? "this machine (/proc)"
                        : x.target() + (x.byteOrder() == ByteOrder.BIG_ENDIAN ? " (big-endian)" : "");
                cells.add(new String[] {x.name(), target, dash(x.proxyJump()), dash(x.identityFile()),
                        String.join(",", h.groups()), h.origin()});
            }
            int[] w = new int[cells.get(0).length];
            for (String[] r : cells) {
                for (int i = 0; i < r.length; i++) {
                    r[i] = TerminalText.escape(r[i]);
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            for (int row = 0; row < cells.size(); row++) {
                String[] r = cells.get(row);
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    b.append(i == r.length - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
                }
                out.println(b.toString().stripTrailing());
                if (row > 0) {
                    rows.get(row - 1).origins().forEach((field, from) ->
                            out.println(String.format("    %-13s from %s", field, TerminalText.escape(from))));
                }
            }
            out.println(rows.size() + " host(s)");
        }

        private static String dash(String s) {
            return s == null ? "-" : s;
        }

        private static void json(List<InventoryHost> rows, List<InventoryProblem> problems, PrintStream out) {
            // Non-ASCII escaped too: no bidi override reaches the terminal even from an error message.
            JsonFactory json = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
            try (JsonGenerator g = json.createGenerator(out).useDefaultPrettyPrinter()) {
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                g.writeStartObject();
                g.writeArrayFieldStart("hosts");
                for (InventoryHost h : rows) {
                    Host x = h.host();
                    g.writeStartObject();
                    g.writeStringField("name", x.name());
                    g.writeStringField("address", x.address());
                    g.writeNumberField("port", x.port());
                    g.writeStringField("user", x.user());
                    g.writeStringField("proxy_jump", x.proxyJump());
                    g.writeStringField("identity_file", x.identityFile());
                    g.writeStringField("byte_order", x.byteOrder() == ByteOrder.BIG_ENDIAN ? "big" : "little");
                    g.writeArrayFieldStart("groups");
                    for (String grp : h.groups()) {
                        g.writeString(grp);
                    }
                    g.writeEndArray();
                    g.writeStringField("defined_at", h.origin());
                    g.writeBooleanField("local", x.isLocal());
                    g.writeObjectFieldStart("origins");
                    for (var o : h.origins().entrySet()) {
                        g.writeStringField(o.getKey(), o.getValue());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("errors");
                for (InventoryProblem p : problems) {
                    g.writeString(p.toString());
                }
                g.writeEndArray();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
            out.flush();
        }
    }
}
