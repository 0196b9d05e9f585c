package io.tcpfleet.dist;

import io.tcpfleet.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the dist module: writes the man pages (AsciiDoc, one per command, which Asciidoctor
 * turns into troff) and the shell completion script from the picocli model of the tcpfleet command
 * itself, so neither can drift from the options the program accepts.
 */
public final class DistDocs {

    /** A full stop before a capital, not the one of "e.g." or "i.e.". */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!e\\.g|i\\.e)\\.\\s+(?=[A-Z])");

    private DistDocs() {
    }

    /** {@code DistDocs OUTDIR}: writes OUTDIR/adoc/*.adoc and OUTDIR/completion/tcpfleet (bash and zsh). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistDocs OUTDIR");
        }
        Path out = Path.of(args[0]);
        CommandLine tcpfleet = Main.commandLine();
        nameLines(tcpfleet.getCommandSpec());
        int exit = ManPageGenerator.generateManPage(out.resolve("adoc").toFile(), null, new boolean[0], true,
                tcpfleet.getCommandSpec());
        if (exit != 0) {
            throw new IOException("man page generation failed with exit code " + exit);
        }
        Path completion = out.resolve("completion").resolve("tcpfleet");
        Files.createDirectories(completion.getParent());
        // sourced by bash or zsh, never run: no #! line (Debian's bash-completion policy)
        String script = AutoComplete.bash("tcpfleet", tcpfleet);
        Files.writeString(completion, script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script,
                StandardCharsets.UTF_8);
    }

    /**
     * A man page's NAME line (and whatis entry) is the command's header, else only the first line of
     * its description, which breaks mid-sentence: give each command its description's first sentence.
     */
    static void nameLines(CommandSpec spec) {
        if (spec.usageMessage().header().length == 0 && spec.usageMessage().description().length > 0) {
            String text = String.join(" ", spec.usageMessage().description());
            Matcher end = SENTENCE_END.matcher(text);
            spec.usageMessage().header(end.find() ? text.substring(0, end.start() + 1) : text);
        }
        spec.subcommands().values().forEach(sub -> nameLines(sub.getCommandSpec()));
    }
}
