package dev.trainplan.cli;

import dev.trainplan.engine.plan.Progress;
import java.io.Console;
import java.io.PrintWriter;

/**
 * A one-line progress report on the terminal while a search runs longer than a second: only when the
 * process talks to a terminal, always on standard error, erased when the search ends.
 */
final class ProgressLine implements AutoCloseable {
    private static final long QUIET_MILLIS = 1000;
    private static final long EVERY_MILLIS = 200;
    /** Set by the launcher: whether standard error is a terminal. */
    static final String STDERR_TERMINAL = "trainplan.stderr.terminal";

    private final Thread thread;
    private final PrintWriter err;
    private volatile boolean done;
    private volatile boolean printed;

    private ProgressLine(Progress progress, PrintWriter err, boolean show) {
        this.err = err;
        this.thread = show ? Thread.ofPlatform().daemon().name("trainplan-progress").start(() -> report(progress)) : null;
    }

    static ProgressLine start(Progress progress, PrintWriter err) {
        return new ProgressLine(progress, err, terminal());
    }

    /**
     * Whether standard error is a terminal: the launcher knows ({@code [ -t 2 ]}) and says so in a property;
     * without it, {@code System.console()} (stdin and stdout), asking JDK 22 and later whether it is a terminal.
     */
    private static boolean terminal() {
        String launcher = System.getProperty(STDERR_TERMINAL);
        if (launcher != null) {
            return Boolean.parseBoolean(launcher);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    private void report(Progress progress) {
        long started = System.nanoTime();
        try {
            Thread.sleep(QUIET_MILLIS);
            while (!done) {
                long total = progress.total();
                double seconds = (System.nanoTime() - started) / 1e9;
                String line = String.format(java.util.Locale.ROOT, "\rtrainplan: searching, %s%% of %s configurations done, %s evaluated (%s/s) ",
                        total == 0 ? "0" : Format.fixed(100.0 * progress.done() / total, 0), Format.count(total),
                        Format.count(progress.evaluated()), Format.count((long) (progress.evaluated() / seconds)));
                synchronized (err) {
                    err.print(line);
                    err.flush();
                }
                printed = true;
                Thread.sleep(EVERY_MILLIS);
            }
        } catch (InterruptedException finished) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        done = true;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (printed) {
            synchronized (err) {
                err.print("\r" + " ".repeat(100) + "\r");
                err.flush();
            }
        }
    }
}
