package io.tcpfleet.dist;

import io.tcpfleet.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the dist module: writes the man pages (AsciiDoc, one per command, which Asciidoctor
 * turns into troff) and the shell completion script from the picocli model of the tcpfleet command
 * itself, so neither can drift from the options the program accepts.
 */
public final class DistDocs {

    private DistDocs() {
    }

    /** {@code DistDocs OUTDIR}: writes OUTDIR/adoc/*.adoc and OUTDIR/completion/tcpfleet (bash and zsh). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistDocs OUTDIR");
        }
        Path out = Path.of(args[0]);
        CommandLine tcpfleet = Main.commandLine();
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
}
