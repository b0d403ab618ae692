package dev.trainplan.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Makes every command's description flow as paragraphs. Picocli prints each element of a description as a
 * line of its own and wraps it at the terminal's width, so text written as several source lines came out
 * ragged (a full line, then a few words) on any terminal narrower than the source; joined into one element
 * per paragraph, it wraps evenly at whatever width the terminal has.
 */
final class HelpText {
    private HelpText() {
    }

    /** Reflows the description of {@code cli}'s command and of all its subcommands. */
    static void reflow(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
        for (CommandLine sub : cli.getSubcommands().values()) {
            reflow(sub);
        }
    }

    /**
     * Joins each run of prose lines into one element. A paragraph ends at an empty line, before an indented line
     * (an example or a list kept as written) and after a line ending in a colon (a heading).
     */
    static String[] paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        boolean open = false;
        for (String line : lines) {
            boolean prose = !line.isBlank() && !Character.isWhitespace(line.charAt(0));
            if (prose && open) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
            } else {
                out.add(line);
            }
            open = prose && !line.stripTrailing().endsWith(":");
        }
        return out.toArray(String[]::new);
    }
}
