package dev.trainplan.cli;

import static dev.trainplan.cli.Units.GIB;
import static dev.trainplan.cli.Units.GIGA;
import static dev.trainplan.cli.Units.GIGABIT_BYTES;
import static dev.trainplan.cli.Units.TERA;
import static dev.trainplan.cli.Units.orBlank;
import static dev.trainplan.cli.Units.plain;

import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.hardware.Fabric;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.formats.HardwareCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code trainplan gpus [ID]}: the accelerator catalog, or one accelerator with its source. */
@Command(name = "gpus", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Lists the built-in accelerators with their dense peaks, memory, links and power, or shows one with its source.",
            "Figures are per device; bandwidths are decimal and one direction; blank = not supported or not published.",
            "JSON uses bytes, bytes/s, FLOP/s, watts and seconds, and null where a figure is missing."})
final class GpusCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "ID", description = "An accelerator id or name, e.g. h100-sxm.")
    String id;

    @Option(names = "--fabrics", description = "List the scale-out fabrics that --fabric accepts instead.")
    boolean fabrics;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HardwareCatalog catalog = HardwareCatalog.builtIn();
        if (fabrics && id != null) {
            throw new UserInputException("--fabrics lists every fabric and takes no ID, but got '" + id + "'; drop one of them.");
        }
        if (fabrics) {
            printFabrics(out, catalog, json);
        } else if (id != null) {
            Accelerator a = catalog.accelerator("gpu", id);
            if (json) {
                Json.print(out, toJson(a));
            } else {
                printOne(out, a);
            }
        } else if (json) {
            ArrayNode array = Json.mapper().createArrayNode();
            catalog.accelerators().forEach(a -> array.add(toJson(a)));
            Json.print(out, array);
        } else {
            printAll(out, catalog);
        }
        return 0;
    }

    private static void printAll(PrintWriter out, HardwareCatalog catalog) {
        Table table = Table.of("id", "name", "BF16 TFLOP/s", "FP8 TFLOP/s", "memory GiB", "HBM TB/s", "scale-up GB/s", "domain", "NIC Gb/s",
                "TDP W", "confidence");
        for (Accelerator a : catalog.accelerators()) {
            table.row(a.id(), a.name(), orBlank(a.peakFlopsPerSecond(Precision.BF16), TERA), orBlank(a.peakFlopsPerSecond(Precision.FP8), TERA),
                    plain(a.memoryBytes() / GIB), plain(a.hbmBandwidthBytesPerSecond() / TERA), orBlank(a.scaleUp().bytesPerSecond(), GIGA),
                    a.scaleUp().domainSize(), orBlank(a.scaleOutBytesPerSecond(), GIGABIT_BYTES), orBlank(a.tdpWatts(), 1), a.confidence().id());
        }
        table.print(out);
        out.println("Dense peaks, per device; bandwidths one direction. 'trainplan gpus ID' shows one with its source.");
        out.flush();
    }

    private static void printOne(PrintWriter out, Accelerator a) {
        StringBuilder peaks = new StringBuilder();
        for (Precision p : Precision.values()) {
            if (a.supports(p)) {
                peaks.append(peaks.isEmpty() ? "" : ", ").append(p.id()).append(' ').append(plain(a.peakFlopsPerSecond(p) / TERA));
            }
        }
        line(out, "accelerator", a.name() + " (" + a.id() + "), " + a.vendor());
        line(out, "dense TFLOP/s", peaks + "; fp32 vector " + known(a.fp32VectorPeakFlopsPerSecond(), TERA, "")
                + " (fp32 runs on TF32 tensor cores where the chip has them)");
        line(out, "memory", plain(a.memoryBytes() / GIB) + " GiB, " + plain(a.usableMemoryBytes() / GIB) + " GiB usable, "
                + plain(a.hbmBandwidthBytesPerSecond() / TERA) + " TB/s");
        line(out, "scale-up", a.scaleUp().name() + ": " + known(a.scaleUp().bytesPerSecond(), GIGA, " GB/s") + " per device, "
                + known(a.scaleUp().peerBytesPerSecond(), GIGA, " GB/s") + " per peer, " + a.scaleUp().domainSize() + " devices per domain");
        line(out, "node", a.devicesPerNode() + " devices typical, NIC " + known(a.scaleOutBytesPerSecond(), GIGABIT_BYTES, " Gb/s")
                + " per device, host link " + known(a.hostLinkBytesPerSecond(), GIGA, " GB/s"));
        line(out, "power", known(a.tdpWatts(), 1, " W"));
        line(out, "compute units", a.computeUnits() > 0 ? a.computeUnits() + " (the GEMM model's waves of output tiles)" : "not used (no waves modelled)");
        line(out, "confidence", a.confidence().id());
        line(out, "source", a.source());
        if (!a.notes().isEmpty()) {
            line(out, "notes", a.notes());
        }
        out.flush();
    }

    private static String known(double value, double unit, String unitLabel) {
        return value > 0 ? plain(value / unit) + unitLabel : "not published";
    }

    private static void line(PrintWriter out, String label, String text) {
        out.printf("%-14s %s%n", label, text);
    }

    /** The record's own figures in its own units; null where the catalog has none. */
    private static ObjectNode toJson(Accelerator a) {
        ObjectNode node = Json.object();
        node.put("id", a.id());
        node.put("name", a.name());
        node.put("vendor", a.vendor());
        ObjectNode peaks = node.putObject("peakFlopsPerSecond");
        for (Precision p : Precision.values()) {
            putKnown(peaks, p.id(), a.peakFlopsPerSecond(p));
        }
        putKnown(node, "fp32VectorPeakFlopsPerSecond", a.fp32VectorPeakFlopsPerSecond());
        node.put("memoryBytes", a.memoryBytes());
        node.put("usableMemoryBytes", a.usableMemoryBytes());
        node.put("hbmBandwidthBytesPerSecond", a.hbmBandwidthBytesPerSecond());
        node.put("scaleUpLink", a.scaleUp().name());
        putKnown(node, "scaleUpBytesPerSecond", a.scaleUp().bytesPerSecond());
        putKnown(node, "scaleUpPeerBytesPerSecond", a.scaleUp().peerBytesPerSecond());
        node.put("scaleUpDomainSize", a.scaleUp().domainSize());
        node.put("devicesPerNode", a.devicesPerNode());
        putKnown(node, "scaleOutBytesPerSecond", a.scaleOutBytesPerSecond());
        putKnown(node, "hostLinkBytesPerSecond", a.hostLinkBytesPerSecond());
        putKnown(node, "tdpWatts", a.tdpWatts());
        putKnown(node, "computeUnits", a.computeUnits());
        node.put("confidence", a.confidence().id());
        node.put("source", a.source());
        node.put("notes", a.notes());
        return node;
    }

    private static void putKnown(ObjectNode node, String key, double value) {
        if (value > 0) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    private static void printFabrics(PrintWriter out, HardwareCatalog catalog, boolean json) {
        ArrayNode array = Json.mapper().createArrayNode();
        Table table = Table.of("id", "name", "Gb/s per GPU", "latency µs");
        for (Fabric f : catalog.fabrics()) {
            ObjectNode node = array.addObject();
            node.put("id", f.id());
            node.put("name", f.name());
            node.put("bandwidthBytesPerSecond", f.bandwidthBytesPerSecond());
            node.put("latencySeconds", f.latencySeconds());
            node.put("source", f.source());
            table.row(f.id(), f.name(), plain(f.bandwidthBytesPerSecond() / GIGABIT_BYTES), plain(f.latencySeconds() * 1e6));
        }
        if (json) {
            Json.print(out, array);
            return;
        }
        table.print(out);
        out.println();
        for (Fabric f : catalog.fabrics()) {
            out.println(f.id() + ": " + f.source());
        }
        out.flush();
    }
}
