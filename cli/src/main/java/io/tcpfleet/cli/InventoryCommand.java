package io.tcpfleet.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.tcpfleet.inventory.Inventory;
import io.tcpfleet.inventory.InventoryHost;
import io.tcpfleet.inventory.InventoryProblem;
import io.tcpfleet.cli.output.OutputFormat;
import io.tcpfleet.cli.output.Rows;
import io.tcpfleet.cli.output.RowsPrinter;
import io.tcpfleet.model.ByteOrderName;
import io.tcpfleet.model.Host;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

        @Mixin
        FormatOption format;

        @Mixin
        Streams streams;

        @Override
        public Integer call() {
            if (!selection.hasInventory(hosts)) {
                throw new UsageException("nothing to check: give -i INVENTORY or hosts");
            }
            PrintWriter err = streams.err();
            boolean skip = selection.skipBad;
            selection.skipBad = true; // list what is valid even when something is not
            Inventory inv = selection.inventory(hosts, err);
            selection.skipBad = skip;
            Set<String> selected = new HashSet<>();
            selection.select(inv).forEach(h -> selected.add(h.name()));
            List<InventoryHost> rows = new ArrayList<>();
            inv.hosts().stream().filter(h -> selected.contains(h.host().name())).forEach(rows::add);
            if (format.format == OutputFormat.JSON) {
                json(rows, inv.problems(), streams.out());
            } else {
                RowsPrinter.print(format.format, rows(rows), streams.out());
                if (format.format == OutputFormat.TABLE) {
                    streams.out().println(rows.size() + " host(s)");
                    if (!rows.isEmpty()) {
                        streams.out().println();
                        RowsPrinter.print(OutputFormat.TABLE, origins(rows), streams.out());
                    }
                    streams.out().flush();
                }
            }
            if (inv.hasProblems()) {
                err.println("tcpfleet: " + inv.problems().size() + " inventory error(s)");
                err.flush();
                return ExitCode.USAGE;
            }
            return ExitCode.OK;
        }

        /** One row per host; the CSV keys are the JSON field names. */
        private static Rows rows(List<InventoryHost> hosts) {
            Rows.Builder b = Rows.with(Rows.Column.text("name", "NAME"), Rows.Column.text("target", "TARGET"),
                    Rows.Column.text("byte_order", "ORDER"), Rows.Column.text("proxy_jump", "JUMP"),
                    Rows.Column.text("identity_file", "KEY"), Rows.Column.text("groups", "GROUPS"),
                    Rows.Column.text("defined_at", "DEFINED AT"));
            for (InventoryHost h : hosts) {
                Host x = h.host();
                b.add(x.name(), x.isLocal() ? "this machine (/proc)" : x.target(), ByteOrderName.of(x.byteOrder()),
                        x.proxyJump(), x.identityFile(), String.join(",", h.groups()), h.origin());
            }
            return b.build();
        }

        /** Where each host's values came from: the file and line, or ssh_config, or a default. */
        private static Rows origins(List<InventoryHost> hosts) {
            Rows.Builder b = Rows.with(Rows.Column.text("name", "NAME"), Rows.Column.text("value", "VALUE"),
                    Rows.Column.text("from", "FROM"));
            for (InventoryHost h : hosts) {
                h.origins().forEach((value, from) -> b.add(h.host().name(), value, from));
            }
            return b.build();
        }

        private static void json(List<InventoryHost> rows, List<InventoryProblem> problems, PrintWriter out) {
            // Non-ASCII escaped too: no bidi override reaches a terminal, even from an error message.
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
                    g.writeStringField("byte_order", ByteOrderName.of(x.byteOrder()));
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
