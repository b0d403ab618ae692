package dev.trainplan.cli;

import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --plot FILE.svg}: with several device counts, time against devices (the fastest configuration of
 * each count, the Pareto front joined by a line); with one, the best configurations as bars of step time.
 * Plain SVG with axes, ticks, labels and a legend, readable in any browser.
 */
final class PlanPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final String FRONT = "#1f6feb";
    private static final String OTHER = "#8c959f";

    private PlanPlot() {
    }

    static String svg(PlanView v, int top) {
        Plan plan = v.plan();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        String subject = v.entry().id() + " on " + v.request().hardware().accelerator().name();
        if (plan.fastestByDevices().size() >= 2) {
            timeAgainstDevices(sb, v, subject);
        } else if (!plan.ranked().isEmpty()) {
            bars(sb, v, plan.ranked().subList(0, Math.min(top, plan.ranked().size())), subject);
        } else {
            text(sb, WIDTH / 2.0, HEIGHT / 2.0, "middle", 16, "Nothing meets the request: no configuration to draw.");
        }
        return sb.append("</svg>\n").toString();
    }

    /** What the time axis shows: training time when the length is known, otherwise step time (one global batch) or time per 1,000 samples. */
    private record Measure(String label, double scale) {
        double of(Candidate c, boolean known, boolean oneBatch) {
            double seconds = known ? c.trainingSeconds() : oneBatch ? c.stepSeconds() : c.secondsPerSample() * 1000;
            return seconds / scale;
        }
    }

    private static void timeAgainstDevices(StringBuilder sb, PlanView v, String subject) {
        Plan plan = v.plan();
        boolean known = v.knownLength();
        boolean oneBatch = v.request().space().globalBatches().size() == 1;
        double longest = plan.fastestByDevices().stream().mapToDouble(c -> known ? c.trainingSeconds() : c.stepSeconds()).max().orElse(1);
        Measure m = known ? (longest > 3 * 86400 ? new Measure("training time (days)", 86400) : new Measure("training time (hours)", 3600))
                : new Measure(oneBatch ? "step time (s)" : "seconds per 1,000 samples", 1);
        double maxX = plan.fastestByDevices().getLast().configuration().devices();
        double maxY = plan.fastestByDevices().stream().mapToDouble(c -> m.of(c, known, oneBatch)).max().orElse(1);
        Axis x = Axis.of(0, maxX * 1.05);
        Axis y = Axis.of(0, maxY * 1.1);
        title(sb, "Fastest configuration per device count: " + subject);
        axes(sb, x, y, "devices", m.label());
        List<Candidate> front = plan.pareto();
        StringBuilder path = new StringBuilder();
        for (Candidate c : front) {
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x.px(c.configuration().devices()),
                    y.py(m.of(c, known, oneBatch))));
        }
        sb.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, FRONT));
        for (Candidate c : plan.fastestByDevices()) {
            boolean onFront = front.contains(c);
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\">"
                    + "<title>%s devices: %s</title></circle>%n", x.px(c.configuration().devices()), y.py(m.of(c, known, oneBatch)),
                    onFront ? FRONT : "white", onFront ? FRONT : OTHER, c.configuration().devices(), escape(c.configuration().label())));
        }
        legend(sb, List.of(new String[] {FRONT, FRONT, "Pareto front (faster with every device added)"},
                new String[] {"white", OTHER, "fastest for its device count, not on the front"}), WIDTH - RIGHT - 330, TOP + 10, false);
    }

    private static void bars(StringBuilder sb, PlanView v, List<Candidate> rows, String subject) {
        double maxX = rows.stream().mapToDouble(Candidate::stepSeconds).max().orElse(1);
        Axis x = Axis.of(0, maxX * 1.05);
        title(sb, "Best configurations on " + Format.count(rows.getFirst().configuration().devices()) + " devices: " + subject);
        double band = (HEIGHT - TOP - BOTTOM) / (double) rows.size();
        axes(sb, x, null, "step time (s)", "");
        for (int i = 0; i < rows.size(); i++) {
            Candidate c = rows.get(i);
            double y0 = TOP + i * band + band * 0.15;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n", LEFT, y0,
                    x.px(c.stepSeconds()) - LEFT, band * 0.7, i == 0 ? FRONT : OTHER));
            double slower = c.stepSeconds() / rows.getFirst().stepSeconds() - 1;
            text(sb, LEFT + 8, y0 + band * 0.35 + 4, "start", 12, (i + 1) + ". " + c.configuration().label() + "  (" + Format.duration(c.stepSeconds())
                    + (i == 0 ? "" : ", +" + Format.percent(slower)) + ")", "white");
        }
        legend(sb, List.of(new String[] {FRONT, FRONT, "the choice"}, new String[] {OTHER, OTHER, "the next best, by step time"}), LEFT + 10, TOP - 14, true);
    }

    private static void title(StringBuilder sb, String title) {
        text(sb, WIDTH / 2.0, 30, "middle", 16, title);
    }

    private static void axes(StringBuilder sb, Axis x, Axis y, String xLabel, String yLabel) {
        int bottom = HEIGHT - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, bottom, WIDTH - RIGHT, bottom));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, bottom));
        for (double t : x.ticks()) {
            double px = x.px(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n", px, bottom, px, bottom + 5));
            text(sb, px, bottom + 20, "middle", 12, x.label(t));
        }
        text(sb, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 25, "middle", 14, xLabel);
        if (y == null) {
            return;
        }
        for (double t : y.ticks()) {
            double py = y.py(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d7de\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            text(sb, LEFT - 8, py + 4, "end", 12, y.label(t));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 20 %.1f)\">%s</text>%n",
                (TOP + bottom) / 2.0, (TOP + bottom) / 2.0, escape(yLabel)));
    }

    /** Entries of {fill, stroke, label}, in a column or, where the plot has no room, in a row. */
    private static void legend(StringBuilder sb, List<String[]> entries, double x, double y, boolean row) {
        for (String[] e : entries) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                    x, y, e[0], e[1]));
            text(sb, x + 12, y + 4, "start", 12, e[2]);
            if (row) {
                x += 24 + 7 * e[2].length();
            } else {
                y += 20;
            }
        }
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, int size, String text) {
        text(sb, x, y, anchor, size, text, "black");
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, int size, String text, String fill) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>%n", x, y, anchor,
                size, fill, escape(text)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A linear axis from {@code min} to {@code max} with ticks at 1, 2 or 5 × a power of ten. */
    record Axis(double min, double max, double step) {
        static Axis of(double min, double max) {
            double span = max > min ? max - min : 1;
            double raw = span / 6;
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
            return new Axis(min, Math.ceil(max / step) * step, step);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
                ticks.add(t);
            }
            return ticks;
        }

        String label(double t) {
            return step >= 1 ? Format.count(Math.round(t)) : Format.fixed(t, (int) Math.ceil(-Math.log10(step)));
        }

        double px(double value) {
            return LEFT + (value - min) / (max - min) * (WIDTH - LEFT - RIGHT);
        }

        double py(double value) {
            return HEIGHT - BOTTOM - (value - min) / (max - min) * (HEIGHT - TOP - BOTTOM);
        }
    }
}
