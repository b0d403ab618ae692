package dev.trainplan.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trainplan} command: plans deep-learning training runs before they are launched. */
@Command(name = "trainplan",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Plans deep-learning training runs before you launch them: exact step counts as your framework",
            "counts them, per-GPU memory, step time, whole-run time and cost, and the best configuration.",
            "",
            "Start with:  trainplan steps --samples 1000 --per-device-train-batch-size 5 --gradient-accumulation-steps 2 --explain"},
        subcommands = {EstimateCommand.class, PlanCommand.class, StepsCommand.class, MemoryCommand.class, ModelsCommand.class, GpusCommand.class, ValidateCommand.class, CalibrateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for input the user must correct (picocli uses 2 for usage errors too). */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (0 ok, 2 bad input, 1 internal error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setAbbreviatedOptionsAllowed(false);
        cli.setUsageHelpLongOptionsMaxWidth(40);
        cli.setParameterExceptionHandler(Main::badUsage);
        cli.setExecutionExceptionHandler(Main::failed);
        HelpText.reflow(cli);
        return cli;
    }

    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("trainplan: " + e.getMessage());
        err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
        return EXIT_BAD_INPUT;
    }

    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof UserInputException) {
            err.println("trainplan: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        err.println("trainplan: internal error, please report it: " + e);
        e.printStackTrace(err);
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"trainplan " + (v == null ? "development build" : v)};
        }
    }
}
