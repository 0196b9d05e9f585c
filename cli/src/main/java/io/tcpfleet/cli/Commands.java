package io.tcpfleet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * tcpfleet's subcommands, added to the command line only when needed: picocli builds the model of
 * every command it is given (reflection over each option of each mixin) before parsing, which was
 * most of a short command's start. A run builds the one command it runs; help, completion and man
 * pages build them all.
 */
final class Commands {

    /** In the order {@code tcpfleet --help} lists them. */
    private static final Map<String, Class<?>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("poll", PollCommand.class);
        ALL.put("collect", CollectCommand.class);
        ALL.put("inventory", InventoryCommand.class);
        ALL.put("diagnose", DiagnoseCommand.class);
        ALL.put("tally", TallyCommand.class);
        ALL.put("report", ReportCommand.class);
        ALL.put("history", HistoryCommand.class);
        ALL.put("get", GetCommand.class);
        ALL.put("generate-completion", AutoComplete.GenerateCompletion.class);
    }

    private Commands() {
    }

    /** Every subcommand. */
    static CommandLine addAll(CommandLine top) {
        ALL.forEach(top::addSubcommand);
        return top;
    }

    /**
     * The subcommands the arguments need: the one named first; none for a bare version request;
     * all otherwise (top-level help, a usage error's suggestions, and completion, which describes
     * the whole tree).
     */
    static CommandLine addNeeded(CommandLine top, String... args) {
        if (args.length > 0 && ALL.containsKey(args[0]) && !"generate-completion".equals(args[0])) {
            return top.addSubcommand(args[0], ALL.get(args[0]));
        }
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            return top;
        }
        return addAll(top);
    }

    static Iterable<String> names() {
        return ALL.keySet();
    }
}
