package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class HelpTextTest {
    @Test
    void paragraphs_joinProseAndKeepBlankIndentedAndHeadingLines() {
        String[] lines = {"Fits the step model's", "coefficients to runs.", "", "Examples:", "  trainplan calibrate x.csv",
            "  --write y.yaml", "Then read", "the result."};
        assertThat(HelpText.paragraphs(lines)).containsExactly("Fits the step model's coefficients to runs.", "", "Examples:",
                "  trainplan calibrate x.csv", "  --write y.yaml", "Then read the result.");
    }

    /** Picocli formats a command's description and footer with String.format: a lone % printed a warning and the unwrapped text. */
    @Test
    void everyCommandsHelpText_isAValidFormatString() {
        for (CommandSpec spec : specs(Main.commandLine(), new ArrayList<>())) {
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            for (String text : texts) {
                assertThatCode(() -> String.format(text)).as(spec.qualifiedName() + ": " + text).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void calibrateHelp_saysItsLossScaleInOneFlowingParagraph() {
        String help = CliRun.of("calibrate", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("(quadratic within 30 %, linear beyond, so that runs the physics cannot explain pull less)");
    }

    private static List<CommandSpec> specs(CommandLine cli, List<CommandSpec> all) {
        all.add(cli.getCommandSpec());
        cli.getSubcommands().values().forEach(sub -> specs(sub, all));
        return all;
    }
}
